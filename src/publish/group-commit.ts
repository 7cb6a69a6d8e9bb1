// Group commit: writes queued by concurrent operations land in one transaction. Each caller's
// promise resolves only after its write is committed, so "record the intent, then call the target"
// still holds. A write a call waits on (an intent) is urgent: it is committed at the end of this
// turn of the event loop. A write nothing waits on (an outcome) rides along with the next urgent
// commit, or is committed within `maxDelayMs`: a commit writes the same few pages whether it holds
// one operation or twenty, and outcomes committed on their own doubled the transactions.
import type { Store } from '../store/store.js';

export type GroupCommit = <T>(fn: () => T, urgent?: boolean) => Promise<T>;

export interface GroupCommitOptions {
  /** the longest a write that is not urgent waits for its commit (default 5 ms) */
  maxDelayMs?: number;
  /** a queue this long is committed at once whatever its urgency (default 256) */
  maxBatch?: number;
}

export function groupCommit(store: Store, opts: GroupCommitOptions = {}): GroupCommit {
  const maxDelayMs = opts.maxDelayMs ?? 5;
  const maxBatch = opts.maxBatch ?? 256;
  let queue: Array<{ fn: () => unknown; resolve: (v: any) => void; reject: (e: unknown) => void }> = [];
  let immediate: ReturnType<typeof setImmediate> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (immediate) clearImmediate(immediate);
    if (timer) clearTimeout(timer);
    immediate = timer = undefined;
    const batch = queue;
    queue = [];
    if (!batch.length) return;
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
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]);
  };
  return <T>(fn: () => T, urgent = true) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve, reject });
      if (urgent || queue.length >= maxBatch) immediate ??= setImmediate(flush);
      else timer ??= setTimeout(flush, maxDelayMs);
    });
}
