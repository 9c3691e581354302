// The server's request classes: Express finds its prototypes already in place, so requests keep
// one hidden class whichever path answers them (express-classes.ts says why that matters).

import { createServer, get, type IncomingMessage, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressServerOptions } from '../../src/http/express-classes.js';
import { createTestApp } from '../helpers/test-app.js';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set; V8's own check of whether two objects share a hidden class.
const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function listen(options: ServerOptions, handler: RequestListener): Promise<number> {
  const server = createServer(options, handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function fetchText(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('request classes with the Express app prototypes', () => {
  it('arrive with the app prototypes, and Express answers with all its features', async () => {
    const app = express();
    const options = expressServerOptions(app);
    app.get('/echo', (req, res) => res.status(201).json({ q: req.query.q, header: req.get('x-test') ?? null, sameApp: req.app === app && res.app === app }));
    const arrived: boolean[] = [];
    const port = await listen(options, (req, res) => {
      arrived.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response);
      app(req, res);
    });
    const answer = await fetchText(port, '/echo?q=1');
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toEqual({ q: '1', header: null, sameApp: true });
    expect(arrived).toEqual([true]);
    // Express's own methods and the app's extra prototype properties are still found.
    expect(typeof app.request.get).toBe('function');
    expect(typeof app.response.json).toBe('function');
  });

  it('give every response Express answers one hidden class, as the hot path\'s share one; the default classes do not', async () => {
    const t = await createTestApp();
    try {
      const hiddenClassesShared = async (options: ServerOptions): Promise<boolean[]> => {
        const responses: ServerResponse<IncomingMessage>[] = [];
        const port = await listen(options, (req, res) => {
          responses.push(res);
          t.app(req, res);
        });
        // Express answers the first two; the hot path the last two.
        for (const path of ['/healthz', '/healthz', '/badge/npm/sharp.svg', '/badge/npm/sharp.svg', '/badge/npm/sharp.svg']) {
          expect((await fetchText(port, path)).status).toBe(200);
        }
        const [express1, express2, , hot1, hot2] = responses;
        return [sameHiddenClass(express1!, express2!), sameHiddenClass(hot1!, hot2!)];
      };
      expect(await hiddenClassesShared(t.serverOptions)).toEqual([true, true]);
      // The control: Express's setPrototypeOf on a live response gives each its own hidden class.
      expect(await hiddenClassesShared({})).toEqual([false, true]);
    } finally {
      await t.close();
    }
  });
});
