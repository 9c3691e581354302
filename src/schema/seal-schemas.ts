// The seal API's bodies and answers, declared once: the admin routes validate with them, the services
// build their answers to them, and the OpenAPI document describes them (openapi-seals.ts).

import { z } from 'zod';
import { describeTextProblem } from '../domain/text-rules.js';
import { THEMES } from '../domain/palette.js';
import { SEAL_SIZES } from '../render/templates/seal.js';
import { MAX_SEAL_ORIGINS, MAX_VENDOR_CHARS, parseSealOrigin, SEAL_ID } from '../domain/seal.js';

export const SEAL_STANDINGS = ['active', 'expired', 'revoked', 'entity_missing', 'below_threshold'] as const;

const VendorSchema = z
  .string()
  .min(1)
  .max(MAX_VENDOR_CHARS)
  .superRefine((text, ctx) => {
    const problem = describeTextProblem(text);
    if (problem !== null) ctx.addIssue(`vendor ${problem}`);
    else if (text.trim() !== text) ctx.addIssue('vendor must not start or end with white space');
  })
  .meta({ description: 'Who shows the seal, as its verify page names them.', example: 'Acme Ltd' });

/** Each origin checked and written one way (domain/seal.ts), repeats kept once. */
const OriginsSchema = z
  .array(z.string())
  .min(1)
  .max(MAX_SEAL_ORIGINS)
  .transform((origins, ctx) => {
    const written: string[] = [];
    origins.forEach((raw, index) => {
      const parsed = parseSealOrigin(raw);
      if (parsed.ok) written.push(parsed.origin);
      else ctx.addIssue({ code: 'custom', path: [index], message: `origin ${parsed.message}` });
    });
    return [...new Set(written)];
  })
  .meta({
    description: `1 to ${MAX_SEAL_ORIGINS} origins where the seal shows its grade: \`https://shop.example\`, or \`https://*.shop.example\` for every subdomain (not over a public suffix).`,
    example: ['https://acme.example', 'https://*.acme.example'],
  });

const ExpirySchema = z.iso
  .datetime({ offset: true })
  .nullable()
  .meta({ description: 'When the seal stops showing its grade (ISO-8601, in the future); null: never.', example: '2027-12-31T00:00:00Z' });

export const SealRequestSchema = z
  .object({
    target: z.string().min(1).meta({ description: 'The entity vouched for, as a badge names it (`registry/name`, or a name only one registry holds).', example: 'web/OpenRouter' }),
    vendor: VendorSchema,
    origins: OriginsSchema,
    expires_at: ExpirySchema.optional(),
  })
  .strict()
  .meta({ id: 'SealRequest' });

export const SealPatchSchema = z
  .object({ vendor: VendorSchema.optional(), origins: OriginsSchema.optional(), expires_at: ExpirySchema.optional() })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'give at least one of vendor, origins, expires_at' })
  .meta({ id: 'SealPatch', description: 'A JSON merge patch: the fields given replace the seal\'s; `expires_at: null` removes the expiry.' });

const SealIdSchema = z.string().regex(SEAL_ID).meta({ description: '128 random bits, base64url.', example: 'q7Vd0pWm2cJ5nL3xYt8eZA' });

export const SealAnswerSchema = z
  .object({
    id: SealIdSchema,
    entity: z.object({ registry: z.string(), name: z.string() }).strict(),
    vendor: z.string(),
    origins: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    standing: z.enum(SEAL_STANDINGS).meta({ description: '`active`: it shows its grade on its origins; otherwise why it shows grey everywhere.' }),
    image: z.object({ svg: z.url(), png: z.url() }).strict(),
    verify_url: z.url().meta({ description: 'Where a click on the seal lands: its status in words.' }),
    snippets: z.object({
      html: z.string().meta({ description: 'The seal linked to its verify page; the browser\'s Referer proves the page\'s origin.' }),
      script: z.string().meta({ description: 'For pages that send no Referer: the same, with a script that asks for a five-minute ticket naming the page\'s origin.' }),
    }).strict(),
    purge_tag: z.string().meta({ description: 'The verify page\'s CDN tag; every change to the seal names it in X-Purge-Tag.' }),
  })
  .strict()
  .meta({ id: 'Seal' });

export const SealTicketSchema = z
  .object({
    svg: z.url(),
    png: z.url(),
    expires_at: z.string().meta({ description: 'The ticket\'s end: the script asks for a new one on the next page view.' }),
  })
  .strict()
  .meta({ id: 'SealTicket', description: 'Image URLs carrying a signed ticket for the Origin the browser sent.' });

/** A ticket is a compact JWS of a few hundred characters. */
const MAX_TICKET_CHARS = 2048;

export const SealImageQuerySchema = z.object({
  size: z.enum(SEAL_SIZES).default('large').meta({ description: 'large (the default) or small.' }),
  theme: z.enum(THEMES).default('light').meta({ description: 'The page the seal sits on: light (default) or dark.' }),
  ticket: z.string().max(MAX_TICKET_CHARS).optional().meta({ description: 'A ticket from /v1/seals/{id}/ticket (the script snippet adds it).' }),
});

export type SealRequest = z.output<typeof SealRequestSchema>;
export type SealPatch = z.output<typeof SealPatchSchema>;
export type SealAnswer = z.infer<typeof SealAnswerSchema>;
export type SealStandingName = (typeof SEAL_STANDINGS)[number];
export type SealTicket = z.infer<typeof SealTicketSchema>;
