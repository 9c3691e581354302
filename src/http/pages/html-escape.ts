// The one way pages turn values into HTML: the `html` tag escapes every interpolated value
// unless it is already SafeHtml (built by this tag). Nothing else in src/http/pages writes markup
// from data, so a name holding `<`, quotes or `&` is text wherever it lands, in text or attribute.

import { escapeMarkup } from '../../domain/markup.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];


/**
 * `false`, `null` and `undefined` render nothing, so `${cond && html`…`}` reads naturally. Parts are
 * joined with `+`, never `join`: V8 keeps a concatenation as a rope and copies it once, when the page
 * is written, where each `join` of a nested list would copy what it holds again.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  // A number's text is digits, sign, point and exponent: nothing to escape.
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value) out += render(item);
    return out;
  }
  if (value === null || value === undefined || value === false) return '';
  // Safe in text and in quoted attribute values (templates always quote attributes).
  return escapeMarkup(String(value));
}
