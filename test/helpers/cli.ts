// Runs the built CLI (dist/, via bin/run.js) as a user would, in a child process. NODE_ENV is
// set to production: vitest sets it to 'test', which makes oclif load src/ through tsx instead.
import { spawnSync, spawn, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

import { ROOT } from '../support/workspace.js';

export { ROOT };
export const BIN = join(ROOT, 'bin', 'run.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function yimen(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeout?: number } = {}): CliResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, YIMEN_ACTOR: 'test-runner', NO_COLOR: '1', NODE_ENV: 'production', ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** starts the CLI without waiting (for servers and kill tests) */
export function yimenSpawn(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, YIMEN_ACTOR: 'test-runner', NO_COLOR: '1', NODE_ENV: 'production', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// temp folders and example copies: the fixture model's (test/support/workspace.ts)
export { tempDir, exampleCopy } from '../support/workspace.js';
