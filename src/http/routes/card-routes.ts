// The share card route: /card/{target}.png, behind the badge miss limit. Every outcome is a PNG
// (found, or a grey card with 404/409/400/503); headers come from the badge answer's (headers.ts).

import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { CardAnswer, CardOutcome, CardService } from '../../services/card-service.js';
import { requestIdOf } from '../observability/request-log.js';
import { decodeTargetPath } from '../request/request-target.js';
import { prepareBadge, writeBadge } from '../response/badge-response.js';
import { isAnswerCurrent, workOutCurrent } from '../response/fresh-answers.js';
import type { HeaderPolicy } from '../response/headers.js';

/** An image route answers images; its status says what a JSON route's would (unknown 404, ambiguous 409). */
export const CARD_STATUS_BY_OUTCOME: Readonly<Record<CardOutcome, number>> = {
  found: 200,
  unknown: 404,
  ambiguous: 409,
  invalid: 400,
  unavailable: 503,
  busy: 503,
  failed: 503,
};

export const CARD_PATH = /^\/card\/.+\.png$/i;

export function createCardRouter(deps: { getCard: CardService; policy: HeaderPolicy; limit: RequestHandler }): Router {
  const router = Router();

  // No groups: Express would decode a group itself and fail on bad escapes.
  router.get(CARD_PATH, deps.limit, async (req, res) => {
    const target = decodeTargetPath(req.path.slice('/card/'.length, -'.png'.length));
    const answer = await workOutCurrent(res, deps.policy, () => deps.getCard(target));
    sendCard(req, res, answer, deps.policy);
  });

  return router;
}

/** The badge answer's headers (Cache-Control per outcome, strong ETag, Last-Modified, purge tags) with the card's status. */
function sendCard(req: Request, res: Response, answer: CardAnswer, policy: HeaderPolicy): void {
  const { outcome, card, entity, purgeTags, lastModified } = answer;
  const asBadge = { outcome, badge: card, entity, lookup: null, purgeTags, ...(lastModified === null ? {} : { lastModified }) };
  const prepared = prepareBadge(asBadge, null, policy, { current: isAnswerCurrent(res, policy) });
  writeBadge(req, res, { ...prepared, status: CARD_STATUS_BY_OUTCOME[answer.outcome] }, requestIdOf(res));
}
