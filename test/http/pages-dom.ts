// Parses the service's HTML pages into a small element tree (fast-xml-parser, told HTML's void
// elements), so page tests query structure — ids, attributes, text — instead of matching strings.
// It also refuses markup that is not well-formed, which catches an unescaped `<` or quote.

import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface El {
  tag: string;
  attrs: Record<string, string | true>;
  children: (El | string)[];
  parent: El | null;
}

const VOID_ELEMENTS = ['meta', 'link', 'img', 'input', 'source', 'br', 'hr'];
const OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  unpairedTags: VOID_ELEMENTS,
  processEntities: true,
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
} as const;

/** A whole page (must start with `<!doctype html>`) or a fragment such as an HTML snippet. */
export function parseHtml(text: string): El {
  const body = text.replace(/^<!doctype html>\s*/i, '');
  const valid = XMLValidator.validate(`<root>${body}</root>`, { allowBooleanAttributes: true, unpairedTags: VOID_ELEMENTS });
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  const ordered = new XMLParser(OPTIONS).parse(`<root>${body}</root>`) as unknown[];
  return toElement(ordered[0] as Record<string, unknown>, null);
}

function toElement(raw: Record<string, unknown>, parent: El | null): El {
  const tag = Object.keys(raw).find((key) => key !== ':@')!;
  const attrs: Record<string, string | true> = {};
  for (const [name, value] of Object.entries((raw[':@'] ?? {}) as Record<string, unknown>)) {
    attrs[name.toLowerCase()] = value === true ? true : String(value);
  }
  const el: El = { tag: tag.toLowerCase(), attrs, children: [], parent };
  for (const child of raw[tag] as Record<string, unknown>[]) {
    if ('#text' in child) el.children.push(String(child['#text']));
    else el.children.push(toElement(child, el));
  }
  return el;
}

export function descendants(root: El): El[] {
  return root.children.flatMap((c) => (typeof c === 'string' ? [] : [c, ...descendants(c)]));
}

/** Elements matching a tag (or '*') and, optionally, a class and attribute values. */
export function query(root: El, tag: string, where: { class?: string; attrs?: Record<string, string | true> } = {}): El[] {
  return descendants(root).filter(
    (el) =>
      (tag === '*' || el.tag === tag) &&
      (where.class === undefined || classesOf(el).includes(where.class)) &&
      Object.entries(where.attrs ?? {}).every(([k, v]) => el.attrs[k] === v),
  );
}

export function byId(root: El, id: string): El {
  const found = descendants(root).filter((el) => el.attrs.id === id);
  if (found.length !== 1) throw new Error(`expected one #${id}, found ${found.length}`);
  return found[0]!;
}

export function classesOf(el: El): string[] {
  return typeof el.attrs.class === 'string' ? el.attrs.class.split(/\s+/) : [];
}

/** Text content with whitespace collapsed, as a reader (or screen reader) gets it. */
export function textOf(el: El): string {
  const raw = (node: El | string): string => (typeof node === 'string' ? node : node.children.map(raw).join(''));
  return raw(el).replace(/\s+/g, ' ').trim();
}

export function attr(el: El, name: string): string {
  const value = el.attrs[name];
  if (typeof value !== 'string') throw new Error(`<${el.tag}> has no ${name} value`);
  return value;
}
