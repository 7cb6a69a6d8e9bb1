// Runs an app's adapter check and discover: the stage behind `yimen adapters check APP`.
import type { Workspace } from '../workspace/loader.js';
import { appById } from '../workspace/loader.js';
import { createAdapterContext, type StreamSpec } from '../sdk/index.js';
import { resolveAppAdapter } from './registry.js';

export interface AppCheck {
  appId: string;
  adapter: string;
  version: string;
  ok: boolean;
  message?: string;
  reason?: string;
  hint?: string;
  streams: StreamSpec[];
}

export async function checkApp(ws: Workspace, appId: string, opts: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<AppCheck> {
  appById(ws, appId);
  const { adapter, config } = await resolveAppAdapter(ws, appId);
  const warnings: string[] = [];
  const ctx = createAdapterContext({ root: ws.root, appId, env: opts.env ?? process.env, signal: opts.signal, log: { info: () => {}, warn: (m: string) => warnings.push(m) } }, adapter.name);
  const base = { appId, adapter: adapter.name, version: adapter.version, streams: [] as StreamSpec[] };
  let res;
  try {
    res = await adapter.check(config, ctx);
  } catch (e) {
    return { ...base, ok: false, reason: `the check itself failed: ${(e as Error).message}` };
  }
  if (!res.ok) return { ...base, ok: false, reason: res.reason, hint: res.hint };
  try {
    const streams = await adapter.discover(config, ctx);
    return { ...base, ok: true, message: res.message, streams };
  } catch (e) {
    return { ...base, ok: false, reason: `discover failed: ${(e as Error).message}` };
  }
}
