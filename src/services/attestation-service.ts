// Signed reports: the report of a target, as GET /v1/entities answers it, with the claims that
// bind it to this service, its entity and a time, signed as a compact JWS. Resolves through the
// report service (same 400/404/409), so nothing about targets is decided twice.

import { ATTESTATION_TYPE, type AttestationClaims } from '../schema/attestation.js';
import { entityTag } from './purge-tag.js';
import type { ReportService } from './report-service.js';
import type { Signer } from './signing-keys.js';

export interface AttestationServiceDeps {
  reports: ReportService;
  signer: Signer;
  /** exp = iat + this. */
  ttlSeconds: number;
}

export function createAttestationService(deps: AttestationServiceDeps) {
  /** `baseUrl` is the issuer (and the report's links' base). iat and exp are the signer's to add. */
  async function getAttestation(rawTarget: string, baseUrl: string): Promise<{ token: string; claims: Omit<AttestationClaims, 'iat' | 'exp'> }> {
    const { report } = await deps.reports.getReport(rawTarget, baseUrl);
    const { registry, name } = report.entity;
    const claims = { ...report, iss: baseUrl, sub: `${registry}/${name}`, purge_tag: entityTag(registry, name) };
    const token = await deps.signer.sign(claims, { typ: ATTESTATION_TYPE, ttlSeconds: deps.ttlSeconds });
    return { token, claims };
  }

  return { getAttestation };
}

export type AttestationService = ReturnType<typeof createAttestationService>;
