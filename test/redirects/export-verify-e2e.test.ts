// The whole redirect path as a migration engineer runs it: `yimen run`, `yimen redirects export
// --format nginx --nginx-listen 127.0.0.1:PORT`, a real nginx serving that export, then `yimen
// redirects verify --base` against it: every rule answers as planned; then one rule in the served
// map is broken on purpose and verify must name it (and only it), with exit 3 and status showing it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { exampleCopy, tempDir } from '../support/workspace.js';
import { yimen } from '../helpers/cli.js';
import { NGINX, freePort, startNginx, stopNginx } from './nginx-helper.js';

const haveNginx = existsSync(NGINX);
if (!haveNginx && process.env.CI) throw new Error(`${NGINX} is missing: .ci/run installs nginx`);

describe.skipIf(!haveNginx)('export → nginx → verify, end to end', () => {
  let ws: string;
  let port: number;
  let nginx: ChildProcess | undefined;
  let conf: string;

  beforeAll(async () => {
    ws = exampleCopy();
    // the example's apps are past their redirect dates on this day: every rule is served
    expect(yimen(['run', '-w', ws]).code).toBe(0);
    port = await freePort();
    const r = yimen(['redirects', 'export', '-w', ws, '-f', 'nginx', '--on', '2027-06-30', '--nginx-listen', `127.0.0.1:${port}`, '--check', '--json']);
    expect(r.code, r.stderr).toBe(0);
    conf = JSON.parse(r.stdout).formats[0].files[0].path;
    nginx = await startNginx(tempDir(), conf, port);
  }, 240_000);

  afterAll(async () => {
    if (nginx) await stopNginx(nginx);
  });

  it('every web and QR rule answers as planned', () => {
    const r = yimen(['redirects', 'verify', '-w', ws, '--on', '2027-06-30', '--base', `http://127.0.0.1:${port}`, '--json']);
    const s = JSON.parse(r.stdout);
    expect(s.checked).toBeGreaterThan(20);
    // the example's hash-routed H5 pages cannot be probed over HTTP: counted apart, not failed
    expect(s.clientRouted).toBeGreaterThan(0);
    expect(s.failures).toEqual([]);
    expect(r.code).toBe(0);
  }, 120_000);

  it('a rule broken on purpose is reported, with the others still ok', async () => {
    const text = readFileSync(conf, 'utf8');
    const line = text.split('\n').find((l) => /"\S+\/h5\/service\/1001" "301 /.test(l))!;
    expect(line).toBeDefined();
    writeFileSync(conf, text.replace(line, line.replace(/"301 (https:\/\/[^"]+)"/, '"301 $1-wrong"')));
    await stopNginx(nginx!);
    nginx = await startNginx(tempDir(), conf, port);
    const r = yimen(['redirects', 'verify', '-w', ws, '--on', '2027-06-30', '--base', `http://127.0.0.1:${port}`, '--json']);
    expect(r.code).toBe(3);
    const s = JSON.parse(r.stdout);
    expect(s.failures).toHaveLength(1);
    expect(s.failures[0].outcome).toBe('wrong-location');
    expect(s.failures[0].url).toMatch(/\/h5\/service\/1001$/);
    const st = JSON.parse(yimen(['status', '-w', ws, '--json']).stdout);
    const wujiang = st.apps.find((a: { appId: string }) => a.appId === 'wujiang');
    expect(JSON.stringify(wujiang)).toMatch(/verif/i);
  }, 120_000);
});
