/** @jsxImportSource satori/jsx */
// The classic two-part badge (label | message): flat, flat-square, plastic and for-the-badge.
// The styles differ only in tokens; nothing here names a style.

import type { TemplateProps } from '../badge-template.js';
import { FONT_FAMILY } from '../tokens.js';
import { TextPart } from './text-part.js';

export function TwoPartTemplate({ spec, tokens, paint }: TemplateProps) {
  const hasLabel = spec.label !== '';
  const r = tokens.radiusPx;
  // Each part rounds its own outer corners: clipping the whole badge instead would make Satori
  // wrap every element in a mask and a clip path (about 1 KB more per badge).
  return (
    <div
      style={{
        display: 'flex',
        position: 'relative',
        height: tokens.heightPx,
        fontFamily: FONT_FAMILY,
        fontSize: tokens.fontSizePx,
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      {hasLabel ? (
        <TextPart text={spec.label} textTokens={tokens.label} tokens={tokens} paint={paint.label} frame={{ borderRadius: `${r}px 0 0 ${r}px` }} />
      ) : null}
      <TextPart
        text={spec.message}
        textTokens={tokens.message}
        tokens={tokens}
        paint={paint.message}
        frame={{ borderRadius: hasLabel ? `0 ${r}px ${r}px 0` : r }}
      />
      {paint.border !== null ? (
        // A rim over the edges (the theme's outline) so a dark label does not melt into a dark page.
        <div
          style={{
            position: 'absolute',
            top: 0,
            left: 0,
            right: 0,
            bottom: 0,
            border: `1px solid ${paint.border}`,
            borderRadius: tokens.radiusPx,
          }}
        />
      ) : null}
    </div>
  );
}
