// The pure planner: operations, blocked services, deterministic idempotency keys, the state
// fingerprint, drift.
import { describe, it, expect } from 'vitest';
import { buildPlan, findDrift } from '../../src/publish/plan.js';
import { contentHashOf, serviceBody, publishedUrl } from '../../src/publish/payload.js';
import { service } from './fixture.js';
import type { Decision } from '../../src/schema/index.js';
import type { PublicationRow } from '../../src/store/store.js';

const decide = (id: string, action: Decision['action'] = 'migrate'): Decision => ({
  serviceId: id,
  appId: 'demo',
  action,
  reason: 'r',
  decidedBy: 'rule',
  candidates: [],
  actor: 't',
  at: '2026-01-01',
});
const pub = (id: string, hash: string, status: PublicationRow['status'] = 'listed'): PublicationRow => ({
  serviceId: id,
  appId: 'demo',
  target: 'local',
  externalId: id,
  contentHash: hash,
  status,
  at: '2026-01-02T00:00:00Z',
});
const base = { target: 'local', targetDescription: 'x', pending: [] };

describe('buildPlan', () => {
  const s1 = service(1);
  const s2 = service(2);
  const s3 = service(3);
  const bad = service(4, { issues: [{ field: 'name', severity: 'error', code: 'E', message: 'bad' }] });
  const h = (s: typeof s1) => contentHashOf(serviceBody(s));

  it('creates, updates on content change, unlists what no longer migrates, blocks services with errors', () => {
    const plan = buildPlan({
      ...base,
      services: [s1, { ...s2, name: '改了' }, s3, bad],
      decisions: [decide(s1.id), decide(s2.id), decide(s3.id, 'merge'), decide(bad.id)],
      publications: [pub(s2.id, h(s2)), pub(s3.id, h(s3)), pub('demo-gone', 'hh')],
    });
    expect(plan.operations.map((o) => [o.op, o.serviceId])).toEqual([
      ['create', s1.id],
      ['update', s2.id],
      ['unlist', s3.id],
      ['unlist', 'demo-gone'],
    ]);
    expect(plan.counts).toEqual({ create: 1, update: 1, unlist: 2, noop: 0, blocked: 1 });
    expect(plan.blocked[0]).toMatchObject({ serviceId: bad.id });
    expect(plan.operations[3]!.reason).toContain('no longer exists');
  });

  it('is a no-op when the target holds the same content; re-lists an unlisted service', () => {
    let plan = buildPlan({ ...base, services: [s1], decisions: [decide(s1.id)], publications: [pub(s1.id, h(s1))] });
    expect(plan.operations).toEqual([]);
    expect(plan.counts.noop).toBe(1);
    plan = buildPlan({ ...base, services: [s1], decisions: [decide(s1.id)], publications: [pub(s1.id, h(s1), 'unlisted')] });
    expect(plan.operations.map((o) => o.op)).toEqual(['update']);
  });

  it('keeps a listed service that gained an error (not unlisted, not updated)', () => {
    const plan = buildPlan({ ...base, services: [bad], decisions: [decide(bad.id)], publications: [pub(bad.id, 'old')] });
    expect(plan.operations).toEqual([]);
    expect(plan.blocked[0]!.reason).toContain('listed version stays');
  });

  it('derives the same idempotency key from the same state, a new one once the state moved on', () => {
    const input = { ...base, services: [s1], decisions: [decide(s1.id)], publications: [] };
    const a = buildPlan(input);
    const b = buildPlan(input);
    expect(a.operations[0]!.idempotencyKey).toBe(b.operations[0]!.idempotencyKey);
    expect(a.fingerprint).toBe(b.fingerprint);
    // create → unlist → the same content again: the re-list is an update with a fresh key
    const c = buildPlan({ ...input, publications: [pub(s1.id, h(s1), 'unlisted')] });
    expect(c.operations[0]!.idempotencyKey).not.toBe(a.operations[0]!.idempotencyKey);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('the fingerprint changes with content, decisions and pending intents', () => {
    const input = { ...base, services: [s1], decisions: [decide(s1.id)], publications: [] };
    const f = buildPlan(input).fingerprint;
    expect(buildPlan({ ...input, services: [{ ...s1, name: 'x' }] }).fingerprint).not.toBe(f);
    expect(buildPlan({ ...input, decisions: [decide(s1.id, 'retire')] }).fingerprint).not.toBe(f);
    const pending = [{ id: 7 } as never];
    expect(buildPlan({ ...input, pending }).fingerprint).not.toBe(f);
  });
});

describe('findDrift and URLs', () => {
  it('reports changed, status, missing and unrecorded items', () => {
    const drift = findDrift(
      [pub('a', 'h1'), pub('b', 'h2'), pub('c', 'h3')],
      new Map([
        ['a', { status: 'listed', hash: 'other' }],
        ['b', { status: 'unlisted', hash: 'h2' }],
        ['z', { status: 'listed', hash: 'h9' }],
      ]),
      [],
    );
    expect(drift.map((d) => [d.externalId, d.kind])).toEqual([
      ['a', 'changed'],
      ['b', 'status'],
      ['c', 'missing'],
      ['z', 'unrecorded'],
    ]);
  });

  it('builds the unified-app URL from the catalog code, else the external id', () => {
    const t = 'https://sfb.example.gov.cn/service/{catalogCode}?from={appId}';
    expect(publishedUrl(t, { catalogCode: '320000000001', externalId: 'x-1', appId: 'wujiang' })).toBe('https://sfb.example.gov.cn/service/320000000001?from=wujiang');
    expect(publishedUrl(t, { externalId: 'x-1', appId: 'wujiang' })).toBe('https://sfb.example.gov.cn/service/x-1?from=wujiang');
  });
});
