// Where a seal lives on the web: its image and verify URLs, its purge tag, and the two snippets a
// vendor pastes (the builder and the admin answer share them). Builds text only; reads nothing.

import { hash } from 'node:crypto';
import { escapeMarkup } from '../domain/markup.js';
import type { Seal } from '../domain/seal.js';
import { SEAL_DIMENSIONS_PX } from '../render/templates/seal.js';

export interface SealLinks {
  image: { svg: string; png: string };
  verifyUrl: string;
  snippets: { html: string; script: string };
}

/** The verify page's CDN tag: every write to the seal names it. */
export function sealTag(id: string): string {
  return `s-${hash('sha256', `seal\n${id}`, 'hex').slice(0, 24)}`;
}

export function sealLinks(seal: Pick<Seal, 'id' | 'name' | 'vendor'>, baseUrl: string): SealLinks {
  const image = { svg: `${baseUrl}/seal/${seal.id}.svg`, png: `${baseUrl}/seal/${seal.id}.png` };
  const verifyUrl = `${baseUrl}/verify/${seal.id}`;
  const { width, height } = SEAL_DIMENSIONS_PX.large;
  const alt = escapeMarkup(`${seal.name}: trust seal of ${seal.vendor}, verified by trustbadge`);
  const element = `trustbadge-seal-${seal.id}`;
  const html = `<a href="${escapeMarkup(verifyUrl)}"><img src="${escapeMarkup(image.svg)}" alt="${alt}" width="${width}" height="${height}"></a>`;
  // The browser sets the Origin of a cross-origin fetch itself: no page script can claim another.
  // The ticketed URL lasts five minutes; without the script (or on failure) the plain URL stands.
  const script = [
    `<a id="${element}" href="${escapeMarkup(verifyUrl)}"><img alt="${alt}" width="${width}" height="${height}"></a>`,
    '<script>',
    '(function () {',
    `  var img = document.getElementById(${jsString(element)}).querySelector('img');`,
    `  var plain = ${jsString(image.svg)};`,
    `  fetch(${jsString(`${baseUrl}/v1/seals/${seal.id}/ticket`)}, { credentials: 'omit' })`,
    '    .then(function (r) { return r.ok ? r.json() : null; })',
    '    .then(function (t) { img.src = t && t.svg ? t.svg : plain; }, function () { img.src = plain; });',
    '})();',
    '</script>',
  ].join('\n');
  return { image, verifyUrl, snippets: { html, script } };
}

/** A JS string literal that cannot close the script element around it. */
function jsString(text: string): string {
  return JSON.stringify(text).replace(/</g, '\\u003c');
}
