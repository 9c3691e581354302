// Types for negotiator 1.x, the version Express itself uses: @types/negotiator describes 0.6,
// which lacks the `preferred` option that breaks ties between codings a client weighs alike.

declare module 'negotiator' {
  class Negotiator {
    constructor(request: { headers: Readonly<Record<string, string | readonly string[] | undefined>> });
    /** The codings of `available` the client accepts, best first; ties in `preferred`'s order. */
    encodings(available: readonly string[], options?: { preferred?: readonly string[] }): string[];
  }
  export = Negotiator;
}
