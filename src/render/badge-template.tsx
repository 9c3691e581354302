/** @jsxImportSource satori/jsx */
// The badge as a Satori element tree: one pure function of the spec and its style's tokens.
// It draws; it does not escape (Satori turns text into paths) and it reads nothing.

import type { BadgeSpec } from '../domain/badge-spec.js';
import { FONT_FAMILY, STYLE_TOKENS } from './tokens.js';

export function BadgeTemplate({ spec }: { spec: BadgeSpec }) {
  const tokens = STYLE_TOKENS[spec.style];
  const part = (text: string, background: string, color: string, bold: boolean) => (
    <div
      style={{
        display: 'flex',
        alignItems: 'center',
        height: '100%',
        padding: `0 ${tokens.paddingXPx}px`,
        backgroundColor: background,
        color,
        fontWeight: bold ? 700 : 400,
        letterSpacing: tokens.letterSpacingPx,
        textTransform: tokens.uppercase ? 'uppercase' : 'none',
        textShadow: tokens.textShadow !== null && color === '#ffffff' ? tokens.textShadow : 'none',
        whiteSpace: 'pre',
      }}
    >
      {text}
    </div>
  );
  return (
    <div
      style={{
        display: 'flex',
        position: 'relative',
        height: tokens.heightPx,
        borderRadius: tokens.radiusPx,
        overflow: 'hidden',
        fontFamily: FONT_FAMILY,
        fontSize: tokens.fontSizePx,
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      {spec.label !== '' ? part(spec.label, spec.labelColor, spec.labelTextColor, false) : null}
      {part(spec.message, spec.messageColor, spec.messageTextColor, tokens.messageBold)}
      {tokens.gloss !== null ? (
        <div style={{ position: 'absolute', top: 0, left: 0, right: 0, bottom: 0, backgroundImage: tokens.gloss }} />
      ) : null}
    </div>
  );
}
