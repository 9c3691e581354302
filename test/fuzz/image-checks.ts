// What every badge body must be, checked structurally: an SVG that parses as XML and holds only
// elements and attributes Satori legitimately emits (no script, no event handler, no link, no
// external reference), or a PNG that decodes. Must not trust the service's own escaping or parser.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';

/**
 * Every element the badge styles draw (checked against real output of all five styles, both
 * themes, every state), plus the filter primitives Satori may emit for shadows. Never `image`,
 * `feImage`, `use`, `a`, `foreignObject`, `script`, `style` or `text`: each can reach outside the
 * badge or run code, and badges draw text as paths.
 */
export const SVG_ELEMENTS: ReadonlySet<string> = new Set([
  'svg', 'title', 'defs', 'g', 'path', 'rect', 'polygon', 'clipPath', 'mask', 'pattern',
  'linearGradient', 'radialGradient', 'stop', 'filter',
  'feBlend', 'feColorMatrix', 'feComposite', 'feDropShadow', 'feFlood', 'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset',
]);

/** Presentation and geometry only: no `href`, no `style`, no `on*`, nothing in another namespace. */
export const SVG_ATTRIBUTES: ReadonlySet<string> = new Set([
  'xmlns', 'role', 'aria-label', 'width', 'height', 'viewBox', 'id', 'x', 'y', 'rx', 'ry', 'cx', 'cy', 'r', 'fx', 'fy',
  'x1', 'x2', 'y1', 'y2', 'd', 'points', 'transform', 'fill', 'fill-rule', 'fill-opacity', 'clip-path', 'clip-rule', 'mask', 'filter',
  'opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin', 'stroke-dasharray', 'stroke-miterlimit',
  'patternUnits', 'patternContentUnits', 'patternTransform', 'gradientUnits', 'gradientTransform', 'spreadMethod', 'maskUnits',
  'clipPathUnits', 'offset', 'stop-color', 'stop-opacity', 'in', 'in2', 'result', 'stdDeviation', 'dx', 'dy', 'flood-color',
  'flood-opacity', 'operator', 'mode', 'values', 'type', 'radius', 'k1', 'k2', 'k3', 'k4',
]);

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
/** A reference may only point inside the document: url(#id). */
const LOCAL_REFERENCE = /^url\(#[A-Za-z0-9_.-]+\)$/;

type XmlNode = Record<string, unknown>;

/** Throws with the reason when `svg` is not a safe badge; returns its title. */
export function checkSvg(svg: string): { title: string; elements: Set<string> } {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg}`);
  // No DOCTYPE (entities), CDATA, comments or processing instructions: nothing but elements and text.
  if (/<[!?]/.test(svg)) throw new Error('markup declaration, CDATA, comment or processing instruction');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, parseAttributeValue: false, parseTagValue: false, trimValues: false });
  const nodes = parser.parse(svg) as XmlNode[];
  const roots = nodes.filter((node) => !('#text' in node));
  if (roots.length !== 1 || !('svg' in roots[0]!)) throw new Error('the document is not one <svg> root');
  const elements = new Set<string>();
  let title: string | null = null;
  const walk = (list: XmlNode[]): void => {
    for (const node of list) {
      for (const [name, children] of Object.entries(node)) {
        if (name === '#text' || name === ':@') continue;
        if (!SVG_ELEMENTS.has(name)) throw new Error(`element <${name}> is not allowed`);
        elements.add(name);
        checkAttributes(name, (node[':@'] ?? {}) as Record<string, unknown>);
        if (name === 'title') title = textOf(children as XmlNode[]);
        walk(children as XmlNode[]);
      }
    }
  };
  walk(roots);
  const rootAttributes = (roots[0]![':@'] ?? {}) as Record<string, unknown>;
  if (rootAttributes.xmlns !== SVG_NAMESPACE) throw new Error('the root is not in the SVG namespace');
  if (title === null) throw new Error('no <title>');
  return { title, elements };
}

function checkAttributes(element: string, attributes: Record<string, unknown>): void {
  for (const [name, raw] of Object.entries(attributes)) {
    const value = String(raw);
    if (!SVG_ATTRIBUTES.has(name)) throw new Error(`attribute ${name} on <${element}> is not allowed`);
    // aria-label holds the label's text, which may say anything; xmlns is checked on the root.
    if (name !== 'aria-label' && name !== 'xmlns' && /url\(|:/i.test(value) && !LOCAL_REFERENCE.test(value.trim())) {
      throw new Error(`${name}="${value}" refers outside the document`);
    }
  }
}

function textOf(children: XmlNode[]): string {
  return children.map((child) => (typeof child['#text'] === 'string' || typeof child['#text'] === 'number' ? String(child['#text']) : '')).join('');
}

/** Throws unless `body` is a PNG that decodes to a plausible badge size. */
export function checkPng(body: Buffer): { width: number; height: number } {
  const png = PNG.sync.read(body);
  if (!(png.width > 0 && png.width <= 4096 && png.height > 0 && png.height <= 512)) throw new Error(`implausible PNG size ${png.width}×${png.height}`);
  return { width: png.width, height: png.height };
}

/** Checks an image answer by its Content-Type; returns the SVG title when there is one. */
export function checkImage(contentType: string | undefined, body: Buffer): string | null {
  if (contentType === 'image/svg+xml; charset=utf-8') return checkSvg(body.toString('utf8')).title;
  if (contentType === 'image/png') {
    checkPng(body);
    return null;
  }
  throw new Error(`not an image: ${contentType ?? 'no Content-Type'}`);
}
