/** @jsxImportSource satori/jsx */
// The share card (1200×630, link previews): an entity's grade, score, verified flag, dimension bars
// and trend, or a grey card for a target that names no one entity. It draws a CardView; it computes nothing.

import { TEXT_DARK } from '../../domain/palette.js';
import { FONT_FAMILY } from '../tokens.js';

export const CARD_WIDTH_PX = 1200;
export const CARD_HEIGHT_PX = 630;

/** The greys of the card: secondary text and empty bar tracks, after GitHub's Primer light palette. */
const MUTED_TEXT = '#59636e';
const TRACK = '#e6e9ec';
const STATE_GREY = '#656d76';
const BAR_WIDTH_PX = 320;

export interface CardDimension {
  label: string;
  /** null: not rated. */
  score: number | null;
  /** The colour of its grade (unused when not rated). */
  color: string;
}

/** What a card shows, every text final: the key of its render, and its accessible name in `title`. */
export type CardView =
  | {
      kind: 'entity';
      title: string;
      serviceName: string;
      registry: string;
      name: string;
      grade: string;
      gradeColor: string;
      /** One decimal, e.g. `74.0`. */
      score: string;
      verified: boolean;
      dimensions: CardDimension[];
      /** e.g. `↓ 54.7 in a year`, or a plain phrase when there is no history to compare with. */
      trend: string;
    }
  | { kind: 'state'; title: string; serviceName: string; state: string; message: string };

const oneLine = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } as const;

export function CardTemplate({ view }: { view: CardView }) {
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        boxSizing: 'border-box',
        width: CARD_WIDTH_PX,
        height: CARD_HEIGHT_PX,
        padding: '56px 72px',
        backgroundColor: '#ffffff',
        borderTop: `16px solid ${view.kind === 'entity' ? view.gradeColor : STATE_GREY}`,
        color: TEXT_DARK,
        fontFamily: FONT_FAMILY,
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      {view.kind === 'entity' ? <EntityCard view={view} /> : <StateCard view={view} />}
      <div style={{ display: 'flex', marginTop: 'auto', justifyContent: 'flex-end', fontSize: 28, fontWeight: 700, color: MUTED_TEXT }}>
        {view.serviceName}
      </div>
    </div>
  );
}

function EntityCard({ view }: { view: Extract<CardView, { kind: 'entity' }> }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column' }}>
      <div style={{ display: 'flex', fontSize: 30, color: MUTED_TEXT, ...oneLine }}>{view.registry}</div>
      <div style={{ display: 'flex', fontSize: 60, fontWeight: 700, maxWidth: CARD_WIDTH_PX - 144, ...oneLine }}>{view.name}</div>
      <div style={{ display: 'flex', marginTop: 28 }}>
        <div style={{ display: 'flex', flexDirection: 'column', width: 400 }}>
          <div style={{ display: 'flex', alignItems: 'flex-end' }}>
            <div style={{ display: 'flex', fontSize: 180, fontWeight: 700, lineHeight: 1, color: view.gradeColor }}>{view.grade}</div>
            <div style={{ display: 'flex', fontSize: 48, fontWeight: 700, marginLeft: 24, marginBottom: 20 }}>{view.score}</div>
            <div style={{ display: 'flex', fontSize: 28, color: MUTED_TEXT, marginLeft: 8, marginBottom: 26 }}>/ 100</div>
          </div>
          <div style={{ display: 'flex', fontSize: 30, marginTop: 16, fontWeight: 700, color: view.verified ? view.gradeColor : MUTED_TEXT }}>
            {view.verified ? '✓ Verified' : 'Not verified'}
          </div>
          <div style={{ display: 'flex', fontSize: 30, marginTop: 12 }}>{view.trend}</div>
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', marginLeft: 'auto' }}>
          {view.dimensions.map((dimension) => (
            <DimensionBar dimension={dimension} />
          ))}
        </div>
      </div>
    </div>
  );
}

function DimensionBar({ dimension }: { dimension: CardDimension }) {
  const rated = dimension.score !== null;
  return (
    <div style={{ display: 'flex', alignItems: 'center', height: 44, fontSize: 24 }}>
      <div style={{ display: 'flex', width: 190 }}>{dimension.label}</div>
      <div style={{ display: 'flex', width: BAR_WIDTH_PX, height: 16, borderRadius: 8, backgroundColor: TRACK }}>
        {rated ? (
          <div style={{ display: 'flex', width: Math.round((BAR_WIDTH_PX * dimension.score!) / 100), height: 16, borderRadius: 8, backgroundColor: dimension.color }} />
        ) : null}
      </div>
      <div style={{ display: 'flex', width: 130, justifyContent: 'flex-end', color: rated ? TEXT_DARK : MUTED_TEXT }}>
        {rated ? dimension.score!.toFixed(1) : 'not rated'}
      </div>
    </div>
  );
}

function StateCard({ view }: { view: Extract<CardView, { kind: 'state' }> }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', marginTop: 60 }}>
      <div style={{ display: 'flex', fontSize: 120, fontWeight: 700, color: STATE_GREY }}>{view.state}</div>
      <div style={{ display: 'flex', fontSize: 36, marginTop: 24, color: MUTED_TEXT }}>{view.message}</div>
    </div>
  );
}
