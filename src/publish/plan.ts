// Planning (DESIGN §10, after Terraform's plan): compare what should be on the target (services to
// migrate without error-severity issues) with what the state says is there, and list create /
// update / unlist operations. Pure: the caller reads the store and the target.
import { z } from 'zod';
import { hasErrors, type CatalogService, type Decision } from '../schema/index.js';
import type { JournalEntry, PublicationRow } from '../store/store.js';
import { canonicalJson, contentHashOf, externalIdOf, idempotencyKeyOf, serviceBody, sha256 } from './payload.js';

export const PlanOperation = z.object({
  op: z.enum(['create', 'update', 'unlist']),
  serviceId: z.string(),
  appId: z.string(),
  name: z.string(),
  externalId: z.string(),
  contentHash: z.string(),
  previousHash: z.string().optional(),
  idempotencyKey: z.string(),
  reason: z.string(),
  body: z.record(z.string(), z.unknown()).optional(),
});
export type PlanOperation = z.infer<typeof PlanOperation>;

export const DriftItem = z.object({
  externalId: z.string(),
  serviceId: z.string().optional(),
  kind: z.enum(['changed', 'missing', 'status', 'unrecorded']),
  detail: z.string(),
});
export type DriftItem = z.infer<typeof DriftItem>;

export const PublishPlan = z.object({
  kind: z.literal('yimen-publish-plan'),
  version: z.literal(1),
  target: z.string(),
  targetDescription: z.string(),
  createdAt: z.string(),
  /** the state the plan was made from; a saved plan is refused once it changed */
  fingerprint: z.string(),
  counts: z.object({ create: z.number(), update: z.number(), unlist: z.number(), noop: z.number(), blocked: z.number() }),
  operations: z.array(PlanOperation),
  blocked: z.array(z.object({ serviceId: z.string(), appId: z.string(), name: z.string(), reason: z.string() })),
  /** intents a crash left pending: publish reconciles them before anything else */
  pendingIntents: z.number(),
  drift: z.array(DriftItem).optional(),
});
export type PublishPlan = z.infer<typeof PublishPlan>;

export interface PlanInput {
  target: string;
  targetDescription: string;
  services: CatalogService[];
  decisions: Decision[];
  publications: PublicationRow[];
  pending: JournalEntry[];
  now?: Date;
}

/** The state a plan depends on, as one hash: services to migrate, recorded publications, pending intents. */
export function stateFingerprint(input: Pick<PlanInput, 'target' | 'services' | 'decisions' | 'publications' | 'pending'>, desired: Map<string, string>): string {
  const d = [...desired.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const p = input.publications
    .map((r) => [r.serviceId, r.contentHash, r.status, r.externalId, r.at])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  const j = input.pending.map((e) => e.id).sort((a, b) => a - b);
  return sha256(canonicalJson({ target: input.target, desired: d, publications: p, pending: j }));
}

export function buildPlan(input: PlanInput): PublishPlan {
  const decisions = new Map(input.decisions.map((d) => [d.serviceId, d]));
  const pubs = new Map(input.publications.map((p) => [p.serviceId, p]));
  const services = new Map(input.services.map((s) => [s.id, s]));
  const operations: PlanOperation[] = [];
  const blocked: PublishPlan['blocked'] = [];
  const desired = new Map<string, string>();
  let noop = 0;
  const from = (p: PublicationRow | undefined) => (p ? `${p.contentHash}:${p.status}:${p.at}` : 'none');

  for (const s of input.services) {
    const d = decisions.get(s.id);
    if (d?.action !== 'migrate') continue;
    const pub = pubs.get(s.id);
    if (hasErrors(s)) {
      const first = s.issues.find((i) => i.severity === 'error')!;
      blocked.push({
        serviceId: s.id,
        appId: s.appId,
        name: s.name,
        reason: `${first.field}: ${first.message}${pub?.status === 'listed' ? ' (the listed version stays until fixed)' : ''}`,
      });
      // a listed service that gained an error keeps its listed version: not unlisted, not updated
      if (pub) desired.set(s.id, `blocked:${pub.contentHash}`);
      continue;
    }
    const body = serviceBody(s);
    const hash = contentHashOf(body);
    desired.set(s.id, hash);
    const base = { serviceId: s.id, appId: s.appId, name: s.name, externalId: pub?.externalId ?? externalIdOf(s), contentHash: hash, body };
    if (!pub) {
      operations.push({ ...base, op: 'create', reason: 'to migrate, not on the target yet', idempotencyKey: idempotencyKeyOf(s.id, input.target, 'create', hash, from(pub)) });
    } else if (pub.status === 'unlisted') {
      operations.push({
        ...base,
        op: 'update',
        previousHash: pub.contentHash,
        reason: 'to migrate again after it was unlisted',
        idempotencyKey: idempotencyKeyOf(s.id, input.target, 'update', hash, from(pub)),
      });
    } else if (pub.contentHash !== hash) {
      operations.push({
        ...base,
        op: 'update',
        previousHash: pub.contentHash,
        reason: 'content changed since it was published',
        idempotencyKey: idempotencyKeyOf(s.id, input.target, 'update', hash, from(pub)),
      });
    } else noop++;
  }

  for (const pub of input.publications) {
    if (pub.status !== 'listed' || desired.has(pub.serviceId)) continue;
    const s = services.get(pub.serviceId);
    const d = decisions.get(pub.serviceId);
    const reason = !s ? 'the service no longer exists in its source' : !d ? 'the service has no decision any more' : `now decided ${d.action}: ${d.reason}`;
    operations.push({
      op: 'unlist',
      serviceId: pub.serviceId,
      appId: pub.appId,
      name: s?.name ?? pub.externalId,
      externalId: pub.externalId,
      contentHash: pub.contentHash,
      previousHash: pub.contentHash,
      reason,
      idempotencyKey: idempotencyKeyOf(pub.serviceId, input.target, 'unlist', pub.contentHash, from(pub)),
    });
  }

  const counts = { create: 0, update: 0, unlist: 0, noop, blocked: blocked.length };
  for (const o of operations) counts[o.op]++;
  return {
    kind: 'yimen-publish-plan',
    version: 1,
    target: input.target,
    targetDescription: input.targetDescription,
    createdAt: (input.now ?? new Date()).toISOString(),
    fingerprint: stateFingerprint(input, desired),
    counts,
    operations,
    blocked,
    pendingIntents: input.pending.length,
  };
}

/** Compares what the target holds with what the state recorded; changes nothing. */
export function findDrift(publications: PublicationRow[], remote: Map<string, { status: string; hash: string }>, pending: JournalEntry[]): DriftItem[] {
  const drift: DriftItem[] = [];
  const known = new Set<string>();
  for (const p of publications) {
    known.add(p.externalId);
    const r = remote.get(p.externalId);
    if (!r) {
      if (p.status === 'listed') drift.push({ externalId: p.externalId, serviceId: p.serviceId, kind: 'missing', detail: 'recorded as listed, but the target does not have it' });
      continue;
    }
    if (r.status !== p.status) drift.push({ externalId: p.externalId, serviceId: p.serviceId, kind: 'status', detail: `recorded ${p.status}, the target says ${r.status}` });
    else if (r.hash !== p.contentHash)
      drift.push({ externalId: p.externalId, serviceId: p.serviceId, kind: 'changed', detail: 'the content on the target differs from what yimen published (changed outside yimen)' });
  }
  const pend = new Set(pending.map((e) => e.externalId));
  for (const id of remote.keys()) {
    if (known.has(id)) continue;
    drift.push({
      externalId: id,
      kind: 'unrecorded',
      detail: pend.has(id) ? 'on the target, with an intent pending: publish will reconcile it' : 'on the target, but not recorded in this workspace',
    });
  }
  return drift;
}
