// What yimen sends to a target for one service: the body of the catalog API contract
// (api/catalog-api.openapi.yaml, ServiceBody), its content hash, its idempotency key and the URL
// the published item gets on the unified app. Pure functions.
import { createHash } from 'node:crypto';
import type { CatalogService } from '../schema/index.js';
import { stableJson } from '../schema/hash.js';

/** The catalog fields a target receives; provenance, usage, extras and issues stay in yimen. */
const PUBLISHED_FIELDS = [
  'name',
  'aliases',
  'catalogCode',
  'taskCode',
  'localCode',
  'taskType',
  'agency',
  'division',
  'useLevel',
  'serviceObjects',
  'caseType',
  'legalLimit',
  'promisedLimit',
  'onSiteVisits',
  'acceptConditions',
  'materials',
  'fee',
  'handlingForms',
  'online',
  'address',
  'hours',
  'consult',
  'complaint',
  'crossRegionScope',
  'legalBasis',
] as const satisfies ReadonlyArray<keyof CatalogService>;

export type ServiceBody = { externalId: string; appId: string; name: string } & Record<string, unknown>;

/** The external id of a service on every target: its stable yimen id. */
export function externalIdOf(s: Pick<CatalogService, 'id'>): string {
  return s.id;
}

export function serviceBody(s: CatalogService): ServiceBody {
  const body: ServiceBody = { externalId: externalIdOf(s), appId: s.appId, name: s.name };
  for (const f of PUBLISHED_FIELDS) {
    const v = s[f];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    (body as Record<string, unknown>)[f] = v;
  }
  return body;
}

/** JSON with object keys sorted at every level and undefined dropped: the same value always gives the same text. */
export const canonicalJson = stableJson;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function contentHashOf(body: unknown): string {
  return sha256(canonicalJson(body));
}

/**
 * The idempotency key of one operation: deterministic, so a retry after a crash sends the same key.
 * `from` is the recorded state the operation starts from, so a later operation that happens to
 * repeat an earlier one (re-listing the same content after an unlist) gets a fresh key.
 */
export function idempotencyKeyOf(serviceId: string, target: string, op: string, contentHash: string, from: string): string {
  return 'ymn-' + sha256([serviceId, target, op, contentHash, from].join('\n')).slice(0, 48);
}

/** The URL of a published item on the unified app, from unifiedApp.serviceUrl. */
export function publishedUrl(template: string, vars: { catalogCode?: string; externalId: string; appId: string }): string {
  const code = vars.catalogCode || vars.externalId;
  return template
    .replaceAll('{catalogCode}', encodeURIComponent(code))
    .replaceAll('{externalId}', encodeURIComponent(vars.externalId))
    .replaceAll('{appId}', encodeURIComponent(vars.appId));
}
