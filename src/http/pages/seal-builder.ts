// The builder's vendor seal panel (GET /?seal={id}): a seal's two snippets — the plain <a><img>, and
// the self-hosted script for pages that send no Referer — with its standing; a plain GET form, no script needed.

import type { Seal, SealStanding } from '../../domain/seal.js';
import { sealLinks } from '../../services/seal-links.js';
import { renderCopySnippet } from './copy-snippet.js';
import { html, type SafeHtml } from './html-escape.js';
import { formatDate } from './page-text.js';

export const SEAL_FIELD = 'seal';

/** Nothing asked; a seal found with its standing; or an id no seal has. */
export type SealPanel = { kind: 'none' } | { kind: 'found'; seal: Seal; standing: SealStanding; baseUrl: string } | { kind: 'unknown'; id: string };

/** `?seal=` as the panel reads it (null when absent), cut to what the field takes. */
export function readSealParam(value: unknown): { id: string } | null {
  return typeof value !== 'string' || value === '' ? null : { id: value.slice(0, 64) };
}

const STANDING_TEXT: Readonly<Record<SealStanding, (seal: Seal) => string>> = {
  active: (seal) => `Active: it shows ${seal.name}'s grade on ${seal.origins.join(', ')}, and grey anywhere else.`,
  expired: (seal) => `Expired on ${formatDate(seal.expiresAt!)}: it shows grey everywhere.`,
  revoked: (seal) => `Revoked on ${formatDate(seal.revokedAt!)}: it shows grey everywhere.`,
  below_threshold: (seal) => `${seal.name} is below the trust threshold: the seal shows grey everywhere until it meets it again.`,
  entity_missing: (seal) => `${seal.registry}/${seal.name} is no longer in the catalogue: the seal shows grey everywhere.`,
};

export function renderSealPanel(panel: SealPanel): SafeHtml {
  const id = panel.kind === 'found' ? panel.seal.id : panel.kind === 'unknown' ? panel.id : '';
  return html`<section class="panel" id="seal-builder" aria-labelledby="seal-heading">
  <h2 id="seal-heading">Vendor seal</h2>
  <p class="hint">A seal shows an entity's grade only on the sites it was issued for, with the site's name and today's date, and links to its verify page here.
    Seals are issued by the operator (<code>POST /v1/seals</code>); paste a seal's id to get its snippets.</p>
  <form method="get" action="/#seal-builder" class="seal-form">
    <label for="seal-id">Seal id</label>
    <input id="seal-id" name="${SEAL_FIELD}" value="${id}" maxlength="64" autocomplete="off" spellcheck="false">
    <button type="submit" class="button">Show snippets</button>
  </form>
  ${panel.kind === 'unknown' && html`<p class="problem" role="status">No seal has the id <code>${panel.id}</code>.</p>`}
  ${panel.kind === 'found' && renderSealSnippets(panel)}
</section>`;
}

function renderSealSnippets(panel: Extract<SealPanel, { kind: 'found' }>): SafeHtml {
  const { seal, standing } = panel;
  const links = sealLinks(seal, panel.baseUrl);
  return html`<p role="status"><strong>${seal.vendor}</strong> for <strong>${seal.registry}/${seal.name}</strong>. ${STANDING_TEXT[standing](seal)}
    <a href="${`/verify/${seal.id}`}">Its verify page</a>.</p>
  ${renderCopySnippet({ id: 'seal-html', label: 'HTML: the seal linked to its verify page (the browser\'s Referer names your page)', text: links.snippets.html, minRows: 2, maxRows: 6 })}
  ${renderCopySnippet({ id: 'seal-script', label: 'HTML with a small script, for pages that send no Referer (it asks for a five-minute ticket naming your page\'s origin)', text: links.snippets.script, minRows: 4, maxRows: 14 })}`;
}
