// defineAdapter: types an adapter's config from its zod spec, and hands its verbs a full
// AdapterContext whatever its caller gave (a bare {root, appId, log} in a test is completed).
import type { AdapterContext, AdapterContextInit, AdapterMessage, DefinedAdapter, SourceAdapter } from './contract.js';
import { createAdapterContext } from './context.js';

export function defineAdapter<C>(a: SourceAdapter<C>): DefinedAdapter<C> {
  const full = (ctx: AdapterContextInit | AdapterContext) => createAdapterContext(ctx, a.name);
  return {
    ...a,
    check: (config, ctx) => a.check(config, full(ctx)),
    discover: (config, ctx) => a.discover(config, full(ctx)),
    read: (config, ctx, state = {}) => a.read(config, full(ctx), state),
    ...(a.readBatches ? { readBatches: (config: C, ctx: AdapterContextInit | AdapterContext, state: Record<string, unknown> = {}) => a.readBatches!(config, full(ctx), state) } : {}),
  };
}

/** an adapter's messages a run at a time: its readBatches when it has one, else each message of read on its own */
export async function* messageRuns<C>(adapter: SourceAdapter<C>, config: C, ctx: AdapterContext, state: Record<string, unknown>): AsyncIterable<Iterable<AdapterMessage>> {
  if (adapter.readBatches) {
    yield* adapter.readBatches(config, ctx, state);
    return;
  }
  for await (const m of adapter.read(config, ctx, state)) yield [m];
}
