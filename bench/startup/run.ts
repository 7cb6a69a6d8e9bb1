// Cold start of the instant commands (DESIGN §14: `yimen --version` ≤ 1.5× importing @oclif/core
// alone). Spawns each N times, alternating, and prints the median wall time beside the floor run
// in the same minute, `node -e "await import('@oclif/core')"`, and how many modules each loads
// (test/startup/trace-loads.mjs). Runs the build (bin/run.js → dist/); `npm run build` first.
//   npx tsx bench/startup/run.ts [--runs 15]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const argv = process.argv.slice(2);
const RUNS = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 15;
const TRACE = join(ROOT, 'test', 'startup', 'trace-loads.mjs');
// as the tests run the CLI (test/helpers/cli.ts): NODE_ENV=production, the installed behaviour
const ENV = { ...process.env, NODE_ENV: 'production', NO_COLOR: '1', YIMEN_ACTOR: 'bench' };

const ws = mkdtempSync(join(tmpdir(), 'yimen-startup-'));
cpSync(join(ROOT, 'examples', 'jiangsu'), ws, { recursive: true, filter: (p) => !p.includes('.yimen') });

const BIN = join(ROOT, 'bin', 'run.js');
const cases: Array<{ name: string; args: string[] }> = [
  { name: 'floor: import @oclif/core', args: ['-e', "await import('@oclif/core')"] },
  { name: 'yimen --version', args: [BIN, '--version'] },
  { name: 'yimen status (example)', args: [BIN, 'status', '-w', ws] },
  { name: 'yimen log (example)', args: [BIN, 'log', '-w', ws] },
  { name: 'yimen help', args: [BIN, 'help'] },
];

function once(args: string[], env = ENV): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8', cwd: ROOT });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

function modules(args: string[]): number {
  const file = join(ws, `trace-${Math.random().toString(36).slice(2)}.txt`);
  once(['--import', TRACE, ...args], { ...ENV, YIMEN_TRACE_LOADS: file });
  return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean)).size;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${RUNS} runs each, alternating`);
for (const c of cases) once(c.args); // warm-up: the store is created, the disk cache filled
const times = cases.map(() => [] as number[]);
for (let i = 0; i < RUNS; i++) cases.forEach((c, k) => times[k]!.push(once(c.args)));
const floor = median(times[0]!);
for (const [k, c] of cases.entries()) {
  const m = median(times[k]!);
  console.log(`  ${c.name.padEnd(28)} ${(m / 1000).toFixed(3)} s  ${(m / floor).toFixed(2)}× floor  ${String(modules(c.args)).padStart(5)} modules`);
}
rmSync(ws, { recursive: true, force: true });
