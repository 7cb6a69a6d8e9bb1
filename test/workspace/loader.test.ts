import { describe, it, expect, beforeAll } from 'vitest';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { ConfigError } from '../../src/errors.js';
import { resolveAppAdapter } from '../../src/extract/registry.js';
import { tempDir, yimen } from '../helpers/cli.js';
import { GOOD, workspaceWith } from './fixture.js';

const workspace = workspaceWith;

async function problem(yaml: string, files?: Record<string, string>): Promise<ConfigError> {
  try {
    await loadWorkspace(workspace(yaml, files));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('yimen.yaml loader', () => {
  it('loads a good workspace with defaults', async () => {
    const ws = await loadWorkspace(workspace(GOOD));
    expect(ws.config.target).toEqual({ type: 'local' });
    expect(ws.config.policy.retireKeywords).toContain('打卡');
    expect(ws.config.apps[0]!.source.adapter).toBe('spreadsheet');
  });

  it('names the path and line of a wrong type', async () => {
    const e = await problem(GOOD.replace('division: "320509"', 'division: 320509'));
    expect(e.message).toMatch(/^yimen\.yaml:12: apps\[0\]\.division: expected string, got number 320509/);
  });

  it('names a missing field', async () => {
    const e = await problem(GOOD.replace('    name: 智慧吴江\n', ''));
    expect(e.message).toMatch(/apps\[0\]\.name: missing: expected string/);
    expect(e.hint).toMatch(/each app needs/);
  });

  it('names an unknown field', async () => {
    const e = await problem(GOOD.replace('programme: 测试', 'programme: 测试\nprogramm: typo'));
    expect(e.message).toMatch(/unknown field "programm"/);
  });

  it('names an unknown adapter', async () => {
    const e = await problem(GOOD.replace('adapter: spreadsheet', 'adapter: ftp'));
    expect(e.message).toMatch(/apps\[0\]\.source\.adapter: unknown adapter "ftp"/);
    expect(e.hint).toMatch(/built-in adapters: .*spreadsheet/);
  });

  it("checks the adapter's config against its spec when the adapter is resolved (extract, adapters check), with the line", async () => {
    const ws = await loadWorkspace(workspace(GOOD.replace('- { path: exports/s.csv, key: 编号 }', '- { path: exports/s.csv }')));
    const e = await resolveAppAdapter(ws, 'wujiang').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toMatch(/^yimen\.yaml:17: apps\[0\]\.source\.config\.files\[0\]\.key: missing/);
    expect((e as ConfigError).hint).toMatch(/yimen adapters list/);
    const ok = await resolveAppAdapter(await loadWorkspace(workspace(GOOD)), 'wujiang');
    expect(ok.adapter.name).toBe('spreadsheet');
    expect(ok.config).toMatchObject({ files: [{ path: 'exports/s.csv', key: '编号', headerRows: 1 }] });
  });

  it('imports no adapter: a third-party module that throws on import does not stop loading', async () => {
    const yaml = GOOD.replace('apps:\n', 'adapters: { boom: ./boom.mjs }\napps:\n').replace('adapter: spreadsheet', 'adapter: boom');
    const ws = await loadWorkspace(workspace(yaml, { 'profiles/wujiang.yaml': 'fields: {}\n', 'boom.mjs': 'throw new Error("imported!");\n' }));
    expect(ws.config.apps[0]!.source.adapter).toBe('boom');
    // resolving it is the registry's job, and says which adapter and where
    await expect(resolveAppAdapter(ws, 'wujiang')).rejects.toThrow(/apps\[0\]\.source\.adapter: adapter "boom" could not be loaded from \.\/boom\.mjs: imported!/);
  });

  it('names a missing file', async () => {
    const e = await problem(GOOD, {});
    expect(e.message).toMatch(/apps\[0\]\.profile: file not found: profiles\/wujiang\.yaml/);
  });

  it('reports YAML syntax errors with their line', async () => {
    const e = await problem(GOOD.replace('  name: 苏服办', '  name: [苏服办'));
    expect(e.message).toMatch(/yimen\.yaml:\d+: not valid YAML/);
  });

  it('refuses duplicate app ids', async () => {
    const dup = GOOD + GOOD.slice(GOOD.indexOf('  - id: wujiang'));
    const e = await problem(dup);
    expect(e.message).toMatch(/duplicate app id "wujiang"/);
  });

  describe('from the CLI', () => {
    beforeAll(() => {
      // the CLI runs dist/: tests run after `npm run build` (npm test does it)
    });
    it('prints one clear message, no stack trace, exit 2', () => {
      const dir = workspace(GOOD.replace('adapter: spreadsheet', 'adapter: ftp'));
      const r = yimen(['status', '-w', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error E_CONFIG: yimen\.yaml: apps\[0\]\.source\.adapter: unknown adapter "ftp"\nhint: /);
      expect(r.stderr).not.toMatch(/\s+at .*\.js:\d+/);
    });
    it('says where to start when there is no workspace', () => {
      const r = yimen(['status', '-w', tempDir()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no yimen\.yaml in .*\nhint: run `yimen init`/);
    });
  });
});
