import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestApp } from '../helpers/test-app.js';

const TOKEN = 'a-long-enough-admin-token';
const record = { registry: 'npm', name: 'brand-new-widget', category: 'library', score: 41.5 };

let t: Awaited<ReturnType<typeof createTestApp>> | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('admin routes on their own listener (ADMIN_PORT)', () => {
  it('leaves the public port without admin routes and serves them on the admin one', async () => {
    t = await createTestApp({ ADMIN_TOKEN: TOKEN, ADMIN_PORT: '0' });
    expect(t.adminApp).not.toBeNull();
    const onPublic = await request(t.app).put('/v1/entities/npm/brand-new-widget').set('Authorization', `Bearer ${TOKEN}`).send(record);
    expect(onPublic.status).toBe(404);
    const onAdmin = await request(t.adminApp!).put('/v1/entities/npm/brand-new-widget').set('Authorization', `Bearer ${TOKEN}`).send(record);
    expect(onAdmin.status).toBe(201);
    expect(onAdmin.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-\d+$/);
    const refused = await request(t.adminApp!).delete('/v1/entities/npm/brand-new-widget').set('Authorization', 'Bearer wrong-token-wrong-token');
    expect(refused.status).toBe(401);
    expect((await request(t.adminApp!).get('/badge/openrouter.svg')).status).toBe(404);
    expect((await request(t.app).get('/badge/npm/brand-new-widget.svg')).status).toBe(200);
  });

  it('keeps the admin routes on the public port without ADMIN_PORT', async () => {
    t = await createTestApp({ ADMIN_TOKEN: TOKEN });
    expect(t.adminApp).toBeNull();
    const answer = await request(t.app).put('/v1/entities/npm/brand-new-widget').set('Authorization', `Bearer ${TOKEN}`).send(record);
    expect(answer.status).toBe(201);
  });

  it('refuses ADMIN_PORT without ADMIN_TOKEN', () => {
    expect(() => loadConfig({ ADMIN_PORT: '9001' })).toThrow(ConfigError);
  });
});
