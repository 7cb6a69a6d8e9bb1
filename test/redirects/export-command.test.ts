import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exampleCopy, yimen } from '../helpers/cli.js';

describe('yimen redirects export (the built CLI on the example workspace)', () => {
  let dir: string;
  beforeAll(() => {
    dir = exampleCopy();
    expect(yimen(['run', '-w', dir, '--json']).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes several formats into out/redirects and returns the summary as --json', () => {
    const r = yimen(['redirects', 'export', '-w', dir, '-f', 'nginx', '-f', 'json', '-f', 'xlsx', '--check', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.outDir).toBe(join(dir, 'out', 'redirects'));
    expect(s.formats.map((f: { format: string }) => f.format)).toEqual(['nginx', 'json', 'xlsx']);
    expect(existsSync(join(dir, 'out', 'redirects', 'nginx', 'yimen-redirects.conf'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'redirects', 'json', 'redirects.schema.json'))).toBe(true);
    if (existsSync('/usr/sbin/nginx')) expect(s.formats[0].check).toMatch(/successful/);
  });

  it('refuses an unknown format as a usage error', () => {
    const r = yimen(['redirects', 'export', '-w', dir, '-f', 'apache']);
    expect(r.code).toBe(2);
  });
});
