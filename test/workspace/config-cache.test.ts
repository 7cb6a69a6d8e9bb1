// The config cache (src/workspace/config-cache.ts): a yimen.yaml read before is taken from
// .yimen/config-cache.json, only while its bytes are the same; `${VAR}` configs are never cached;
// what depends on the disk is checked on every load, with the line numbers of the full read.
import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { ConfigError } from '../../src/errors.js';
import { GOOD, workspaceWith } from './fixture.js';

function workspace(yaml: string, state = true): string {
  const dir = workspaceWith(yaml);
  if (state) mkdirSync(join(dir, '.yimen'));
  return dir;
}
const cacheFile = (dir: string) => join(dir, '.yimen', 'config-cache.json');
const readEntry = (dir: string) => JSON.parse(readFileSync(cacheFile(dir), 'utf8')) as { key: string; config: { programme: string } };

describe('config cache', () => {
  afterEach(() => {
    delete process.env.YIMEN_TEST_PROGRAMME;
  });

  it('a second load takes the validated config from the cache, defaults included', async () => {
    const dir = workspace(GOOD);
    const first = await loadWorkspace(dir);
    expect(existsSync(cacheFile(dir))).toBe(true);
    expect(readEntry(dir).config).toEqual(JSON.parse(JSON.stringify(first.config)));
    // a marker written under the same key shows the second load read the cache, not the file
    const e = readEntry(dir);
    e.config.programme = 'from the cache';
    writeFileSync(cacheFile(dir), JSON.stringify(e));
    const second = await loadWorkspace(dir);
    expect(second.config.programme).toBe('from the cache');
    expect({ ...second.config, programme: first.config.programme }).toEqual(first.config);
  });

  it('an edited yimen.yaml is read again, and the cache follows it', async () => {
    const dir = workspace(GOOD);
    await loadWorkspace(dir);
    const key = readEntry(dir).key;
    writeFileSync(join(dir, 'yimen.yaml'), GOOD.replace('programme: 测试', 'programme: 改过'));
    expect((await loadWorkspace(dir)).config.programme).toBe('改过');
    expect(readEntry(dir).key).not.toBe(key);
    expect((await loadWorkspace(dir)).config.programme).toBe('改过');
  });

  it('an edit that breaks the schema is reported, not hidden by the cache', async () => {
    const dir = workspace(GOOD);
    await loadWorkspace(dir);
    writeFileSync(join(dir, 'yimen.yaml'), GOOD.replace('province: "32"', 'province: 32'));
    await expect(loadWorkspace(dir)).rejects.toThrow(ConfigError);
  });

  it('a config with ${VAR} is never cached: its values follow the environment', async () => {
    const dir = workspace(GOOD.replace('programme: 测试', 'programme: ${YIMEN_TEST_PROGRAMME:-默认}'));
    expect((await loadWorkspace(dir)).config.programme).toBe('默认');
    expect(existsSync(cacheFile(dir))).toBe(false);
    process.env.YIMEN_TEST_PROGRAMME = '环境';
    expect((await loadWorkspace(dir)).config.programme).toBe('环境');
    expect(existsSync(cacheFile(dir))).toBe(false);
  });

  it('a damaged cache file is ignored and replaced', async () => {
    const dir = workspace(GOOD);
    writeFileSync(cacheFile(dir), '{"format":1,"key":');
    expect((await loadWorkspace(dir)).config.programme).toBe('测试');
    expect(readEntry(dir).config.programme).toBe('测试');
  });

  it('files and adapters are checked on every load, with the line from yimen.yaml', async () => {
    const dir = workspace(GOOD);
    await loadWorkspace(dir);
    rmSync(join(dir, 'profiles', 'wujiang.yaml'));
    const err = await loadWorkspace(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/yimen\.yaml:18.*apps\[0\]\.profile.*file not found: profiles\/wujiang\.yaml/s);
    // configLine of a cached load parses the text only when asked
    const cached = await loadWorkspace(dir, { checkFiles: false });
    const full = await loadWorkspace(workspace(GOOD, false));
    for (const p of [['apps', 0, 'source', 'config', 'files'], ['apps', 0, 'division'], ['redirects', 'hits']]) {
      expect(cached.configLine(p)).toBe(full.configLine(p));
    }
    expect(cached.configLine(['apps', 0, 'division'])).toBe(12);
  });

  it('creates nothing in a workspace without a state folder', async () => {
    const dir = workspace(GOOD, false);
    await loadWorkspace(dir);
    expect(existsSync(join(dir, '.yimen'))).toBe(false);
  });
});
