// Secrets, as a hostile gateway tests them: a loopback server that echoes the Authorization header
// in every 401/500 body. After extract and publish fail against it, the token (in any wire form) is
// in no byte of the state database and no byte of the output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testWorkspace, workspaceAt } from '../support/workspace.js';
import { yimen } from '../helpers/cli.js';

const TOKEN = 'tk_live_9f8e7d6c5b4a3210SECRET';
// the echo: a gateway that puts the credential it got in its error answer, bare and as sent. In its
// own process: the CLI runs under spawnSync, which blocks this one.
const ECHO = `
const { createServer } = require('node:http');
const s = createServer((req, res) => {
  const auth = String(req.headers.authorization || '');
  res.writeHead(req.url.startsWith('/api') ? 401 : 500, { 'content-type': 'application/json' });
  const bare = auth.replace(/^Bearer /, ''); res.end(JSON.stringify({ error: 'invalid credential ' + bare, detail: 'seen: ' + bare + ' / ' + Buffer.from(bare).toString('base64') }));
});
s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));
`;
let server: ChildProcess;
let url = '';

beforeAll(async () => {
  server = spawn(process.execPath, ['-e', ECHO], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((r) => server.stdout!.on('data', (d: Buffer) => r(/port (\d+)/.exec(String(d))![1]!)));
  url = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  server.kill();
});

describe('secrets', () => {
  it('a token echoed by a source and by the target is in no output and no byte of the state database', () => {
    const ws = testWorkspace({
      prefix: 'yimen-secret-',
      target: { type: 'http', baseUrl: url, tokenEnv: 'HARDEN_TARGET_TOKEN', retries: 0 },
      apps: [
        { id: 'demo', name: '演示App', adapter: 'spreadsheet', config: { files: [{ path: 'exports/services.csv', key: '事项编号' }] }, profile: 'profiles/demo.yaml' },
        { id: 'api', name: '接口App', adapter: 'rest-json', config: { baseUrl: `${url}/api`, retries: 0, auth: { type: 'bearer', tokenEnv: 'HARDEN_SOURCE_TOKEN' }, streams: [{ path: '/items', key: 'id' }] } },
      ],
      files: { 'exports/services.csv': '事项编号,事项名称\n1,x\n' },
    });
    workspaceAt(ws.root).seedServices(3);
    const env = { HARDEN_TARGET_TOKEN: TOKEN, HARDEN_SOURCE_TOKEN: TOKEN };
    const outputs: string[] = [];
    for (const args of [['extract', 'api'], ['extract', 'api', '--json'], ['publish'], ['publish', '--json'], ['log', '--json'], ['quarantine', '--json']]) {
      const r = yimen(args, { cwd: ws.root, env });
      outputs.push(r.stdout, r.stderr);
    }
    const all = outputs.join('\n');
    // the failures did reach us (the test would prove nothing otherwise)
    expect(all).toMatch(/401|500/);
    const forms = [TOKEN, Buffer.from(TOKEN).toString('base64'), encodeURIComponent(TOKEN)];
    for (const f of forms) expect(all.split(f).length - 1, `output holds ${f}`).toBe(0);
    for (const file of ['state.db', 'state.db-wal']) {
      const p = join(ws.root, '.yimen', file);
      if (!existsSync(p)) continue;
      const bytes = readFileSync(p);
      for (const f of forms) expect(bytes.indexOf(Buffer.from(f)), `${file} holds ${f}`).toBe(-1);
    }
  });
});
