// CPU time per thread for the map benches (Linux only: NaN elsewhere).
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** the main thread's own CPU time in ms (Linux: /proc/self/task/PID/stat, ticks of 10 ms): what a
 * second thread takes off it shows here even when a busy machine hides it from the wall clock */
export function mainThreadCpuMs(): number {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * 10;
  } catch {
    return NaN;
  }
}

/** CPU time in ms of every thread of this process by its id (Linux), as far as a thread has lived */
export type ThreadCpu = Map<number, number>;

/**
 * Every thread's CPU time, threads that ended included: a small thread of its own reads
 * /proc/self/task every 50 ms and keeps the last figure of each thread it saw (a stage's worker
 * ends before the stage returns; at most 50 ms of its time is lost). `snapshot()` reads them all
 * again at once; the difference of two snapshots is what each thread took in between.
 * `peakAnon()`: the most anonymous memory (RssAnon) it saw, in bytes: the peak RSS also counts
 * the database file's pages a read-only connection mapped, which the kernel can drop at will.
 */
export function threadSampler(): { snapshot(): Promise<ThreadCpu>; peakAnon(): Promise<number>; close(): Promise<number> } {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { readdirSync, readFileSync } = require('node:fs');
    const last = new Map();
    let anon = 0;
    const read = () => {
      try {
        const m = /RssAnon:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
        if (m) anon = Math.max(anon, Number(m[1]) * 1024);
      } catch {}
      let tids = [];
      try { tids = readdirSync('/proc/self/task'); } catch {}
      for (const t of tids) {
        try {
          const f = readFileSync('/proc/self/task/' + t + '/stat', 'utf8');
          const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
          last.set(Number(t), (Number(rest[11]) + Number(rest[12])) * 10);
        } catch {}
      }
    };
    const timer = setInterval(read, 50);
    parentPort.on('message', (m) => {
      if (m === 'close') { clearInterval(timer); parentPort.close(); return; }
      read();
      if (m === 'anon') { parentPort.postMessage(anon); return; }
      parentPort.postMessage([...last]);
    });`;
  const w = new Worker(code, { eval: true });
  return {
    snapshot: () =>
      new Promise((resolve) => {
        w.once('message', (m: Array<[number, number]>) => resolve(new Map(m)));
        w.postMessage('snapshot');
      }),
    peakAnon: () =>
      new Promise((resolve) => {
        w.once('message', (m: number) => resolve(m));
        w.postMessage('anon');
      }),
    close: () => w.terminate(),
  };
}

/**
 * What each thread took between two snapshots, as the main thread, the busiest other thread (a
 * stage's worker) and the rest (V8's helper threads: GC, compiler; this sampler's own few ms)
 */
export function threadSplit(a: ThreadCpu, b: ThreadCpu): { main: number; worker: number; rest: number } {
  let main = 0;
  const others: number[] = [];
  for (const [tid, ms] of b) {
    const d = ms - (a.get(tid) ?? 0);
    if (tid === process.pid) main = d;
    else others.push(d);
  }
  others.sort((x, y) => y - x);
  return { main, worker: others[0] ?? 0, rest: others.slice(1).reduce((s, x) => s + x, 0) };
}
