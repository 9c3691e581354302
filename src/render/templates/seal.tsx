/** @jsxImportSource satori/jsx */
// The vendor seal (a trust image a vendor embeds on its own site), small or large, light or dark: the
// entity's grade, score, bound domain and date, or a grey seal saying why not. It draws a SealView and picks colours; it reads nothing.

import { AA_MIN_RATIO, chooseTextColor, contrastRatio } from '../../domain/contrast.js';
import { TEXT_DARK, TEXT_LIGHT, THEME_SURFACES, type Theme } from '../../domain/palette.js';
import { FONT_FAMILY } from '../tokens.js';

export const SEAL_SIZES = ['small', 'large'] as const;
export type SealSize = (typeof SEAL_SIZES)[number];

/** CSS pixel size of each seal size */
export const SEAL_DIMENSIONS_PX: Readonly<Record<SealSize, { width: number; height: number }>> = Object.freeze({
  small: Object.freeze({ width: 176, height: 64 }),
  large: Object.freeze({ width: 260, height: 96 }),
});

/** What a seal shows, every text final; JSON.stringify(view) is its cache key; `title` is its accessible name. */
export type SealView =
  | {
      kind: 'valid';
      title: string;
      size: SealSize;
      theme: Theme;
      serviceName: string;
      /** Entity name; a long one ends in an ellipsis. */
      name: string;
      /** 'A'..'D' ('F' is never valid, but is drawn all the same). */
      grade: string;
      /** From GRADE_COLORS. */
      gradeColor: string;
      /** One decimal, e.g. `74.0`. */
      score: string;
      /** The bound domain the seal is shown on, e.g. `vendor.example` or `*.vendor.example`. */
      domain: string;
      /** Today, `YYYY-MM-DD`. */
      date: string;
    }
  | {
      kind: 'grey';
      title: string;
      size: SealSize;
      theme: Theme;
      serviceName: string;
      /** null when the seal is unknown. */
      name: string | null;
      /** e.g. `not valid here`, `expired`, `revoked`, `below threshold`, `unknown seal`. */
      headline: string;
      /** e.g. `valid only on vendor.example`, `expired 2026-11-30`. */
      detail: string;
      date: string;
    };

/** A seal's colours per theme; every text colour reaches AA on `surface` (test/render/render-seal.test.ts). */
export interface SealPaint {
  surface: string;
  border: string;
  text: string;
  /** Secondary text, and the grey seal's headline. */
  muted: string;
  /** The grey seal's accent stripe (not text). */
  greyAccent: string;
}

/** Greys after GitHub's Primer palettes, light and dark. */
export const SEAL_PAINTS: Readonly<Record<Theme, Readonly<SealPaint>>> = Object.freeze({
  light: { surface: THEME_SURFACES.light.page, border: '#d1d9e0', text: TEXT_DARK, muted: '#59636e', greyAccent: '#818b98' },
  dark: { surface: THEME_SURFACES.dark.page, border: '#3d444d', text: '#f0f6fc', muted: '#9198a1', greyAccent: '#6e7681' },
});

/**
 * The grade letter in its colour straight on the seal where that reads at AA (every grade on light);
 * else on a chip of its colour in whichever of white or dark text reads there (every grade on dark).
 */
export function gradeInk(theme: Theme, gradeColor: string): { text: string; background: string } {
  const surface = SEAL_PAINTS[theme].surface;
  if (contrastRatio(gradeColor, surface) >= AA_MIN_RATIO) return { text: gradeColor, background: surface };
  return { text: chooseTextColor([gradeColor], [TEXT_LIGHT, TEXT_DARK]), background: gradeColor };
}

interface SizeMetrics {
  radiusPx: number;
  accentPx: number;
  padding: string;
  chipPx: number;
  gradeFontPx: number;
  nameFontPx: number;
  headlineFontPx: number;
  textFontPx: number;
  smallFontPx: number;
}

const METRICS: Readonly<Record<SealSize, SizeMetrics>> = {
  small: { radiusPx: 4, accentPx: 4, padding: '5px 8px', chipPx: 32, gradeFontPx: 24, nameFontPx: 12, headlineFontPx: 13, textFontPx: 10, smallFontPx: 9 },
  large: { radiusPx: 6, accentPx: 6, padding: '8px 12px', chipPx: 44, gradeFontPx: 34, nameFontPx: 15, headlineFontPx: 17, textFontPx: 11, smallFontPx: 11 },
};

const oneLine = { display: 'flex', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 } as const;
/** `pre`: a leading space (` · 2026-11-24`) would otherwise be dropped at the start of its box. */
const fixed = { display: 'flex', whiteSpace: 'pre', flexShrink: 0 } as const;

export function SealTemplate({ view }: { view: SealView }) {
  const { width, height } = SEAL_DIMENSIONS_PX[view.size];
  const metrics = METRICS[view.size];
  const paint = SEAL_PAINTS[view.theme];
  return (
    <div
      style={{
        display: 'flex',
        boxSizing: 'border-box',
        width,
        height,
        overflow: 'hidden',
        borderRadius: metrics.radiusPx,
        border: `1px solid ${paint.border}`,
        backgroundColor: paint.surface,
        color: paint.text,
        fontFamily: FONT_FAMILY,
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      <div style={{ display: 'flex', width: metrics.accentPx, flexShrink: 0, backgroundColor: view.kind === 'valid' ? view.gradeColor : paint.greyAccent }} />
      <div
        style={{
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
          flexGrow: 1,
          minWidth: 0,
          padding: metrics.padding,
        }}
      >
        {view.kind === 'valid' ? <ValidSeal view={view} metrics={metrics} paint={paint} /> : <GreySeal view={view} metrics={metrics} paint={paint} />}
      </div>
    </div>
  );
}

type Part<K extends SealView['kind']> = { view: Extract<SealView, { kind: K }>; metrics: SizeMetrics; paint: SealPaint };

function ValidSeal({ view, metrics, paint }: Part<'valid'>) {
  const ink = gradeInk(view.theme, view.gradeColor);
  const large = view.size === 'large';
  return (
    <>
      {large ? <div style={{ ...oneLine, fontSize: metrics.textFontPx, color: paint.muted }}>{`✓ Verified by ${view.serviceName}`}</div> : null}
      <div style={{ display: 'flex', alignItems: 'center', minWidth: 0 }}>
        <div
          style={{
            display: 'flex',
            flexShrink: 0,
            alignItems: 'center',
            justifyContent: 'center',
            width: metrics.chipPx,
            height: metrics.chipPx,
            borderRadius: metrics.radiusPx,
            backgroundColor: ink.background,
            color: ink.text,
            fontSize: metrics.gradeFontPx,
            fontWeight: 700,
            lineHeight: 1,
          }}
        >
          {view.grade}
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0, marginLeft: large ? 10 : 7 }}>
          <div style={{ ...oneLine, fontSize: metrics.nameFontPx, fontWeight: 700 }}>{view.name}</div>
          <div style={{ display: 'flex', minWidth: 0, fontSize: metrics.textFontPx, color: paint.muted }}>
            <div style={{ ...fixed, color: paint.text, fontWeight: 700 }}>{view.score}</div>
            <div style={fixed}>{large ? ' / 100' : ' · '}</div>
            {large ? null : <div style={oneLine}>{`✓ ${view.serviceName}`}</div>}
          </div>
        </div>
      </div>
      <Footer start={view.domain} date={view.date} fontPx={metrics.textFontPx} color={paint.muted} />
    </>
  );
}

function GreySeal({ view, metrics, paint }: Part<'grey'>) {
  return (
    <>
      <div style={{ ...oneLine, fontSize: metrics.smallFontPx, color: paint.muted }}>{`${view.serviceName} seal`}</div>
      <div style={{ ...oneLine, fontSize: metrics.headlineFontPx, fontWeight: 700, color: paint.muted }}>{view.headline}</div>
      <div style={{ ...oneLine, fontSize: metrics.textFontPx }}>{view.detail}</div>
      <Footer start={view.name} date={view.date} fontPx={metrics.textFontPx} color={paint.muted} />
    </>
  );
}

/** `start · date` on one line: `start` gives way (ellipsis), the date never does. */
function Footer({ start, date, fontPx, color }: { start: string | null; date: string; fontPx: number; color: string }) {
  return (
    <div style={{ display: 'flex', minWidth: 0, fontSize: fontPx, color }}>
      {start === null ? null : <div style={oneLine}>{start}</div>}
      <div style={fixed}>{start === null ? date : ` · ${date}`}</div>
    </div>
  );
}
