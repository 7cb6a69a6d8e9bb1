// Every error code thrown anywhere in src/ or adapters/ is in the one registry (src/error-codes.ts),
// and the registry's defaults are what a YimenError falls back on.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CODES, ExitCode, YimenError, isRegisteredCode } from '../../src/errors.js';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { ROOT } from '../support/workspace.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

describe('the error code registry', () => {
  it('registers every code thrown in src/ and adapters/', () => {
    const unregistered: string[] = [];
    let seen = 0;
    for (const file of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'adapters'))]) {
      if (file.endsWith('error-codes.ts')) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/['"`](E_[A-Z0-9_]+)(['"`]|\$\{)/g)) {
        seen++;
        const code = m[2] === '${' ? `${m[1]}500` : m[1]!; // E_HTTP_${status}
        if (!isRegisteredCode(code)) unregistered.push(`${relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(unregistered).toEqual([]);
  });

  it('gives a YimenError the default hint and exit code of its code', () => {
    const e = new YimenError('E_NO_WORKSPACE', 'no yimen.yaml');
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.hint).toBe(ERROR_CODES.E_NO_WORKSPACE.hint);
    // the throw site wins
    const f = new YimenError('E_NO_WORKSPACE', 'x', { hint: 'mine', exitCode: ExitCode.failure });
    expect([f.hint, f.exitCode]).toEqual(['mine', ExitCode.failure]);
    expect(new YimenError('E_HTTP_503', 'x').exitCode).toBe(ExitCode.failure);
    expect(isRegisteredCode('E_HTTP_404')).toBe(true);
    expect(isRegisteredCode('E_NOPE')).toBe(false);
  });

  it('documents every exit code once', () => {
    expect(EXIT_CODES.map((e) => e.code).sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });
});
