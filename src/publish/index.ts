// Publishing (DESIGN §10): planPublish compares what should be on the target with the recorded
// state; applyPublish applies a plan under the workspace lock, journalling every operation
// (intent → call → outcome) so a crash at any moment is reconciled on the next run.
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { Workspace } from '../workspace/loader.js';
import type { JournalEntry, PublicationRow, Store } from '../store/store.js';
import { YimenError, ExitCode } from '../errors.js';
import { buildPlan, findDrift, PublishPlan, type PlanOperation, type DriftItem } from './plan.js';
import { contentHashOf, publishedUrl } from './payload.js';
import { acquireLock, type LockInfo } from '../workspace/lock.js';
import { checkStateFile } from '../store/maintenance.js';
import { existsSync } from 'node:fs';
import { groupCommit } from './group-commit.js';
import { openTarget, type PublishTarget, type RemoteItem, type OpResult } from './targets/index.js';

export { PublishPlan, type PlanOperation, type DriftItem } from './plan.js';
export { acquireLock, breakLock, readLock, type LockInfo } from '../workspace/lock.js';
export { openTarget, type PublishTarget } from './targets/index.js';

export interface PublishProgress {
  phase: 'reconcile' | 'apply';
  done: number;
  total: number;
  failed: number;
  op?: string;
  serviceId?: string;
}

export interface PublishFailure {
  serviceId: string;
  name: string;
  op: string;
  externalId: string;
  status?: number;
  reason: string;
}

export interface PublishSummary {
  target: string;
  targetDescription: string;
  runId: string;
  startedAt: string;
  durationMs: number;
  brokeLock?: LockInfo;
  reconciled: { applied: number; notApplied: number; unresolved: number };
  counts: { create: number; update: number; unlist: number; failed: number; noop: number; blocked: number; notStarted: number };
  /** stopped early (Ctrl-C / SIGTERM): operations not started are left for the next run */
  interrupted: boolean;
  operations: number;
  failures: PublishFailure[];
  blocked: PublishPlan['blocked'];
  /** 0 all done, 3 some failed, 1 all failed */
  exitCode: 0 | 1 | 3;
}

function readState(ws: Workspace, store: Store, target: PublishTarget): PublishPlan {
  return buildPlan({
    target: target.name,
    targetDescription: target.description,
    services: store.services.list(),
    decisions: store.decisions.list(),
    publications: store.publications.list(target.name),
    pending: store.journal.pending(target.name),
  });
}

export async function planPublish(ws: Workspace, store: Store, opts: { refresh?: boolean; target?: PublishTarget } = {}): Promise<PublishPlan> {
  const target = opts.target ?? openTarget(ws, store);
  try {
    const plan = readState(ws, store, target);
    if (opts.refresh) {
      await target.prepare?.();
      const pubs = store.publications.list(target.name);
      const pending = store.journal.pending(target.name);
      // only items that are ours: recorded, pending, or a service of this workspace
      const ours = new Set<string>([...pubs.map((p) => p.externalId), ...pending.map((p) => p.externalId), ...store.services.list().map((s) => s.id)]);
      const remote = new Map<string, { status: string; hash: string }>();
      for await (const it of target.list()) if (ours.has(it.externalId)) remote.set(it.externalId, { status: it.status, hash: contentHashOf(it.service) });
      plan.drift = findDrift(pubs, remote, pending);
    }
    return plan;
  } finally {
    if (!opts.target) await target.close?.();
  }
}

function errInfo(e: unknown): { status?: number; reason: string } {
  const x = e as { status?: number; problem?: { detail?: string; title?: string }; message?: string };
  return { status: x.status, reason: x.problem?.detail || x.problem?.title || x.message || String(e) };
}

export interface ApplyOptions {
  actor: string;
  plan?: PublishPlan;
  concurrency?: number;
  onProgress?: (p: PublishProgress) => void;
  signal?: AbortSignal;
  target?: PublishTarget;
}

/**
 * A publish never starts on a store that fails SQLite's quick integrity check: what it would read
 * (the plan, the journal) cannot be trusted, and what it writes to a target cannot be taken back.
 */
function refuseDamagedStore(store: Store): void {
  if (!existsSync(store.path)) return; // an in-memory store (a tool embedding yimen)
  const report = checkStateFile(store.path, { quick: true });
  if (report.ok) return;
  const first = report.findings.find((f) => f.severity === 'error') ?? report.findings[0];
  throw new YimenError('E_STORE_DAMAGED', `the workspace store fails its integrity check: ${first?.message ?? 'unknown problem'}; nothing was published`, {
    hint: first?.hint ?? 'run `yimen doctor`, then `yimen restore FILE` from a backup',
    details: { findings: report.findings },
  });
}

/** what every step of one publish run shares */
interface ApplyRun {
  ws: Workspace;
  store: Store;
  target: PublishTarget;
  runId: string;
  opts: ApplyOptions;
}

type Counts = PublishSummary['counts'];
type Reconciled = PublishSummary['reconciled'];

/**
 * Applies a plan (or the current one) under the workspace lock, in four steps: reconcile what a
 * crash left pending, apply the operations (intent → call → outcome), record the outcomes, and
 * summarise the run.
 */
export async function applyPublish(ws: Workspace, store: Store, opts: ApplyOptions): Promise<PublishSummary> {
  const started = Date.now();
  refuseDamagedStore(store);
  const target = opts.target ?? openTarget(ws, store);
  await target.prepare?.();
  const lock = acquireLock(ws.paths.lock, { actor: opts.actor, operation: `publish → ${target.name}` });
  try {
    if (lock.broke) {
      store.events.append({
        actor: opts.actor,
        action: 'publish.lock',
        entity: 'workspace',
        summary: `broke a stale lock ${lock.broke.id} (pid ${lock.broke.pid} of ${lock.broke.actor} is gone)`,
        details: lock.broke,
      });
    }
    const run: ApplyRun = { ws, store, target, runId: randomUUID(), opts };
    if (opts.plan) checkSavedPlan(run, opts.plan);
    const reconciled = await reconcilePending(run);
    clearPublishQuarantine(run);
    const current = readState(ws, store, target);
    const { ops, failures } = selectOperations(run, current);
    const counts: Counts = { create: 0, update: 0, unlist: 0, failed: 0, noop: current.counts.noop, blocked: current.counts.blocked, notStarted: 0 };
    await applyOperations(run, ops, counts, failures);
    return summarise(run, { started, brokeLock: lock.broke, reconciled, counts, total: ops.length, failures, blocked: current.blocked });
  } finally {
    lock.release();
    if (!opts.target) await target.close?.();
  }
}

/** a saved plan must be for this target and made from the state the workspace is in now */
function checkSavedPlan({ ws, store, target }: ApplyRun, plan: PublishPlan): void {
  const saved = PublishPlan.parse(plan);
  if (saved.target !== target.name) {
    throw new YimenError('E_PLAN_TARGET', `the plan was made for the ${saved.target} target, the workspace publishes to ${target.name}`, { exitCode: ExitCode.usage });
  }
  const now = readState(ws, store, target);
  if (now.fingerprint !== saved.fingerprint) {
    throw new YimenError('E_PLAN_STALE', 'the saved plan no longer matches the workspace state (something was published, decided or mapped since)', {
      hint: 'make a new plan with `yimen plan --out FILE`, review it, and publish that',
      exitCode: ExitCode.usage,
    });
  }
}

/** the publication an operation's outcome leaves on the target */
function publicationOf(
  { ws, target }: ApplyRun,
  e: { serviceId: string; appId: string; externalId: string; contentHash: string; op: string; body?: unknown },
  r: OpResult,
  prev?: PublicationRow,
): PublicationRow {
  const url = (body: any, item: RemoteItem | undefined) =>
    publishedUrl(ws.config.unifiedApp.serviceUrl, { catalogCode: item?.code || body?.catalogCode, externalId: e.externalId, appId: e.appId });
  const listed = e.op !== 'unlist';
  return {
    serviceId: e.serviceId,
    appId: e.appId,
    target: target.name,
    externalId: e.externalId,
    contentHash: e.contentHash,
    status: listed ? 'listed' : 'unlisted',
    url: listed ? url(e.body, r.item) : (prev?.url ?? url(r.item?.service, r.item)),
    remoteVersion: r.item?.version,
    at: new Date().toISOString(),
  };
}

/** Step 1: what a crash left pending is looked up on the target before anything is retried. */
async function reconcilePending(run: ApplyRun): Promise<Reconciled> {
  const { store, target, opts } = run;
  const reconciled = { applied: 0, notApplied: 0, unresolved: 0 };
  const pending = store.journal.pending(target.name);
  for (const [i, e] of pending.entries()) {
    opts.onProgress?.({ phase: 'reconcile', done: i, total: pending.length, failed: reconciled.unresolved });
    let remote: RemoteItem | undefined;
    try {
      remote = await target.get(e.externalId);
    } catch {
      reconciled.unresolved++;
      continue; // stays pending; selectOperations leaves its service alone
    }
    const applied =
      e.op === 'unlist' ? !remote || remote.status === 'unlisted' : !!remote && remote.status === 'listed' && contentHashOf(remote.service) === e.contentHash;
    store.tx(() => {
      if (applied) {
        store.journal.finish(e.id, 'reconciled', { result: remote ? { version: remote.version, code: remote.code } : undefined });
        store.publications.upsert(publicationOf(run, e, { item: remote }, store.publications.get(e.serviceId, target.name)));
        reconciled.applied++;
      } else {
        store.journal.finish(e.id, 'abandoned', { error: 'not applied on the target: planned again' });
        reconciled.notApplied++;
      }
      store.events.append({
        actor: opts.actor,
        action: 'publish.reconcile',
        entity: `service:${e.serviceId}`,
        summary: `${e.op} left pending by run ${e.runId.slice(0, 8)}: ${applied ? 'found applied on the target, recorded' : 'not on the target, planned again'}`,
      });
    });
  }
  return reconciled;
}

/**
 * A failed publish is quarantined until a run gets it through: every run retries all of them, so
 * each run starts from a clean slate for what it owns.
 */
function clearPublishQuarantine({ ws, store }: ApplyRun): void {
  const appIds = new Set([...ws.config.apps.map((a) => a.id), ...store.quarantine.list({ stage: 'publish' }).map((q) => q.appId)]);
  store.tx(() => appIds.forEach((a) => store.quarantine.clear(a, 'publish')));
}

/**
 * Step 2: what to do now: the current plan, limited to the saved plan's operations when one is
 * given; a service whose earlier intent is still unresolved is not touched.
 */
function selectOperations({ store, target, opts }: ApplyRun, current: PublishPlan): { ops: PlanOperation[]; failures: PublishFailure[] } {
  const stillPending = new Set(store.journal.pending(target.name).map((e) => e.serviceId));
  let ops: PlanOperation[] = current.operations;
  if (opts.plan) {
    const want = new Set(opts.plan.operations.map((o) => `${o.serviceId}|${o.op}|${o.contentHash}`));
    ops = ops.filter((o) => want.has(`${o.serviceId}|${o.op}|${o.contentHash}`));
  }
  const failures: PublishFailure[] = [];
  for (const o of ops.filter((o) => stillPending.has(o.serviceId))) {
    failures.push({ serviceId: o.serviceId, name: o.name, op: o.op, externalId: o.externalId, reason: 'an earlier intent could not be looked up on the target; not retried' });
  }
  return { ops: ops.filter((o) => !stillPending.has(o.serviceId)), failures };
}

type Called = { journalId: number; r?: OpResult; err?: unknown };

/** Step 3: intent → call → outcome for every operation, with bounded concurrency. */
async function applyOperations(run: ApplyRun, ops: PlanOperation[], counts: Counts, failures: PublishFailure[]): Promise<void> {
  const { ws, store, target, runId, opts } = run;
  const deferred: Array<() => void> = [];
  const t = ws.config.target;
  const concurrency = Math.max(1, opts.concurrency ?? (t.type === 'http' ? (t.concurrency ?? 8) : 1));
  // at most `concurrency` calls in flight; up to as many intents more are recorded ahead, so a
  // freed slot starts its next call at once instead of waiting for that call's intent to commit
  const limit = pLimit(concurrency);
  const ahead = pLimit(concurrency * 2);
  const commit = groupCommit(store);
  const backlog = Math.max(1, Math.floor(concurrency / 4));
  let done = 0;
  const total = ops.length;
  opts.onProgress?.({ phase: 'apply', done: 0, total, failed: 0 });
  // the slot is held for the intent and the call only: the outcome is recorded outside it, so the
  // next call starts while the last outcome waits for its (grouped) commit
  const callOne = (o: PlanOperation) =>
    ahead(async (): Promise<Called | undefined> => {
      if (opts.signal?.aborted) {
        counts.notStarted++;
        return undefined;
      }
      // the intent is committed before the target is called. Urgent (committed at the end of this
      // turn) unless a good few committed intents already wait for a call slot: then it rides along
      // with the next commit, at most a few ms later, and the next call never waits for it (an
      // urgent intent, queued as soon as that backlog runs low, commits every queued one)
      const journalId = await commit(
        () =>
          store.journal.begin({
            runId,
            target: target.name,
            serviceId: o.serviceId,
            appId: o.appId,
            op: o.op,
            externalId: o.externalId,
            contentHash: o.contentHash,
            idempotencyKey: o.idempotencyKey,
          }),
        limit.pendingCount < backlog,
      );
      return limit(async () => {
        if (opts.signal?.aborted) {
          counts.notStarted++;
          await commit(() => store.journal.finish(journalId, 'abandoned', { error: 'stopped before the call (interrupted)' }), false);
          return undefined;
        }
        try {
          const r = o.op === 'unlist' ? await target.unlist(o.externalId, o.idempotencyKey) : await target.put(o.externalId, o.body, o.idempotencyKey);
          return { journalId, r };
        } catch (err) {
          return { journalId, err };
        }
      });
    });
  const recordOne = async (o: PlanOperation, c: Called | undefined) => {
    if (!c) return;
    try {
      if (c.r) {
        const record = () => recordDone(run, o, c.journalId, c.r!, counts);
        // outcomes gate no call: they are committed with the next batch (a crash before that leaves
        // the intent pending, and the next run looks it up on the target)
        if (target.deferred) deferred.push(record);
        else await commit(record, false);
      } else {
        const failure = failureOf(o, c.err);
        await commit(() => recordFailed(run, o, c.journalId, failure), false);
        failures.push(failure);
        counts.failed++;
      }
    } finally {
      done++;
      opts.onProgress?.({ phase: 'apply', done, total, failed: counts.failed, op: o.op, serviceId: o.serviceId });
    }
  };
  await Promise.all(ops.map((o) => callOne(o).then((c) => recordOne(o, c))));
  if (target.deferred && deferred.length) {
    // a package is durable only once written: record the outcomes after that, in one transaction
    await target.flush?.();
    store.tx(() => deferred.forEach((f) => f()));
  } else if (target.deferred) {
    await target.flush?.();
  }
}

function failureOf(o: PlanOperation, err: unknown): PublishFailure {
  const { status, reason } = errInfo(err);
  return { serviceId: o.serviceId, name: o.name, op: o.op, externalId: o.externalId, status, reason };
}

/** Step 3, outcome: a done operation closes its intent and records the publication */
function recordDone(run: ApplyRun, o: PlanOperation, journalId: number, r: OpResult, counts: Counts): void {
  const { store, target, opts } = run;
  store.journal.finish(journalId, 'done', { result: { created: r.created, version: r.item?.version, code: r.item?.code, replayed: r.replayed } });
  store.publications.upsert(publicationOf(run, o, r, o.op === 'unlist' ? store.publications.get(o.serviceId, target.name) : undefined));
  store.events.append({
    actor: opts.actor,
    action: `publish.${o.op}`,
    entity: `service:${o.serviceId}`,
    summary: `${o.op === 'unlist' ? 'unlisted from' : o.op === 'create' ? 'published to' : 'updated on'} ${target.name}: ${o.name}`,
    details: { externalId: o.externalId, contentHash: o.contentHash, version: r.item?.version, reason: o.reason },
  });
  counts[o.op]++;
}

/** Step 3, outcome: a failed operation closes its intent as failed and is quarantined */
function recordFailed({ store, target, opts }: ApplyRun, o: PlanOperation, journalId: number, f: PublishFailure): void {
  const { status, reason } = f;
  store.journal.finish(journalId, 'failed', { error: `${status ? `HTTP ${status}: ` : ''}${reason}` });
  store.quarantine.add({
    appId: o.appId,
    stage: 'publish',
    locator: `service:${o.serviceId}`,
    reason: `${o.op} on ${target.name} failed${status ? ` (HTTP ${status})` : ''}: ${reason}`,
    data: { externalId: o.externalId, op: o.op, status },
  });
  store.events.append({
    actor: opts.actor,
    action: 'publish.failed',
    entity: `service:${o.serviceId}`,
    summary: `${o.op} on ${target.name} failed: ${reason}`,
    details: { status, externalId: o.externalId },
  });
}

/** Step 4: the run's summary and exit code, and one event when anything happened. */
function summarise(
  { store, target, runId, opts }: ApplyRun,
  r: { started: number; brokeLock?: LockInfo; reconciled: Reconciled; counts: Counts; total: number; failures: PublishFailure[]; blocked: PublishPlan['blocked'] },
): PublishSummary {
  const { counts, failures, reconciled, total } = r;
  const attempted = total + failures.length - counts.failed;
  const okCount = counts.create + counts.update + counts.unlist;
  const exitCode: 0 | 1 | 3 = failures.length === 0 && counts.notStarted === 0 ? 0 : okCount === 0 && attempted > 0 && counts.notStarted === 0 ? 1 : 3;
  const summary: PublishSummary = {
    target: target.name,
    targetDescription: target.description,
    runId,
    startedAt: new Date(r.started).toISOString(),
    durationMs: Date.now() - r.started,
    brokeLock: r.brokeLock,
    reconciled,
    counts,
    operations: total,
    failures,
    blocked: r.blocked,
    interrupted: Boolean(opts.signal?.aborted),
    exitCode,
  };
  // a run that changed nothing leaves nothing in the log (re-running is a no-op)
  if (total + failures.length + reconciled.applied + reconciled.notApplied + reconciled.unresolved > 0) {
    store.events.append({
      actor: opts.actor,
      action: 'publish',
      entity: `target:${target.name}`,
      summary: `published to ${target.name}: ${counts.create} created, ${counts.update} updated, ${counts.unlist} unlisted, ${failures.length} failed, ${counts.noop} unchanged${
        reconciled.applied + reconciled.notApplied ? `; reconciled ${reconciled.applied + reconciled.notApplied} pending` : ''
      }`,
      details: { runId, counts, reconciled, failures: failures.length },
    });
  }
  return summary;
}

export type { JournalEntry };
