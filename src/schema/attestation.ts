// What a signed report is: its JWS type, the claims its payload adds to the report, and the key
// set that verifies it (GET /.well-known/jwks.json). Declares shapes only; signing lives in services.

import { z } from 'zod';
import { EntityReportSchema } from './answers.js';

/** The `typ` header of every attestation: a verifier refuses any other (a seal ticket, say). */
export const ATTESTATION_TYPE = 'trustbadge-attestation+jwt';

export const JwkSchema = z
  .object({
    kty: z.enum(['OKP', 'EC']),
    crv: z.enum(['Ed25519', 'P-256']),
    x: z.string(),
    y: z.string().optional().meta({ description: 'EC keys only.' }),
    kid: z.string().meta({ description: 'The key\'s RFC 7638 thumbprint (SHA-256), as the JWS header names it.' }),
    alg: z.enum(['EdDSA', 'ES256']),
    use: z.literal('sig'),
  })
  .strict()
  .meta({ id: 'Jwk', description: 'A public key that verifies the service\'s signatures.' });

export const JwksSchema = z
  .object({ keys: z.array(JwkSchema).min(1) })
  .strict()
  .meta({ id: 'JwkSet', description: 'Every key the service signs or signed with, oldest first; the last one signs new tokens.' });

/** The payload: the report as GET /v1/entities answers it, and the JWT claims. */
export const AttestationClaimsSchema = EntityReportSchema.extend({
  iss: z.string().meta({ description: 'The service\'s base URL.' }),
  sub: z.string().meta({ description: 'The entity as `registry/name`.', example: 'web/OpenRouter' }),
  iat: z.int().meta({ description: 'Signed at, in seconds since the epoch.' }),
  exp: z.int().meta({ description: 'Valid until, in seconds since the epoch (ATTESTATION_TTL_SECONDS after iat).' }),
  purge_tag: z.string().meta({ description: 'The entity\'s CDN purge tag: a change of the entity purges this tag.' }),
}).meta({ id: 'AttestationClaims' });

export type AttestationClaims = z.infer<typeof AttestationClaimsSchema>;
