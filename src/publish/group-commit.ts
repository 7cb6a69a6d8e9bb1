// Group commit: writes queued by concurrent operations in the same turn of the event loop land in
// one transaction. Each caller's promise resolves only after its write is committed, so "record the
// intent, then call the target" still holds; a transaction per write would cap publish throughput.
import type { Store } from '../store/store.js';

export function groupCommit(store: Store): <T>(fn: () => T) => Promise<T> {
  let queue: Array<{ fn: () => unknown; resolve: (v: any) => void; reject: (e: unknown) => void }> = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    let results: unknown[];
    try {
      results = store.tx(() => batch.map((b) => b.fn()));
    } catch {
      // one failing write must not sink the others: redo them one by one
      for (const b of batch) {
        try {
          b.resolve(store.tx(b.fn));
        } catch (e) {
          b.reject(e);
        }
      }
      return;
    }
    batch.forEach((b, i) => b.resolve(results[i]));
  };
  return <T>(fn: () => T) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
