// A snippet to copy, as every builder panel shows it: its label, a read-only text area sized to
// the text, and a Copy button that public/builder.js reveals (without script the text is selectable).

import { html, type SafeHtml } from './html-escape.js';

export function renderCopySnippet(snippet: { id: string; label: string; text: string; minRows: number; maxRows: number; dataSnippet?: string }): SafeHtml {
  const { id, label, text } = snippet;
  const rows = Math.min(snippet.maxRows, Math.max(snippet.minRows, text.split('\n').length, Math.ceil(text.length / 90)));
  return html`<div class="snippet">
  <div class="snippet-head">
    <label for="snippet-${id}">${label}</label>
    <span class="copy-actions"><span id="copied-${id}" class="copy-note" role="status"></span>
      <button type="button" class="button small copy" data-copy="snippet-${id}" data-note="copied-${id}" hidden>Copy<span class="visually-hidden"> ${label}</span></button></span>
  </div>
  <textarea id="snippet-${id}" class="snippet-text"${snippet.dataSnippet === undefined ? null : html` data-snippet="${snippet.dataSnippet}"`} rows="${rows}" readonly spellcheck="false">${text}</textarea>
</div>`;
}
