/** @jsxImportSource satori/jsx */
// The social badge: a label "button" and the message in a speech bubble whose notch points at it.
// Colours come from the paint (the bubble's text is the tone's ink); nothing here picks a colour.

import type { TemplateProps } from '../badge-template.js';
import { FONT_FAMILY } from '../tokens.js';
import { TextPart } from './text-part.js';

/** The notch: a small square turned 45°, bordered on the two sides that face the button. */
const NOTCH_SIDE_PX = 5;

export function SocialTemplate({ spec, tokens, paint }: TemplateProps) {
  const border = `1px solid ${paint.border}`;
  const hasLabel = spec.label !== '';
  // Centred on the bubble's left border line; the bubble's padding box starts 1 px inside it.
  const notchCentreYPx = tokens.heightPx / 2 - 1;
  return (
    <div
      style={{
        display: 'flex',
        height: tokens.heightPx,
        fontFamily: FONT_FAMILY,
        fontSize: tokens.fontSizePx,
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      {hasLabel ? (
        <TextPart
          text={spec.label}
          textTokens={tokens.label}
          tokens={tokens}
          paint={paint.label}
          frame={{ border, borderRadius: tokens.radiusPx, marginRight: tokens.gutterPx }}
        />
      ) : null}
      <TextPart
        text={spec.message}
        textTokens={tokens.message}
        tokens={tokens}
        paint={paint.message}
        frame={{ border, borderRadius: tokens.radiusPx }}
      >
        {hasLabel ? (
          <div
            style={{
              position: 'absolute',
              left: -0.5 - NOTCH_SIDE_PX / 2,
              top: notchCentreYPx - NOTCH_SIDE_PX / 2,
              width: NOTCH_SIDE_PX,
              height: NOTCH_SIDE_PX,
              backgroundColor: paint.message.fill,
              borderLeft: border,
              borderBottom: border,
              transform: 'rotate(45deg)',
            }}
          />
        ) : null}
      </TextPart>
    </div>
  );
}
