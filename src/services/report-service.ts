// The JSON report of one entity (/v1/preflight, /v1/entities) and the shields.io endpoint body.
// Failures are AppErrors with stable codes; store failures become store_unavailable.

import { AppError } from '../domain/errors.js';
import type { Dimensions, Entity } from '../domain/entity.js';
import { displayScore, gradeFor, isVerified, type Grade, type GradeScale } from '../domain/grade.js';
import { GRADE_COLORS } from '../domain/palette.js';
import { parseTarget } from '../domain/target.js';
import type { Store } from '../store/store.js';
import { badgeLinks, entityPath, type BadgeLinks } from './entity-links.js';
import { resolveTarget, type Resolution } from './resolve-target.js';

export const ALTERNATIVES_LIMIT = 5;
export const RECOMMENDATIONS = ['recommended', 'use_with_caution', 'not_recommended'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export interface EntityReport {
  target: string;
  entity: {
    registry: string;
    name: string;
    category: string;
    description: string | null;
    author: string | null;
    source_url: string | null;
    aliases: string[];
  };
  score: number;
  grade: Grade;
  verified: boolean;
  recommendation: Recommendation;
  dimensions: Dimensions;
  updated_at: string;
  alternatives: { registry: string; name: string; score: number; grade: Grade }[];
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

  async function resolve(rawTarget: string): Promise<{ text: string; resolution: Resolution }> {
    const parsed = parseTarget(rawTarget);
    if (!parsed.ok) throw new AppError('invalid_target', { detail: `The target is not valid (${parsed.problem}).` });
    try {
      return { text: parsed.target.text, resolution: await resolveTarget(store, parsed.target) };
    } catch (error) {
      throw new AppError('store_unavailable', { cause: error });
    }
  }

  async function findEntity(rawTarget: string): Promise<{ text: string; entity: Entity }> {
    const { text, resolution } = await resolve(rawTarget);
    if (resolution.kind === 'unknown') throw new AppError('not_found');
    if (resolution.kind === 'ambiguous') {
      throw new AppError('ambiguous', {
        extra: {
          candidates: resolution.candidates.map((c) => ({
            registry: c.registry,
            name: c.name,
            category: c.category,
            target: entityPath(c),
          })),
        },
      });
    }
    return { text, entity: resolution.entity };
  }

  async function getReport(rawTarget: string, baseUrl: string): Promise<EntityReport> {
    const { text, entity } = await findEntity(rawTarget);
    let alternatives: Entity[];
    try {
      alternatives = await store.findAlternatives(entity, ALTERNATIVES_LIMIT);
    } catch (error) {
      throw new AppError('store_unavailable', { cause: error });
    }
    const grade = gradeFor(entity.score, gradeScale);
    return {
      target: text,
      entity: {
        registry: entity.registry,
        name: entity.name,
        category: entity.category,
        description: entity.description,
        author: entity.author,
        source_url: entity.sourceUrl,
        aliases: entity.aliases,
      },
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
      })),
      badge: badgeLinks(entity, baseUrl, `trust: ${grade} · ${displayScore(entity.score)}/100`),
    };
  }

  /** For shields' endpoint badge: unknown and ambiguous are answered, not failed, like our images. */
  async function getShieldsBody(rawTarget: string): Promise<{ body: ShieldsEndpointBody; entity: Entity | null }> {
    const { resolution } = await resolve(rawTarget);
    const cacheSeconds = deps.shieldsCacheSeconds;
    if (resolution.kind !== 'found') {
      const message = resolution.kind;
      return { body: { schemaVersion: 1, label: 'trust', message, color: 'lightgrey', cacheSeconds: 60, isError: true }, entity: null };
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
    };
  }

  return { getReport, getShieldsBody };
}

function recommend(score: number, grade: Grade, scale: GradeScale): Recommendation {
  if (isVerified(score, scale)) return 'recommended';
  return grade === 'F' ? 'not_recommended' : 'use_with_caution';
}

export type ReportService = ReturnType<typeof createReportService>;
