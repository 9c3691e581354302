// The request and response classes a server hands to an Express app: their prototypes are the
// app's own `app.request` and `app.response`, so Express finds them already in place.

import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { Express } from 'express';

/**
 * Express gives every request it handles its app's prototypes with Object.setPrototypeOf. On a
 * request already in flight, V8 then gives that object a hidden class no other object shares, and
 * every property it adds afterwards makes another. Node's HTTP and stream code, which every
 * request runs through (the hot path's included), met a new shape per Express request and its
 * property lookups went megamorphic for the life of the process: plain node:http answering the
 * same bytes took ~25 % more instructions once Express had served a few hundred requests in that
 * process (README, Performance). Requests built from these classes already carry the app's
 * prototypes, so Express's setPrototypeOf changes nothing and they all share one shape.
 */
export function expressServerOptions(app: Express): ServerOptions {
  class Request extends IncomingMessage {}
  class Response extends ServerResponse {}
  adopt(Request.prototype, app.request);
  adopt(Response.prototype, app.response);
  app.request = Request.prototype as unknown as Express['request'];
  app.response = Response.prototype as unknown as Express['response'];
  return { IncomingMessage: Request, ServerResponse: Response as typeof ServerResponse };
}

/** Makes `target` stand in for Express's prototype object: its parent (Express's methods) and its own properties (`app`). */
function adopt(target: object, expressPrototype: object): void {
  Object.setPrototypeOf(target, Object.getPrototypeOf(expressPrototype) as object);
  Object.defineProperties(target, Object.getOwnPropertyDescriptors(expressPrototype));
}
