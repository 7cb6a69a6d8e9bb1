// Makes the AdapterContext every adapter verb gets, from what its caller knows (root, app, log,
// env, signal): the extract runner, `adapters check`, the contract test kit and tests all use it.
import { isAbsolute, join } from 'node:path';
import { createHttpClient } from '../http/index.js';
import { readTable } from './table/index.js';
import type { AdapterContext, AdapterContextInit } from './contract.js';

export function isAdapterContext(ctx: AdapterContextInit | AdapterContext): ctx is AdapterContext {
  const c = ctx as Partial<AdapterContext>;
  return typeof c.http === 'function' && typeof c.readTable === 'function' && typeof c.resolvePath === 'function' && typeof c.checkpoint === 'function' && typeof c.quarantine === 'function' && !!c.env;
}

/** a full context; one already full is returned as it is */
export function createAdapterContext(init: AdapterContextInit | AdapterContext, adapterName = 'adapter'): AdapterContext {
  if (isAdapterContext(init)) return init;
  const resolvePath = (p: string) => (isAbsolute(p) ? p : join(init.root, p));
  const ctx: AdapterContext = {
    ...init,
    env: init.env ?? process.env,
    http: (options = {}) => createHttpClient({ name: `${adapterName} ${init.appId}`, logger: init.log, signal: init.signal, ...options }),
    readTable: (path, options = {}) => readTable(resolvePath(path), { onInfo: (m) => init.log.info(m), display: path, ...options }),
    resolvePath,
    checkpoint: (stream, state) => ({ type: 'state', stream, state }),
    quarantine: (stream, locator, reason, more = {}) => ({
      type: 'quarantine',
      stream,
      locator,
      reason,
      ...(more.raw !== undefined ? { raw: more.raw } : {}),
      ...(more.incomplete ? { incomplete: true } : {}),
    }),
  };
  return ctx;
}
