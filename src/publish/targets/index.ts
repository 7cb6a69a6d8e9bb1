// The target registry: yimen.yaml's `target` → a PublishTarget. A new target is one file in this
// folder plus one line here.
import type { Workspace } from '../../workspace/loader.js';
import type { Store } from '../../store/store.js';
import type { TargetConfig } from '../../workspace/config.js';
import type { PublishTarget } from './types.js';
import type { HttpLogger } from '../../http/index.js';
import { localTarget } from './local.js';
import { httpTarget } from './http.js';
import { packageTarget } from './package.js';

export interface TargetOptions {
  /** where the http client reports its policy and each retry (default: silent) */
  logger?: HttpLogger;
}
type Opener = (ws: Workspace, store: Store, cfg: any, o: TargetOptions) => PublishTarget;

export const TARGETS: Record<TargetConfig['type'], Opener> = {
  local: (_ws, store) => localTarget(store),
  http: (_ws, _store, cfg, o) => httpTarget(cfg, { logger: o.logger }),
  package: (ws, _store, cfg) => packageTarget(ws, cfg),
};

export function openTarget(ws: Workspace, store: Store, override?: TargetConfig, o: TargetOptions = {}): PublishTarget {
  const cfg = override ?? ws.config.target;
  return TARGETS[cfg.type](ws, store, cfg, o);
}

export type { PublishTarget, RemoteItem, OpResult } from './types.js';
export { TargetError } from './types.js';
