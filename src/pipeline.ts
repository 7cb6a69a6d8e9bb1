// `yimen run`: the stages in order, each reading the store and writing its output there.
// Re-running with unchanged input changes nothing: every stage is idempotent by key and hash.
import type { Store } from './store/store.js';
import type { Workspace } from './workspace/loader.js';
import { extractApps } from './extract/runner.js';
import { mapApps } from './map/stage.js';
import { importCatalog } from './catalog/import.js';
import { decideApps } from './decide/stage.js';
import { planPublish, applyPublish } from './publish/index.js';
import { planRedirects } from './redirects/stage.js';
import { ExitCode, YimenError } from './errors.js';

export interface RunOptions {
  actor: string;
  apps?: string[];
  signal?: AbortSignal;
  /** stop before publishing (dry rehearsal) */
  noPublish?: boolean;
  onStage?: (stage: string) => void;
}

export async function runPipeline(ws: Workspace, store: Store, opts: RunOptions) {
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
  const extract = await stage('extract', () => extractApps(ws, store, { actor: opts.actor, apps: opts.apps, signal: opts.signal }));
  const map = await stage('map', () => mapApps(ws, store, { actor: opts.actor, apps: opts.apps }));
  const decide = await stage('decide', () => decideApps(ws, store, { actor: opts.actor, apps: opts.apps }));
  let publish: Awaited<ReturnType<typeof applyPublish>> | undefined;
  if (!opts.noPublish) {
    const plan = await stage('plan', () => planPublish(ws, store));
    publish = await stage('publish', () => applyPublish(ws, store, { actor: opts.actor, plan, signal: opts.signal }));
  }
  const redirects = await stage('redirects plan', () => planRedirects(ws, store, { actor: opts.actor, apps: opts.apps }));
  return { catalog, extract, map, decide, publish, redirects };
}
