// defineAdapter: types an adapter's config from its zod spec, and hands its verbs a full
// AdapterContext whatever its caller gave (a bare {root, appId, log} in a test is completed).
import type { AdapterContext, AdapterContextInit, DefinedAdapter, SourceAdapter } from './contract.js';
import { createAdapterContext } from './context.js';

export function defineAdapter<C>(a: SourceAdapter<C>): DefinedAdapter<C> {
  const full = (ctx: AdapterContextInit | AdapterContext) => createAdapterContext(ctx, a.name);
  return {
    ...a,
    check: (config, ctx) => a.check(config, full(ctx)),
    discover: (config, ctx) => a.discover(config, full(ctx)),
    read: (config, ctx, state = {}) => a.read(config, full(ctx), state),
  };
}
