import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRequestLog } from '../../src/http/request-log.js';

function collectingLogger(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

const request = (url: string) => ({ method: 'GET', url, headers: {} }) as unknown as IncomingMessage;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('access log line', () => {
  it('has exactly the shape pino itself writes', async () => {
    const { logger, lines } = collectingLogger();
    createRequestLog(logger).logServed(request('/badge/npm/sharp.svg?style=flat'), 200, 'abc-123', 0.25);
    logger.info({ reqId: 'abc-123', method: 'GET', url: '/badge/npm/sharp.svg?style=flat', status: 200, ms: 0 }, 'request');
    await settle();
    const [ours, pinos] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(ours!)).toEqual(Object.keys(pinos!));
    expect({ ...ours, time: 0, ms: 0 }).toEqual({ ...pinos, time: 0, ms: 0 });
    expect(typeof ours!.ms).toBe('number');
  });

  it('keeps a hostile URL inside one valid JSON line', async () => {
    const { logger, lines } = collectingLogger();
    const url = '/badge/x"y\\z\n{"level":60}\u2028.svg';
    createRequestLog(logger).logServed(request(url), 400, 'id', 0.25);
    await settle();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ url, status: 400, level: 30 });
  });

  it('writes nothing below its level', async () => {
    const { logger, lines } = collectingLogger('warn');
    createRequestLog(logger).logServed(request('/badge/a.svg'), 200, 'id', 0.25);
    await settle();
    expect(lines).toEqual([]);
  });
});
