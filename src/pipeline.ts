// `yimen run`: the stages in order, each reading the store and writing its output there.
// Re-running with unchanged input changes nothing: every stage is idempotent by key and hash.
import type { Store } from './store/store.js';
import type { Workspace } from './workspace/loader.js';
import { extractApps } from './extract/runner.js';
import { mapApps } from './map/stage.js';
import { importCatalog } from './catalog/import.js';
import { decideApps } from './map/decide.js';
import { planPublish, applyPublish } from './publish/index.js';
import { planRedirects } from './redirects/stage.js';

export interface RunOptions {
  actor: string;
  apps?: string[];
  signal?: AbortSignal;
  /** stop before publishing (dry rehearsal) */
  noPublish?: boolean;
  onStage?: (stage: string) => void;
}

export async function runPipeline(ws: Workspace, store: Store, opts: RunOptions) {
  const stage = <T>(name: string, f: () => Promise<T>) => {
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
    publish = await stage('publish', () => applyPublish(ws, store, { actor: opts.actor, plan }));
  }
  const redirects = await stage('redirects plan', () => planRedirects(ws, store, { actor: opts.actor, apps: opts.apps }));
  return { catalog, extract, map, decide, publish, redirects };
}
