// The report of one entity (/v1/preflight, /v1/entities and its page /entity/…), its embed
// snippets, the name search, and the shields.io endpoint body: one source for JSON and pages.
// Failures are AppErrors with stable codes; store failures become store_unavailable.

import { defaultBadgeOptions, parseBadgeOptions, type BadgeOptions, type GlyphCoverage } from '../domain/badge-options.js';
import { specForEntity, specForState } from '../domain/badge-spec.js';
import { AppError } from '../domain/errors.js';
import { toEntityRecord } from '../domain/entity-record.js';
import { computeTrend, dayNumber, dayOf, type HistoryPoint } from '../domain/history.js';
import type { EmbedAnswer, EntityReport, HistoryAnswer, Recommendation, SearchResult, ShieldsBody } from '../schema/answers.js';
import { MAX_SEARCH_RESULTS } from '../schema/params.js';
import { DIMENSIONS, foldName, type Entity } from '../domain/entity.js';
import { gradeFor, isVerified, type Grade, type GradeScale } from '../domain/grade.js';
import { TONE_PALETTES, type Tone } from '../domain/palette.js';
import { nearKeys } from '../domain/near-keys.js';
import { parseEntityRef } from '../domain/package-ref.js';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor.js';
import { parseTarget, splitSearch } from '../domain/target.js';
import { searchPosition, type Store } from '../store/store.js';
import { badgeLinks, entityPath, type BadgeLinks } from './entity-links.js';
import { tagsForEntities, tagsForResolution } from './purge-tag.js';
import { resolveTarget, type Resolution } from './resolve-target.js';

export const ALTERNATIVES_LIMIT = 5;
export type { EmbedAnswer, EntityReport, HistoryAnswer, Recommendation, SearchResult, ShieldsBody };

/**
 * A page of search results: `total` candidates (a lower bound when `more`), `next` the cursor of the
 * page after; when nothing matched, `suggestions`: names one typo away.
 */
export interface SearchAnswerPage {
  results: SearchResult[];
  total: number;
  more: boolean;
  next: string | null;
  suggestions: SearchResult[];
}

const HISTORY_START = '1970-01-01';

export interface ReportServiceDeps {
  store: Store;
  gradeScale: GradeScale;
  /** shields re-asks after this many seconds. */
  shieldsCacheSeconds: number;
  /** What the badge fonts draw: a label they cannot is refused, as on /badge. */
  glyphs: GlyphCoverage;
  /** Today, for trends. */
  now: () => Date;
}

export function createReportService(deps: ReportServiceDeps) {
  const { store, gradeScale } = deps;

  function toSearchResult(entity: Entity): SearchResult {
    const { registry, name, category, description, score } = entity;
    return { registry, name, category, description, score, grade: gradeFor(score, gradeScale), target: entityPath(entity) };
  }

  async function resolve(rawTarget: string): Promise<{ text: string; resolution: Resolution }> {
    const parsed = parseTarget(rawTarget);
    if (!parsed.ok) throw new AppError('invalid_target', { detail: `The target is not valid: ${parsed.message}.`, extra: { problem: parsed.problem } });
    try {
      return { text: parsed.target.text, resolution: await resolveTarget(store, parsed.target) };
    } catch (error) {
      throw asStoreError(error);
    }
  }

  /** `purgeTags`: what the answer depends on (purge-tag.ts); unknown and ambiguous carry theirs in the AppError. */
  async function findEntity(rawTarget: string): Promise<{ text: string; entity: Entity; purgeTags: string[] }> {
    const { text, resolution } = await resolve(rawTarget);
    const purgeTags = tagsForResolution(resolution);
    if (resolution.kind === 'unknown') throw new AppError('not_found', { purgeTags });
    if (resolution.kind === 'ambiguous') {
      throw new AppError('ambiguous', { extra: { candidates: resolution.candidates.map(toSearchResult), more_candidates: resolution.moreCandidates }, purgeTags });
    }
    return { text, entity: resolution.entity, purgeTags };
  }

  /** Alt text is the badge's own accessible name, so a snippet says what its image says. */
  function linksFor(entity: Entity, baseUrl: string, options: BadgeOptions): { alt: string; badge: BadgeLinks } {
    const alt = specForEntity(entity, options, gradeScale).title;
    return { alt, badge: badgeLinks(entity, baseUrl, { options, altText: alt }) };
  }

  const today = (): string => deps.now().toISOString().slice(0, 10);

  /** Every stored point of the entity's history, oldest first (retention bounds it). */
  const historyOf = (entity: Entity): Promise<HistoryPoint[]> => readStore(() => store.getHistory(entity.registry, entity.name, HISTORY_START));

  /**
   * The points from `days` ago on, with the trend over the windows: the trend needs the point in
   * force at each window's start, however long before it was written, hence all of them.
   */
  function historyAnswer(text: string, entity: Entity, all: readonly HistoryPoint[], days: number): HistoryAnswer {
    const from = dayOf(dayNumber(today()) - days);
    const points = all.filter((p) => p.day >= from);
    return { target: text, entity: { registry: entity.registry, name: entity.name }, days, points, trend: computeTrend(all, entity.score, today()) };
  }

  /** `days` of an entity's history, oldest first, with its trend; unknown and ambiguous as for reports. */
  async function getHistory(rawTarget: string, days: number): Promise<{ history: HistoryAnswer; purgeTags: string[] }> {
    const { text, entity, purgeTags } = await findEntity(rawTarget);
    return { history: historyAnswer(text, entity, await historyOf(entity), days), purgeTags };
  }

  /** The report, and the purge tags of everything it shows (its alternatives' scores included). */
  async function getReport(rawTarget: string, baseUrl: string): Promise<{ report: EntityReport; purgeTags: string[] }> {
    const { report, purgeTags } = await getReportWithHistory(rawTarget, baseUrl, 0);
    return { report, purgeTags };
  }

  /** The report and `days` of its history from one lookup and one history read: what its page shows. */
  async function getReportWithHistory(rawTarget: string, baseUrl: string, days: number): Promise<{ report: EntityReport; history: HistoryAnswer; purgeTags: string[] }> {
    const { text, entity, purgeTags } = await findEntity(rawTarget);
    const [alternatives, all, version] = await Promise.all([
      readStore(() => store.findAlternatives(entity, ALTERNATIVES_LIMIT)),
      historyOf(entity),
      readStore(() => store.latestCatalogueVersion()),
    ]);
    const history = historyAnswer(text, entity, all, days);
    const grade = gradeFor(entity.score, gradeScale);
    const { registry, name, category, description, author, source_url, aliases } = toEntityRecord(entity);
    const report: EntityReport = {
      target: text,
      entity: { registry, name, category, description, author, source_url, aliases },
      score: entity.score,
      grade,
      verified: isVerified(entity.score, gradeScale),
      recommendation: recommend(entity.score, grade, gradeScale),
      dimensions: entity.dimensions,
      updated_at: entity.updatedAt,
      alternatives: alternatives.map((a) => ({
        registry: a.registry,
        name: a.name,
        score: a.score,
        grade: gradeFor(a.score, gradeScale),
        target: entityPath(a),
      })),
      badge: linksFor(entity, baseUrl, defaultBadgeOptions('svg')).badge,
      trend: history.trend,
      data_version: version === null ? null : { version: version.version, imported_at: version.imported_at },
    };
    return { report, history, purgeTags: [...purgeTags, ...tagsForEntities(alternatives)] };
  }

  async function getEmbed(rawTarget: string, baseUrl: string, options: BadgeOptions): Promise<{ embed: EmbedAnswer; purgeTags: string[] }> {
    const { text, entity, purgeTags } = await findEntity(rawTarget);
    const embed: EmbedAnswer = {
      target: text,
      entity: { registry: entity.registry, name: entity.name, category: entity.category },
      score: entity.score,
      grade: gradeFor(entity.score, gradeScale),
      rated_metrics: ['trust', ...DIMENSIONS.filter((d) => entity.dimensions[d] !== undefined)],
      ...linksFor(entity, baseUrl, { ...options, format: 'svg', scale: 1 }),
    };
    return { embed, purgeTags };
  }

  /**
   * Name, last-segment and alias prefix search across registries, exact matches first, then best
   * score; one registry's names when the query starts with it (`npm/sha`); paged with `cursor` (the
   * `next` of the page before). A pasted package URL or registry address (`pkg:npm/sharp`,
   * `https://github.com/haotian-liu/LLaVA`) answers the entity it names first, then the names its
   * text starts (a Go module is named `github.com/…`), in one page. When nothing matches, the names
   * one typo away are the suggestions (in the query's registry when it names one). With the purge
   * tags of every entity shown.
   */
  async function search(query: string, limit: number, cursor: string | null = null): Promise<SearchAnswerPage & { purgeTags: string[] }> {
    const count = Math.min(limit, MAX_SEARCH_RESULTS);
    const answer = async (shown: Entity[], page: Omit<SearchAnswerPage, 'results' | 'suggestions'>, typed: { prefix: string; registry?: string }) => {
      const keys = shown.length === 0 && cursor === null ? nearKeys(foldName(typed.prefix)) : [];
      const near = keys.length === 0 ? [] : await readStore(() => store.findByNameKeys({ keys, registry: typed.registry }, count));
      return { ...page, results: shown.map(toSearchResult), suggestions: near.map(toSearchResult), purgeTags: tagsForEntities([...shown, ...near]) };
    };
    const ref = parseEntityRef(query);
    if (ref !== null) {
      if (cursor !== null) throw new AppError('invalid_query', { detail: 'cursor pages a name search; a pasted address or package URL answers one page.', errors: [{ in: 'query', name: 'cursor', detail: 'cursor does not apply to this q' }] });
      const named = ref.ok ? (await readStore(() => store.searchEntities({ prefix: ref.target.name, registry: ref.target.registry }, count))).entities : [];
      const byText = /^pkg:/i.test(query) ? [] : (await readStore(() => store.searchEntities({ prefix: query }, count))).entities;
      const seen = new Set<string>();
      const found = [...named, ...byText].filter((e) => {
        const key = `${e.registry}\n${foldName(e.name)}`;
        return !seen.has(key) && Boolean(seen.add(key));
      }).slice(0, count);
      return answer(found, { total: found.length, more: false, next: null }, ref.ok ? { prefix: ref.target.name, registry: ref.target.registry } : { prefix: '' });
    }
    const qualified = splitSearch(query, await readStore(() => store.listRegistries()));
    const asked = qualified === null ? { prefix: query } : { prefix: qualified.prefix, registry: qualified.registry };
    const key = `${asked.registry ?? ''}\n${foldName(asked.prefix)}`;
    const after = cursor === null ? undefined : decodeSearchCursor(key, cursor);
    // One more than asked: whether a next page exists, without a second query.
    const page = await readStore(() => store.searchEntities({ ...asked, after }, count + 1));
    const shown = page.entities.slice(0, count);
    const last = shown.at(-1);
    const next = page.entities.length > count && last !== undefined ? encodeSearchCursor(key, searchPosition(last, foldName(asked.prefix))) : null;
    return answer(shown, { total: page.total, more: page.more, next }, asked);
  }

  /**
   * For shields' endpoint badge: always a body shields can draw, never an HTTP error, drawn from the
   * same spec as our own badge (metric, show and label apply alike). Unknown, ambiguous and invalid
   * requests say what they are, with `isError`; every colour is a fill that carries white text at AA.
   */
  async function getShieldsBody(rawTarget: string | null, query: Record<string, unknown>): Promise<{ body: ShieldsBody; entity: Entity | null; purgeTags: string[] }> {
    const picked = { metric: query.metric, show: query.show, label: query.label };
    const parsedOptions = parseBadgeOptions(picked, 'svg', deps.glyphs);
    const options = parsedOptions.ok ? parsedOptions.options : parsedOptions.fallback;
    const failure = (message: string): { body: ShieldsBody; entity: null; purgeTags: string[] } => ({
      body: { schemaVersion: 1, label: specForState('unknown', options).label, message, color: shieldsColor('invalid'), isError: true },
      entity: null,
      purgeTags: [],
    });
    if (!parsedOptions.ok) return failure(parsedOptions.problem.message);
    if (rawTarget === null) return failure('target is not valid percent-encoding');
    const parsed = parseTarget(rawTarget);
    if (!parsed.ok) return failure(parsed.message);
    let resolution: Resolution;
    try {
      resolution = await resolveTarget(store, parsed.target);
    } catch (error) {
      throw asStoreError(error);
    }
    const purgeTags = tagsForResolution(resolution);
    if (resolution.kind !== 'found') {
      const spec = specForState(resolution.kind, options);
      return { body: { schemaVersion: 1, label: spec.label, message: spec.message, color: shieldsColor(spec.tone), isError: true }, entity: null, purgeTags };
    }
    const { entity } = resolution;
    const spec = specForEntity(entity, options, gradeScale);
    return {
      body: { schemaVersion: 1, label: spec.label, message: spec.message, color: shieldsColor(spec.tone), cacheSeconds: deps.shieldsCacheSeconds },
      entity,
      purgeTags,
    };
  }

  return { getReport, getReportWithHistory, getHistory, getEmbed, search, getShieldsBody, toSearchResult, findEntity };
}

/** A store read whose failure is store_unavailable (asStoreError). */
export async function readStore<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw asStoreError(error);
  }
}

/** A store failure is store_unavailable; an AppError from below (a refused budget) stays what it is. */
function asStoreError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('store_unavailable', { cause: error });
}

/** shields takes hex without `#`; our fills all carry white text at 4.5:1 or more (test/render/contrast.test.ts). */
function shieldsColor(tone: Tone): string {
  return TONE_PALETTES[tone].fill.slice(1);
}

/** Verified: recommended. A D or an F: not recommended (the report page answers NO). Else with caution. */
function recommend(score: number, grade: Grade, scale: GradeScale): Recommendation {
  if (isVerified(score, scale)) return 'recommended';
  return grade === 'D' || grade === 'F' ? 'not_recommended' : 'use_with_caution';
}

export type ReportService = ReturnType<typeof createReportService>;
