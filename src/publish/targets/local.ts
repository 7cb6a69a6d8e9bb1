// The `local` target: the embedded catalog in the workspace store (store.localCatalog). The default,
// so a migration can be planned, applied and inspected before any platform is involved.
import type { Store } from '../../store/store.js';
import type { OpResult, PublishTarget, RemoteItem } from './types.js';

export function localTarget(store: Store): PublishTarget {
  const toItem = (r: { externalId: string; body: unknown; status: 'listed' | 'unlisted'; version: number }): RemoteItem => ({
    externalId: r.externalId,
    code: ((r.body as { catalogCode?: string } | null)?.catalogCode as string | undefined) || r.externalId,
    status: r.status,
    version: String(r.version),
    service: r.body,
  });
  return {
    name: 'local',
    description: `the local catalog in ${store.path}`,
    async get(externalId) {
      const r = store.localCatalog.get(externalId);
      return r ? toItem(r) : undefined;
    },
    async put(externalId, body): Promise<OpResult> {
      const { created } = store.localCatalog.put(externalId, body);
      return { created, item: toItem(store.localCatalog.get(externalId)!) };
    },
    async unlist(externalId): Promise<OpResult> {
      store.localCatalog.unlist(externalId);
      const r = store.localCatalog.get(externalId);
      return { item: r ? toItem(r) : undefined };
    },
    async *list() {
      for (const r of store.localCatalog.list()) yield toItem(r);
    },
  };
}
