// Worker threads on yimen's own modules: the second core for work that is pure computation
// (decoding and splitting a source, mapping, matching), while the main thread keeps the store.
// Compiled (dist/…/x.js), a module is loaded as it is; from the TypeScript sources (tests, benches
// run with tsx) tsx's loader is registered in the thread first, since a worker does not inherit it.
import { availableParallelism } from 'node:os';
import { Worker, type MessagePort, type TransferListItem, type WorkerOptions } from 'node:worker_threads';

/** starts a worker thread running the module at `moduleUrl` (a sibling's `new URL('./x.js', import.meta.url)`) */
export function startWorker(moduleUrl: URL, workerData?: unknown, opts: Omit<WorkerOptions, 'eval' | 'workerData'> = {}): Worker {
  if (!isTypeScriptSource(moduleUrl)) return new Worker(moduleUrl, { ...opts, workerData });
  // a .ts source named by its .js name, as ESM imports in the sources name it
  const ts = new URL(moduleUrl.href.replace(/\.js$/, '.ts'));
  // tsx's API resolved here: an eval'd worker would resolve a bare name from the process's cwd
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); })`;
  return new Worker(boot, { ...opts, eval: true, workerData });
}

/** is this module one of the TypeScript sources (run under tsx or vitest), not the compiled dist? */
function isTypeScriptSource(url: URL): boolean {
  return url.pathname.endsWith('.ts') || (url.pathname.endsWith('.js') && import.meta.url.endsWith('.ts'));
}

/**
 * How many worker threads a stage may start besides the main thread: one fewer than the cores,
 * and none when YIMEN_THREADS=0 (or 1) says to stay on one thread (debugging, tiny machines).
 */
export function workerThreads(): number {
  const env = process.env.YIMEN_THREADS;
  const cores = env !== undefined && env !== '' && Number.isFinite(Number(env)) ? Math.max(1, Math.floor(Number(env))) : availableParallelism();
  return Math.max(0, cores - 1);
}

/**
 * A worker's answer to a main thread that waits for it synchronously (inside a store transaction,
 * with Atomics.wait on `counter[0]` and receiveMessageOnPort): posted, then the counter bumped
 * and the waiter woken.
 */
export function postAndWake(port: MessagePort, counter: Int32Array, message: unknown, transfer: readonly TransferListItem[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}
