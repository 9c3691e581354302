// The seal image's front door, before Express, as the hot path is for badges: a seal is answered
// from its row (one indexed read) and memory (the entity lookup, the drawn picture), never from a
// remembered answer, since each depends on the page asking. Whatever would cost more — an entity the
// lookup cache lacks, a picture not drawn yet, a query it cannot read — goes on to Express, whose
// miss limit charges it (routes/seal-routes.ts answers it the same way).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestBudgets } from '../cache/request-budget.js';
import { AppError } from '../domain/errors.js';
import { SealImageQuerySchema } from '../schema/seal-schemas.js';
import type { SealService } from '../services/seal-service.js';
import { SEAL_PATH, sendSealImage, STATUS_BY_STATE } from './routes/seal-routes.js';

export interface SealPathOptions {
  seals: SealService;
  budgets: RequestBudgets;
  /** The request id, as Express's requests get it. */
  requestId: (req: IncomingMessage) => string;
  /** The per-request bookkeeping shared with Express: log line and metrics. */
  onServed: (req: IncomingMessage, status: number, reqId: string, startedNs: bigint) => void;
  /** Where a request goes that this path does not answer from memory: Express. */
  fallBack: (req: IncomingMessage, res: ServerResponse) => void;
}

/** What any charge meets here: the work is not done on this path, but handed to Express. */
const NOT_FROM_MEMORY = (): Promise<never> => Promise.reject(new AppError('rate_limited', { detail: 'not answered from memory' }));

export function createSealPath(options: SealPathOptions): { handle(req: IncomingMessage, res: ServerResponse): boolean } {
  async function answer(req: IncomingMessage, res: ServerResponse, startedNs: bigint): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://seal.invalid');
    const match = SEAL_PATH.exec(url.pathname);
    if (match === null) return false;
    // Express reads a repeated parameter as a list (a 400 there); so is anything this schema refuses.
    if (new Set(url.searchParams.keys()).size !== [...url.searchParams.keys()].length) return false;
    const query = SealImageQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return false;
    const [, id, format] = match as unknown as [string, string, 'svg' | 'png'];
    const image = await options.budgets.run(NOT_FROM_MEMORY, () => options.seals.image({ id, format, ...query.data, referer: req.headers.referer }));
    const reqId = options.requestId(req);
    const status = STATUS_BY_STATE[image.state];
    sendSealImage(req, res, image, status, reqId);
    options.onServed(req, res.statusCode, reqId, startedNs);
    return true;
  }

  return {
    handle(req, res) {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !(req.url ?? '').startsWith('/seal/')) return false;
      const startedNs = process.hrtime.bigint();
      // Handed on only while nothing has been written: a failure after the answer went out is the answer's.
      const handOn = (): void => {
        if (!res.headersSent) options.fallBack(req, res);
      };
      answer(req, res, startedNs).then((answered) => answered || handOn(), handOn);
      return true;
    },
  };
}
