// Runs every source's adapter check and discover for one app: the stage behind `yimen adapters check APP`.
import type { Workspace } from '../workspace/loader.js';
import { appById } from '../workspace/loader.js';
import { appSources } from '../workspace/config.js';
import { createAdapterContext, type StreamSpec } from '../sdk/index.js';
import { resolveAppAdapter } from './registry.js';

/** One source of an app, checked. */
export interface SourceCheck {
  /** 0-based position in the app's sources (0 for `source:`) */
  index: number;
  adapter: string;
  version: string;
  ok: boolean;
  message?: string;
  reason?: string;
  hint?: string;
  streams: StreamSpec[];
}

/** The app's check: ok only when every source answers; the top-level fields sum the sources up. */
export interface AppCheck {
  appId: string;
  /** the adapters' names, joined with + when the app has several sources */
  adapter: string;
  version: string;
  ok: boolean;
  message?: string;
  /** the first failing source's reason (named by its position and adapter when there are several) */
  reason?: string;
  hint?: string;
  /** every source's streams */
  streams: StreamSpec[];
  sources: SourceCheck[];
}

export async function checkApp(ws: Workspace, appId: string, opts: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<AppCheck> {
  const app = appById(ws, appId);
  const n = appSources(app).length;
  const sources: SourceCheck[] = [];
  // every source is checked, even after one fails: a person fixes them all in one go
  for (let i = 0; i < n; i++) sources.push(await checkSource(ws, appId, i, opts));
  const failed = sources.find((s) => !s.ok);
  const several = sources.length > 1;
  const name = (s: SourceCheck) => (several ? `source ${s.index + 1} (${s.adapter}): ` : '');
  return {
    appId,
    adapter: sources.map((s) => s.adapter).join('+'),
    version: sources.map((s) => s.version).join('+'),
    ok: !failed,
    ...(failed ? { reason: `${name(failed)}${failed.reason}`, ...(failed.hint ? { hint: failed.hint } : {}) } : {}),
    ...(!failed && sources.some((s) => s.message) ? { message: sources.filter((s) => s.message).map((s) => `${name(s)}${s.message}`).join('; ') } : {}),
    streams: sources.flatMap((s) => s.streams),
    sources,
  };
}

async function checkSource(ws: Workspace, appId: string, index: number, opts: { env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<SourceCheck> {
  const { adapter, config } = await resolveAppAdapter(ws, appId, index);
  const warnings: string[] = [];
  const ctx = createAdapterContext({ root: ws.root, appId, env: opts.env ?? process.env, signal: opts.signal, log: { info: () => {}, warn: (m: string) => warnings.push(m) } }, adapter.name);
  const base = { index, adapter: adapter.name, version: adapter.version, streams: [] as StreamSpec[] };
  let res;
  try {
    res = await adapter.check(config, ctx);
  } catch (e) {
    return { ...base, ok: false, reason: `the check itself failed: ${(e as Error).message}` };
  }
  if (!res.ok) return { ...base, ok: false, reason: res.reason, ...(res.hint ? { hint: res.hint } : {}) };
  try {
    const streams = await adapter.discover(config, ctx);
    return { ...base, ok: true, ...(res.message ? { message: res.message } : {}), streams };
  } catch (e) {
    return { ...base, ok: false, reason: `discover failed: ${(e as Error).message}` };
  }
}
