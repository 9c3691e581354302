// Parses an SVG with a real XML parser, so tests assert structure rather than substrings.

import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface SvgRoot {
  attributes: Record<string, string>;
  title: string;
  width: number;
  height: number;
}

export function parseSvg(svg: string): SvgRoot {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`SVG is not well-formed XML: ${JSON.stringify(valid.err)}`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false }).parse(svg) as {
    svg: Record<string, unknown> & { title: unknown };
  };
  const root = doc.svg;
  const attributes = Object.fromEntries(Object.entries(root).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return {
    attributes,
    title: String(root.title),
    width: Number(attributes.width),
    height: Number(attributes.height),
  };
}

/** The SVG text of a supertest answer: superagent leaves image/svg+xml as a Buffer body. */
export function svgText(res: { text?: string; body?: unknown }): string {
  return res.text ?? (res.body as Buffer).toString('utf8');
}

/** The accessible title of a supertest answer's SVG. */
export function titleOf(res: { text?: string; body?: unknown }): string {
  return parseSvg(svgText(res)).title;
}
