// The JSON answers of the operator's routes, declared once: health, liveness and readiness (system
// routes), and the admin writes' answers with the CDN purge tags they made wrong. The public API's
// answers are in answers.ts; the OpenAPI document describes both (openapi-document.ts).

import { z } from 'zod';
import { EntityRecordSchema } from '../domain/entity-record.js';

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    store: z.object({ engine: z.string(), ok: z.boolean() }).strict(),
    cache: z.record(z.string(), z.number()),
    lookups: z.record(z.string(), z.number()),
    hot_path: z.record(z.string(), z.number()),
    render_queue: z.record(z.string(), z.unknown()),
    uptime_seconds: z.int().min(0),
    memory_bytes: z.object({ rss: z.number(), heap_used: z.number(), heap_total: z.number(), external: z.number() }).strict(),
  })
  .strict()
  .meta({ id: 'Health' });

export const LiveSchema = z.object({ status: z.literal('alive') }).strict().meta({ id: 'Live' });
export const ReadySchema = z
  .object({ status: z.enum(['ready', 'not_ready']), draining: z.boolean(), store: z.object({ engine: z.string(), ok: z.boolean().nullable() }).strict() })
  .strict()
  .meta({ id: 'Ready' });

const PurgeTagsSchema = z.array(z.string()).meta({ description: 'Every CDN purge tag the write can have made wrong (also in `X-Purge-Tag`).' });

export const PutEntityAnswerSchema = z
  .object({
    created: z.boolean(),
    changed: z.boolean(),
    purge_tag: z.string().meta({ description: "The entity's own purge tag." }),
    purge_tags: PurgeTagsSchema,
    entity: EntityRecordSchema,
  })
  .strict()
  .meta({ id: 'PutEntityAnswer' });

export const ImportAnswerSchema = z
  .object({
    lines: z.int().min(0).meta({ description: 'Records read (blank lines aside).' }),
    inserted: z.int().min(0),
    updated: z.int().min(0),
    unchanged: z.int().min(0),
    purge_tags: PurgeTagsSchema,
  })
  .strict()
  .meta({ id: 'ImportAnswer' });

export type PutEntityAnswer = z.infer<typeof PutEntityAnswerSchema>;
export type ImportAnswer = z.infer<typeof ImportAnswerSchema>;
