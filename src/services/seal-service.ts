// Vendor seals: issuing and managing them, and the seal image — read afresh on every request (the
// seal from the store, its entity through the lookup cache), judged for the page's origin (Referer,
// or a signed ticket), drawn through the badge cache. Must never draw a grade for a page the seal is not bound to.

import { randomBytes } from 'node:crypto';
import type { BadgeCache, RenderedBadge } from '../cache/badge-cache.js';
import type { Entity } from '../domain/entity.js';
import { AppError, isRateLimited } from '../domain/errors.js';
import { toIsoSeconds } from '../domain/entity-record.js';
import { gradeFor, type GradeScale } from '../domain/grade.js';
import { GRADE_COLORS, type Theme } from '../domain/palette.js';
import { boundDomain, pageOrigin, SEAL_ID, sealStanding, sealState, type Seal, type SealStanding, type SealState } from '../domain/seal.js';
import type { RenderSeal } from '../render/render-seal.js';
import { RenderQueueFullError } from '../render/render-queue.js';
import type { SealSize, SealView } from '../render/templates/seal.js';
import type { SealPatch } from '../schema/seal-schemas.js';
import type { Store } from '../store/store.js';
import { SERVICE_NAME } from './card-service.js';
import { readStore } from './report-service.js';
import type { Signer } from './signing-keys.js';

export const SEAL_TICKET_TYP = 'trustbadge-seal-ticket+jwt';
/** A ticket outlives a page view, not a day: a copied ticketed URL soon shows grey. */
export const SEAL_TICKET_SECONDS = 300;
/** Keys of the cache's seal entries: never a spec key (those are JSON arrays). */
const SEAL_KEY_PREFIX = 'seal\n';

export interface SealServiceDeps {
  /** The cached store: seals are read from the store on every call; entities through the lookup cache. */
  store: Store;
  cache: BadgeCache;
  renderSeal: RenderSeal;
  signer: Signer;
  gradeScale: GradeScale;
  now: () => Date;
  onStoreError: (error: unknown) => void;
  onRenderError: (error: unknown) => void;
}

export interface SealImageRequest {
  id: string;
  format: 'svg' | 'png';
  size: SealSize;
  theme: Theme;
  /** The request's Referer header, as sent. */
  referer: string | undefined;
  /** `?ticket=`, from the self-hosted script. */
  ticket?: string | undefined;
}

/** `unknown`: no seal has the id; `invalid`: a parameter the route could not read; `unavailable`: the store or the renderer failed (503). */
export type SealImageState = SealState | 'unknown' | 'invalid' | 'unavailable';

export interface SealImage {
  state: SealImageState;
  picture: RenderedBadge;
}

export function createSealService(deps: SealServiceDeps) {
  const { store } = deps;
  const today = (): string => deps.now().toISOString().slice(0, 10);

  async function issue(request: { entity: Entity; vendor: string; origins: string[]; expiresAt: string | null }): Promise<Seal> {
    const at = toIsoSeconds(deps.now());
    const seal: Seal = {
      id: randomBytes(16).toString('base64url'),
      registry: request.entity.registry,
      name: request.entity.name,
      vendor: request.vendor,
      origins: request.origins,
      createdAt: at,
      updatedAt: at,
      expiresAt: request.expiresAt,
      revokedAt: null,
    };
    await readStore(() => store.insertSeal(seal));
    return seal;
  }

  async function patch(id: string, changes: SealPatch & { expiresAt?: string | null }): Promise<Seal> {
    const seal = await read(id);
    const changed: Seal = {
      ...seal,
      vendor: changes.vendor ?? seal.vendor,
      origins: changes.origins ?? seal.origins,
      expiresAt: changes.expiresAt === undefined ? seal.expiresAt : changes.expiresAt,
      updatedAt: toIsoSeconds(deps.now()),
    };
    // Refused by the store itself when a revocation got there first, however close the race.
    if (!(await readStore(() => store.updateSeal(changed)))) throw new AppError('seal_revoked');
    return changed;
  }

  /** The seal; a 404 when none has this id (a malformed id included: nothing is read for it). */
  async function read(id: string): Promise<Seal> {
    const seal = await findSeal(id);
    if (seal === null) throw new AppError('seal_not_found');
    return seal;
  }

  /** The seal, or null when none has this id (a malformed id is not read). */
  async function findSeal(id: string): Promise<Seal | null> {
    return SEAL_ID.test(id) ? readStore(() => store.readSeal(id)) : null;
  }

  async function revoke(id: string): Promise<Seal> {
    const seal = await readStore(() => store.revokeSeal(id, toIsoSeconds(deps.now())));
    if (seal === null) throw new AppError('seal_not_found');
    return seal;
  }

  /** The seal's standing now, with its entity (null when the catalogue no longer holds it). */
  async function standingOf(seal: Seal): Promise<{ standing: SealStanding; entity: Entity | null }> {
    const entity = await readStore(() => store.findByName(seal.registry, seal.name));
    const standing = sealStanding(seal, { now: deps.now(), score: entity?.score ?? null, trustThreshold: deps.gradeScale.trustThreshold });
    return { standing, entity };
  }

  /** A ticket for a page at `originHeader` (the browser's Origin); null when that names no web origin. */
  async function ticket(id: string, originHeader: string | undefined): Promise<{ token: string; expiresAt: string } | null> {
    await read(id);
    const origin = originHeader === 'null' ? null : pageOrigin(originHeader);
    if (origin === null) return null;
    const token = await deps.signer.sign({ sid: id, origin }, { typ: SEAL_TICKET_TYP, ttlSeconds: SEAL_TICKET_SECONDS });
    return { token, expiresAt: toIsoSeconds(new Date(deps.now().getTime() + SEAL_TICKET_SECONDS * 1000)) };
  }

  /**
   * The page's origin: the Referer's, or a valid ticket's for this seal when the Referer names none
   * (a Referer naming another origin than the ticket's wins: the ticket was carried elsewhere).
   */
  async function originOf(request: SealImageRequest): Promise<string | null> {
    const fromReferer = pageOrigin(request.referer);
    if (request.ticket === undefined) return fromReferer;
    const claims = await deps.signer.verify(request.ticket, { typ: SEAL_TICKET_TYP });
    const fromTicket = claims?.sid === request.id && typeof claims.origin === 'string' ? claims.origin : null;
    if (fromTicket === null) return fromReferer;
    return fromReferer === null || fromReferer === fromTicket ? fromTicket : null;
  }

  async function image(request: SealImageRequest): Promise<SealImage> {
    const base = { size: request.size, theme: request.theme, serviceName: SERVICE_NAME, date: today() };
    let view: SealView;
    let state: SealImageState;
    try {
      const seal = await findSeal(request.id);
      if (seal === null) {
        state = 'unknown';
        view = { ...base, kind: 'grey', title: 'trust seal: unknown seal', name: null, headline: 'unknown seal', detail: 'no seal has this id' };
      } else {
        const [entity, origin] = await Promise.all([store.findByName(seal.registry, seal.name), originOf(request)]);
        state = sealState(seal, { origin, now: deps.now(), score: entity?.score ?? null, trustThreshold: deps.gradeScale.trustThreshold });
        view = state === 'valid' ? validView(seal, entity!, origin!, base) : greyView(seal, state, base);
      }
    } catch (error) {
      if (isRateLimited(error)) throw error;
      deps.onStoreError(error);
      return { state: 'unavailable', picture: await draw(unavailableView(base), request.format) };
    }
    try {
      return { state, picture: await draw(view, request.format) };
    } catch (error) {
      if (isRateLimited(error)) throw error;
      if (!(error instanceof RenderQueueFullError)) deps.onRenderError(error);
      return { state: 'unavailable', picture: await draw(unavailableView(base), request.format) };
    }
  }

  /** The grey picture of a request the route could not read (a size or theme it does not know): a 400. */
  async function problemImage(format: 'svg' | 'png', detail: string): Promise<SealImage> {
    const base: SealBase = { size: 'large', theme: 'light', serviceName: SERVICE_NAME, date: today() };
    return { state: 'invalid', picture: await draw({ ...base, kind: 'grey', name: null, headline: 'invalid request', detail, title: `trust seal: invalid request (${detail})` }, format) };
  }

  function validView(seal: Seal, entity: Entity, origin: string, base: SealBase): SealView {
    const grade = gradeFor(entity.score, deps.gradeScale);
    const score = entity.score.toFixed(1);
    const domain = origin.replace(/^https?:\/\//, '');
    return {
      ...base, kind: 'valid', name: entity.name, grade, gradeColor: GRADE_COLORS[grade], score, domain,
      title: `${entity.name}: trust grade ${grade}, ${score}/100, verified by ${SERVICE_NAME} for ${seal.vendor} on ${domain}, ${base.date}`,
    };
  }

  function greyView(seal: Seal, state: Exclude<SealState, 'valid'>, base: SealBase): SealView {
    const more = seal.origins.length > 1 ? ` +${seal.origins.length - 1}` : '';
    const [headline, detail] = ({
      foreign: ['not valid here', `valid only on ${boundDomain(seal)}${more}`],
      expired: ['expired', `expired ${seal.expiresAt?.slice(0, 10) ?? ''}`],
      revoked: ['revoked', `revoked ${seal.revokedAt?.slice(0, 10) ?? ''}`],
      entity_missing: ['not rated', 'no longer in the catalogue'],
      below_threshold: ['below threshold', 'no longer meets the trust threshold'],
    } as const)[state];
    return { ...base, kind: 'grey', name: seal.name, headline, detail, title: `trust seal of ${seal.vendor} for ${seal.name}: ${headline} (${detail})` };
  }

  function draw(view: SealView, format: 'svg' | 'png'): Promise<RenderedBadge> {
    const contentType = format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png';
    const key = `${SEAL_KEY_PREFIX}${format}\n${JSON.stringify(view)}`;
    return deps.cache.getPicture({ key, draw: () => deps.renderSeal(view, format), contentType }, view.kind === 'valid' ? 'entity' : 'state');
  }

  return { issue, patch, read, find: findSeal, revoke, standingOf, ticket, image, problemImage };
}

type SealBase = { size: SealSize; theme: Theme; serviceName: string; date: string };

const unavailableView = (base: SealBase): SealView => ({
  ...base, kind: 'grey', name: null, headline: 'unavailable', detail: 'try again shortly', title: 'trust seal: unavailable, try again shortly',
});

export type SealService = ReturnType<typeof createSealService>;
