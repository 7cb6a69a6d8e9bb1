// ${VAR} / ${VAR:-default} in yimen.yaml: interpolated from the environment before validation.
import { describe, it, expect, afterEach } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

const yaml = (source: string) => `
programme: 测试
province: "43"
unifiedApp:
  name: 湘易办
  serviceUrl: "https://\${UNIFIED_HOST:-xyb.example.cn}/service/{catalogCode}"
  noticeUrl: "https://xyb.example.cn/notice/{appId}"
  allowlist: [xyb.example.cn, "\${UNIFIED_HOST:-xyb.example.cn}"]
apps:
  - id: liuyang
    name: i浏阳
    division: "430181"
    source:
${source}
    profile: profiles/ly.yaml
`;

function workspace(text: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'yimen.yaml'), text);
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  writeFileSync(join(dir, 'profiles/ly.yaml'), 'fields: {}\n');
  return dir;
}

const REST = `      adapter: rest-json
      config:
        baseUrl: "http://\${LY_HOST:-127.0.0.1}:\${LY_PORT:-8787}/api"
        timeoutMs: \${LY_TIMEOUT:-5000}
        streams: [{ path: /items, key: itemId }]`;

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['LY_HOST', 'LY_PORT', 'LY_TIMEOUT', 'UNIFIED_HOST', 'LY_MISSING', 'LY_EMPTY']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('yimen.yaml ${VAR} interpolation', () => {
  it('uses defaults when the variables are unset, and makes a whole plain value a number', async () => {
    const ws = await loadWorkspace(workspace(yaml(REST)));
    const cfg = ws.config.apps[0]!.source.config as Record<string, unknown>;
    expect(cfg.baseUrl).toBe('http://127.0.0.1:8787/api');
    expect(cfg.timeoutMs).toBe(5000);
    expect(ws.config.unifiedApp.serviceUrl).toBe('https://xyb.example.cn/service/{catalogCode}');
  });

  it('takes values from the environment', async () => {
    process.env.LY_HOST = 'localhost';
    process.env.LY_PORT = '9911';
    process.env.UNIFIED_HOST = 'xyb.test';
    const ws = await loadWorkspace(workspace(yaml(REST)));
    expect((ws.config.apps[0]!.source.config as Record<string, unknown>).baseUrl).toBe('http://localhost:9911/api');
    expect(ws.config.unifiedApp.serviceUrl).toBe('https://xyb.test/service/{catalogCode}');
  });

  it('an empty variable takes the :- default; $${ is a literal ${', async () => {
    process.env.LY_HOST = '';
    const ws = await loadWorkspace(workspace(yaml(REST.replace('streams: [{ path: /items', () => 'streams: [{ params: { q: "$${x}" }, path: /items'))));
    const cfg = ws.config.apps[0]!.source.config as { baseUrl: string; streams: Array<{ params: Record<string, string> }> };
    expect(cfg.baseUrl).toBe('http://127.0.0.1:8787/api');
    expect(cfg.streams[0]!.params.q).toBe('${x}');
  });

  it('an unset variable without a default is a ConfigError naming the file, the line and the variable', async () => {
    delete process.env.LY_MISSING;
    const text = yaml(REST.replace('${LY_HOST:-127.0.0.1}', '${LY_MISSING}'));
    const line = text.split('\n').findIndex((l) => l.includes('LY_MISSING')) + 1;
    const e = await loadWorkspace(workspace(text)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toMatch(new RegExp(`^yimen\\.yaml:${line}: environment variable LY_MISSING is not set`));
    expect((e as ConfigError).hint).toContain('${LY_MISSING:-value}');
  });

  it('a malformed reference is a ConfigError, not a silent literal', async () => {
    const e = await loadWorkspace(workspace(yaml(REST.replace('${LY_HOST:-127.0.0.1}', '${LY HOST}')))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toContain('not a variable reference');
  });
});
