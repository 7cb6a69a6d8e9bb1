// `yimen run`: one pass, each stage once and in order: catalog → extract → map → decide → plan →
// publish → redirects (docs/pipeline.md). Each stage reads what earlier ones wrote to the store and
// writes its output there; re-running with unchanged input changes nothing, and `changes` says so.
import type { StageName, Store } from './store/store.js';
import type { Workspace } from './workspace/loader.js';
import { extractApps, shrinkMessage } from './extract/runner.js';
import { acquireLock } from './workspace/lock.js';
import { mapApps } from './map/stage.js';
import { importCatalog } from './catalog/import.js';
import { decideApps } from './decide/stage.js';
import { planPublish, applyPublish, type PublishPlan, type PublishSummary } from './publish/index.js';
import { planRedirects } from './redirects/stage.js';
import { ExitCode, YimenError } from './errors.js';

export interface RunOptions {
  actor: string;
  apps?: string[];
  signal?: AbortSignal;
  /** stop before publishing (dry rehearsal) */
  noPublish?: boolean;
  /** a person confirmed that a source really shrank (the shrink guard lets it through, with an event) */
  acceptShrink?: boolean;
  onStage?: (stage: string) => void;
}

export async function runPipeline(ws: Workspace, store: Store, opts: RunOptions) {
  // the whole run under the workspace lock, taken before the first stage: a run started while a
  // publish holds it fails at once with E_LOCKED (publish inside the run joins this lock)
  const lock = acquireLock(ws.paths.lock, { actor: opts.actor, operation: 'run' });
  try {
    return await runStages(ws, store, opts);
  } finally {
    lock.release();
  }
}

async function runStages(ws: Workspace, store: Store, opts: RunOptions) {
  // Ctrl-C: the stage in progress finishes (its writes are one transaction, or journalled), then stop
  const stage = async <T>(name: string, f: () => Promise<T>) => {
    // map and decide run synchronously: give a pending signal its turn before the next stage
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) {
      throw new YimenError('E_INTERRUPTED', `interrupted before ${name}: the stages before it completed and the workspace is consistent`, {
        hint: 'run `yimen run` again to go on',
        exitCode: ExitCode.partial,
      });
    }
    opts.onStage?.(name);
    return f();
  };
  const catalog = ws.config.catalog ? await stage('catalog import', () => importCatalog(ws, store, { actor: opts.actor })) : undefined;
  const extract = await stage('extract', () => extractApps(ws, store, { actor: opts.actor, apps: opts.apps, signal: opts.signal, acceptShrink: opts.acceptShrink }));
  if (extract.shrank.length) {
    // the shrunk reads were discarded; still, nothing decides or publishes on a source in doubt
    const ratio = ws.config.extract?.shrinkGuard ?? 0.5;
    const msgs = extract.apps.filter((a) => a.shrank && a.code === 'E_SOURCE_SHRANK').map((a) => shrinkMessage(a.appId, a.shrank!, ratio));
    throw new YimenError('E_SOURCE_SHRANK', `stopped before map, decide and publish: ${msgs.join(' | ')}`, {
      hint: 'check the source (a misread file, a changed export or API); if the drop is real, run again with --accept-shrink',
      details: { shrank: extract.apps.filter((a) => a.shrank).map((a) => ({ appId: a.appId, shrank: a.shrank })) },
    });
  }
  const map = await stage('map', () => mapApps(ws, store, { actor: opts.actor, apps: opts.apps }));
  const decide = await stage('decide', () => decideApps(ws, store, { actor: opts.actor, apps: opts.apps }));
  let plan: PublishPlan | undefined;
  let publish: PublishSummary | undefined;
  if (!opts.noPublish) {
    plan = await stage('plan', () => planPublish(ws, store));
    const p = plan;
    publish = await stage('publish', () => applyPublish(ws, store, { actor: opts.actor, plan: p, signal: opts.signal }));
  }
  const redirects = await stage('redirects plan', () => planRedirects(ws, store, { actor: opts.actor, apps: opts.apps }));
  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);
  // what each stage changed in the store (plan: the operations it found to do)
  const changes: Record<StageName, number> = {
    catalog: catalog?.changed ? catalog.added + catalog.removed + catalog.updated : 0,
    extract: extract.totals.new + extract.totals.changed + extract.totals.removed,
    map: map.totals.new + map.totals.changed + map.totals.removed,
    decide: decide.totals.new + decide.totals.changed + sum(decide.apps, (a) => a.removed),
    plan: plan ? plan.counts.create + plan.counts.update + plan.counts.unlist : 0,
    publish: publish ? publish.counts.create + publish.counts.update + publish.counts.unlist + publish.counts.failed : 0,
    redirects: sum(redirects.apps, (a) => a.added + a.changed + a.removed),
  };
  // the plan itself (every operation's body) is publish's input, not the run's output: its counts
  return { catalog, extract, map, decide, plan: plan && { counts: plan.counts }, publish, redirects, changes, pending: pendingWork(store, opts.apps) };
}

/** What waits for people after a run (`yimen run` prints it; --detailed-exitcode exits 5 when any is > 0). */
export interface PendingWork {
  review: number;
  quarantined: number;
  invalid: number;
}

export function pendingWork(store: Store, apps?: string[]): PendingWork {
  const ids = apps?.length ? apps : undefined;
  const decisions = ids ? ids.flatMap((a) => store.decisions.list(a)) : store.decisions.list();
  const services = ids ? ids.flatMap((a) => store.services.list(a)) : store.services.list();
  return {
    review: decisions.filter((d) => d.action === 'review').length,
    quarantined: ids ? ids.reduce((n, a) => n + store.quarantine.count(a), 0) : store.quarantine.count(),
    invalid: services.filter((s) => s.issues.some((i) => i.severity === 'error')).length,
  };
}
