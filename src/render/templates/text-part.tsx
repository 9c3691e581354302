/** @jsxImportSource satori/jsx */
// One run of badge text on its part's fill: the piece every style template is built from.
// It takes its sizes from the tokens and its colours from the paint; it computes neither.

import type { CSSProperties, JSXNode } from 'satori/jsx';
import type { PartPaint } from '../paint.js';
import { applyTextCase, glossCss, type StyleTokens, type TextTokens } from '../tokens.js';

export interface TextPartProps {
  text: string;
  textTokens: TextTokens;
  tokens: StyleTokens;
  paint: PartPaint;
  /** Shape of this part in its template (borders, radius, margins). */
  frame?: CSSProperties;
  children?: JSXNode;
}

export function TextPart({ text, textTokens, tokens, paint, frame, children }: TextPartProps) {
  return (
    <div
      style={{
        display: 'flex',
        alignItems: 'center',
        position: 'relative',
        // Satori sizes a box by its content unless told otherwise; a bordered part must stay as high as the badge.
        boxSizing: 'border-box',
        height: tokens.heightPx,
        padding: `0 ${textTokens.paddingXPx}px`,
        backgroundColor: paint.fill,
        backgroundImage: tokens.gloss !== null && textTokens.glossed ? glossCss(tokens.gloss) : 'none',
        color: paint.text,
        fontWeight: textTokens.bold ? 700 : 400,
        letterSpacing: tokens.letterSpacingPx,
        textShadow: paint.shadow === null ? 'none' : `0 1px 0 ${paint.shadow}`,
        whiteSpace: 'pre',
        ...frame,
      }}
    >
      {applyTextCase(text, textTokens.textCase)}
      {children ?? null}
    </div>
  );
}
