// The report of one entity (/v1/preflight, /v1/entities and its page /entity/…), its embed
// snippets, the name search, and the shields.io endpoint body: one source for JSON and pages.
// Failures are AppErrors with stable codes; store failures become store_unavailable.

import { defaultBadgeOptions, type BadgeOptions, type Metric } from '../domain/badge-options.js';
import { specForEntity } from '../domain/badge-spec.js';
import { AppError } from '../domain/errors.js';
import { toEntityRecord, type EntityRecord } from '../domain/entity-record.js';
import { DIMENSIONS, type Dimensions, type Entity } from '../domain/entity.js';
import { displayScore, gradeFor, isVerified, type Grade, type GradeScale } from '../domain/grade.js';
import { GRADE_COLORS } from '../domain/palette.js';
import { parseTarget } from '../domain/target.js';
import type { Store } from '../store/store.js';
import { badgeLinks, entityPath, type BadgeLinks } from './entity-links.js';
import { tagsForEntities, tagsForResolution } from './purge-tag.js';
import { resolveTarget, type Resolution } from './resolve-target.js';

export const ALTERNATIVES_LIMIT = 5;
export const MAX_SEARCH_RESULTS = 20;
export const RECOMMENDATIONS = ['recommended', 'use_with_caution', 'not_recommended'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export interface EntityReport {
  target: string;
  /** The entity's own fields, as the import format spells them. */
  entity: Omit<EntityRecord, 'score' | 'dimensions' | 'updated_at'>;
  score: number;
  grade: Grade;
  verified: boolean;
  recommendation: Recommendation;
  dimensions: Dimensions;
  updated_at: string;
  alternatives: { registry: string; name: string; score: number; grade: Grade; target: string }[];
  badge: BadgeLinks;
}

/** One search hit; `target` is the entity's percent-encoded `registry/name` path. */
export interface SearchResult {
  registry: string;
  name: string;
  category: string;
  score: number;
  grade: Grade;
  target: string;
}

/** Snippets for one entity with chosen badge options (/v1/embed and the badge builder). */
export interface EmbedAnswer {
  target: string;
  entity: { registry: string; name: string; category: string };
  score: number;
  grade: Grade;
  /** `trust` and the dimensions this entity has a score for (others draw `n/a`). */
  rated_metrics: Metric[];
  /** The badge's accessible name, which the snippets use as alt text. */
  alt: string;
  badge: BadgeLinks;
}

export interface ShieldsEndpointBody {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
  cacheSeconds: number;
  isError?: boolean;
}

export interface ReportServiceDeps {
  store: Store;
  gradeScale: GradeScale;
  /** shields re-asks after this many seconds. */
  shieldsCacheSeconds: number;
}

export function createReportService(deps: ReportServiceDeps) {
  const { store, gradeScale } = deps;

  function toSearchResult(entity: Entity): SearchResult {
    const { registry, name, category, score } = entity;
    return { registry, name, category, score, grade: gradeFor(score, gradeScale), target: entityPath(entity) };
  }

  async function resolve(rawTarget: string): Promise<{ text: string; resolution: Resolution }> {
    const parsed = parseTarget(rawTarget);
    if (!parsed.ok) throw new AppError('invalid_target', { detail: `The target is not valid: ${parsed.message}.`, extra: { problem: parsed.problem } });
    try {
      return { text: parsed.target.text, resolution: await resolveTarget(store, parsed.target) };
    } catch (error) {
      throw new AppError('store_unavailable', { cause: error });
    }
  }

  /** `purgeTags`: what the answer depends on (purge-tag.ts); unknown and ambiguous carry theirs in the AppError. */
  async function findEntity(rawTarget: string): Promise<{ text: string; entity: Entity; purgeTags: string[] }> {
    const { text, resolution } = await resolve(rawTarget);
    const purgeTags = tagsForResolution(resolution);
    if (resolution.kind === 'unknown') throw new AppError('not_found', { purgeTags });
    if (resolution.kind === 'ambiguous') {
      throw new AppError('ambiguous', { extra: { candidates: resolution.candidates.map(toSearchResult) }, purgeTags });
    }
    return { text, entity: resolution.entity, purgeTags };
  }

  /** Alt text is the badge's own accessible name, so a snippet says what its image says. */
  function linksFor(entity: Entity, baseUrl: string, options: BadgeOptions): { alt: string; badge: BadgeLinks } {
    const alt = specForEntity(entity, options, gradeScale).title;
    return { alt, badge: badgeLinks(entity, baseUrl, { options, altText: alt }) };
  }

  /** The report, and the purge tags of everything it shows (its alternatives' scores included). */
  async function getReport(rawTarget: string, baseUrl: string): Promise<{ report: EntityReport; purgeTags: string[] }> {
    const { text, entity, purgeTags } = await findEntity(rawTarget);
    const alternatives = await readStore(() => store.findAlternatives(entity, ALTERNATIVES_LIMIT));
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
    };
    return { report, purgeTags: [...purgeTags, ...tagsForEntities(alternatives)] };
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

  /** Name, last-segment and alias prefix search across registries, best score first; with the results' purge tags. */
  async function search(prefix: string, limit: number): Promise<{ results: SearchResult[]; purgeTags: string[] }> {
    const found = await readStore(() => store.searchEntities(prefix, Math.min(limit, MAX_SEARCH_RESULTS)));
    return { results: found.map(toSearchResult), purgeTags: tagsForEntities(found) };
  }

  /** For shields' endpoint badge: unknown and ambiguous are answered, not failed, like our images. */
  async function getShieldsBody(rawTarget: string): Promise<{ body: ShieldsEndpointBody; entity: Entity | null; purgeTags: string[] }> {
    const { resolution } = await resolve(rawTarget);
    const cacheSeconds = deps.shieldsCacheSeconds;
    const purgeTags = tagsForResolution(resolution);
    if (resolution.kind !== 'found') {
      const message = resolution.kind;
      return { body: { schemaVersion: 1, label: 'trust', message, color: 'lightgrey', cacheSeconds: 60, isError: true }, entity: null, purgeTags };
    }
    const { entity } = resolution;
    const grade = gradeFor(entity.score, gradeScale);
    return {
      body: {
        schemaVersion: 1,
        label: 'trust',
        message: `${grade} · ${displayScore(entity.score)}`,
        color: GRADE_COLORS[grade].slice(1),
        cacheSeconds,
      },
      entity,
      purgeTags,
    };
  }

  return { getReport, getEmbed, search, getShieldsBody };
}

async function readStore<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new AppError('store_unavailable', { cause: error });
  }
}

function recommend(score: number, grade: Grade, scale: GradeScale): Recommendation {
  if (isVerified(score, scale)) return 'recommended';
  return grade === 'F' ? 'not_recommended' : 'use_with_caution';
}

export type ReportService = ReturnType<typeof createReportService>;
