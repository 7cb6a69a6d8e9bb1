import { afterEach, describe, expect, it } from 'vitest';
import { startWorker, workerThreads } from '../../src/threads/worker.js';

describe('startWorker', () => {
  const started: Array<{ terminate(): Promise<number> }> = [];
  afterEach(async () => {
    for (const w of started.splice(0)) await w.terminate();
  });

  it('runs a TypeScript module in another thread with its workerData', async () => {
    const w = startWorker(new URL('./echo-worker.js', import.meta.url), { factor: 3 });
    started.push(w);
    const reply = await new Promise<{ value: number; isMainThread: boolean; threadId: number }>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage(14);
    });
    expect(reply.value).toBe(42);
    expect(reply.isMainThread).toBe(false);
    expect(reply.threadId).toBeGreaterThan(0);
  });

  it('reports an error thrown in the worker', async () => {
    const w = startWorker(new URL('./no-such-module.js', import.meta.url));
    started.push(w);
    await expect(new Promise((_, reject) => w.once('error', reject))).rejects.toThrow();
  });
});

describe('workerThreads', () => {
  const saved = process.env.YIMEN_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.YIMEN_THREADS;
    else process.env.YIMEN_THREADS = saved;
  });
  it('is one fewer than the cores, and 0 when YIMEN_THREADS says one thread', () => {
    process.env.YIMEN_THREADS = '1';
    expect(workerThreads()).toBe(0);
    process.env.YIMEN_THREADS = '0';
    expect(workerThreads()).toBe(0);
    process.env.YIMEN_THREADS = '3';
    expect(workerThreads()).toBe(2);
  });
});
