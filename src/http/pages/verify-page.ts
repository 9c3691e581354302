// GET /verify/{id} — where a click on a vendor seal lands, on this service's own domain: who shows it,
// where, since and until when, the entity's grade and trend now, and the seal's status in words.
// Server-rendered, no script; read afresh (the seal from the store), tagged with the seal's purge tag.

import { Router, type RequestHandler } from 'express';
import type { GradeScale } from '../../domain/grade.js';
import type { Seal, SealStanding } from '../../domain/seal.js';
import type { EntityReport } from '../../schema/answers.js';
import { entityPath } from '../../services/entity-links.js';
import type { ReportService } from '../../services/report-service.js';
import { sealTag } from '../../services/seal-links.js';
import type { SealService } from '../../services/seal-service.js';
import { baseUrlFor } from '../request/base-url.js';
import { sendHtml } from '../response/encoded-answer.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setPageHeaders, type HeaderPolicy } from '../response/headers.js';
import type { SiteAssets } from './assets.js';
import { trendSentence } from './history-section.js';
import { html, type SafeHtml } from './html-escape.js';
import { renderPage } from './layout.js';
import { renderMissingNotice } from './notice-pages.js';
import { formatDate, formatScore, gradeClass, reportHref } from './page-text.js';

export interface VerifyView {
  seal: Seal;
  standing: SealStanding;
  /** The entity's report now; null when the catalogue no longer holds it. */
  report: EntityReport | null;
  scale: GradeScale;
  /** This service's own address, which the reader should see in the address bar. */
  host: string;
  assets: SiteAssets;
}

export function renderVerifyPage(view: VerifyView): string {
  const { seal, standing, report } = view;
  const valid = standing === 'active';
  const title = `Trust seal of ${seal.vendor}: ${valid ? 'valid' : 'not valid'}`;
  return renderPage({
    title,
    description: `${seal.vendor}'s trust seal for ${seal.name}: ${statusText(view)}`,
    assets: view.assets,
    main: html`<section class="panel" aria-labelledby="verify-heading">
  <h1 id="verify-heading">Trust seal of ${seal.vendor}</h1>
  <p class="${valid ? 'verdict verdict-yes' : 'verdict verdict-no'}" role="status"><strong>${valid ? 'Valid.' : 'Not valid.'}</strong> ${statusText(view)}</p>
  <dl class="facts">
    <div><dt>Vendor</dt><dd>${seal.vendor}</dd></div>
    <div><dt>Vouches for</dt><dd>${report === null ? `${seal.registry}/${seal.name}` : html`<a href="${reportHref(entityPath(report.entity))}">${seal.registry}/${seal.name}</a>`}</dd></div>
    <div><dt>Shows its grade on</dt><dd>${seal.origins.map((origin, i) => html`${i > 0 && ', '}<code>${origin}</code>`)}</dd></div>
    <div><dt>Issued</dt><dd>${formatDate(seal.createdAt)}</dd></div>
    <div><dt>Expires</dt><dd>${seal.expiresAt === null ? 'never (until revoked)' : formatDate(seal.expiresAt)}</dd></div>
    ${seal.revokedAt !== null && html`<div><dt>Revoked</dt><dd>${formatDate(seal.revokedAt)}</dd></div>`}
    ${report !== null && renderGrade(report)}
  </dl>
  <p class="hint">A seal is genuine only when this page, at <strong>${view.host}</strong>, says so. The seal image names the
    site it was shown on and today's date; on any other site it turns grey.</p>
</section>`,
  });
}

function renderGrade(report: EntityReport): SafeHtml {
  return html`<div><dt>Grade now</dt><dd><span class="${gradeClass(report.grade)}">${report.grade}</span> · ${formatScore(report.score)} / 100${report.verified ? ', verified' : ''}</dd></div>
    <div><dt>Trend</dt><dd>${trendSentence(report.trend)}</dd></div>
    <div><dt>Last reviewed</dt><dd>${formatDate(report.updated_at)}</dd></div>`;
}

function statusText(view: VerifyView): string {
  const { seal, report, scale } = view;
  const name = seal.name;
  const score = report === null ? '' : `${formatScore(report.score)} (${report.grade})`;
  switch (view.standing) {
    case 'active':
      return `${name} scores ${score}, meeting the trust threshold of ${scale.trustThreshold}; the seal shows its grade on ${seal.origins.length === 1 ? 'the site' : 'the sites'} listed below and nowhere else.`;
    case 'below_threshold':
      return `${name} scores ${score}, below the trust threshold of ${scale.trustThreshold}, so the seal shows grey everywhere.`;
    case 'expired':
      return `The seal expired on ${formatDate(seal.expiresAt!)} and shows grey everywhere.`;
    case 'revoked':
      return `The seal was revoked on ${formatDate(seal.revokedAt!)} and shows grey everywhere.`;
    case 'entity_missing':
      return `${seal.registry}/${name} is no longer in the catalogue, so the seal shows grey everywhere.`;
  }
}

export interface VerifyPageDeps {
  seals: SealService;
  reports: ReportService;
  scale: GradeScale;
  policy: HeaderPolicy;
  publicUrl: string | null;
  assets: SiteAssets;
  limit: RequestHandler;
}

export function createVerifyPageRouter(deps: VerifyPageDeps): Router {
  const router = Router();
  router.get('/verify/:id', deps.limit, async (req, res) => {
    const id = String(req.params.id);
    const base = baseUrlFor(req, deps.publicUrl);
    const found = await workOutCurrent(res, deps.policy, async () => {
      const seal = await deps.seals.find(id);
      if (seal === null) return null;
      const { standing, entity } = await deps.seals.standingOf(seal);
      // The report of exactly this entity: `registry/name` as a target, never a bare name another may share.
      const answer = entity === null ? null : await deps.reports.getReport(`${entity.registry}/${entity.name}`, base);
      return { seal, standing, report: answer?.report ?? null, purgeTags: [sealTag(id), ...(answer?.purgeTags ?? [])] };
    });
    if (found === null) {
      setPageHeaders(res, deps.policy, { status: 404, purgeTags: [sealTag(id)] });
      sendHtml(req, res, renderMissingNotice({
        title: 'No such trust seal',
        description: 'No trust seal has this id.',
        body: html`<p role="status"><strong>Not valid.</strong> No trust seal has this id. A seal that brought you here is not one this service issued.</p>`,
      }, deps.assets));
      return;
    }
    setPageHeaders(res, deps.policy, { status: 200, purgeTags: found.purgeTags });
    sendHtml(req, res, renderVerifyPage({ ...found, scale: deps.scale, host: new URL(base).host, assets: deps.assets }));
  });
  return router;
}
