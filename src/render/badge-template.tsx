/** @jsxImportSource satori/jsx */
// The badge as a Satori element tree: picks its style's template and hands it the tokens and paint.
// It draws; it does not escape (Satori turns text into paths) and it reads nothing.

import type { JSX } from 'satori/jsx';
import type { Style } from '../domain/badge-options.js';
import type { BadgeSpec } from '../domain/badge-spec.js';
import { paintBadge, type BadgePaint } from './paint.js';
import { SocialTemplate } from './templates/social.js';
import { TwoPartTemplate } from './templates/two-part.js';
import { STYLE_TOKENS, type StyleTokens } from './tokens.js';

export interface TemplateProps {
  spec: BadgeSpec;
  tokens: StyleTokens;
  paint: BadgePaint;
}

/**
 * One template per style. flat, flat-square, plastic and for-the-badge are one shape (shields
 * draws them with one class too) that differs only in tokens; social is a shape of its own.
 */
export const STYLE_TEMPLATES: Readonly<Record<Style, (props: TemplateProps) => JSX.Element>> = Object.freeze({
  flat: TwoPartTemplate,
  'flat-square': TwoPartTemplate,
  plastic: TwoPartTemplate,
  'for-the-badge': TwoPartTemplate,
  social: SocialTemplate,
});

export function BadgeTemplate({ spec }: { spec: BadgeSpec }) {
  const Template = STYLE_TEMPLATES[spec.style];
  return <Template spec={spec} tokens={STYLE_TOKENS[spec.style]} paint={paintBadge(spec)} />;
}
