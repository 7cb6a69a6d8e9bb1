// yimen init: the starter workspace validates, an existing yimen.yaml is not overwritten without
// --force, --example copies the bundled example, and the event log records init.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { yimen, tempDir, ROOT } from '../helpers/cli.js';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

describe('yimen init', () => {
  it('writes a commented starter workspace that the loader accepts, and logs it', async () => {
    const dir = join(tempDir(), 'new-programme');
    const r = yimen(['init', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Next steps');
    for (const f of ['yimen.yaml', 'profiles/myapp.yaml', 'exports/myapp-services.csv', 'catalog/base-catalog.csv', '.gitignore']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const yaml = readFileSync(join(dir, 'yimen.yaml'), 'utf8');
    // every section is explained by a comment
    for (const section of ['programme:', 'unifiedApp:', 'catalog:', 'target:', 'policy:', 'matching:', 'adapters:', 'apps:']) {
      const at = yaml.indexOf(`\n${section}`);
      expect(at, section).toBeGreaterThan(0);
      expect(yaml.slice(0, at).trimEnd().split('\n').at(-1)!.trim().startsWith('#'), `comment before ${section}`).toBe(true);
    }
    const ws = await loadWorkspace(dir);
    expect(ws.config.apps.map((a) => a.id)).toEqual(['myapp']);
    expect(ws.config.target.type).toBe('local');

    const store = openSqliteStore(join(dir, '.yimen', 'state.db'));
    try {
      const events = store.events.list({ action: 'init' });
      expect(events).toHaveLength(1);
      expect(events[0]!.actor).toBe('test-runner');
      expect(events[0]!.entity).toBe('workspace');
    } finally {
      store.close();
    }
  });

  it('the starter workspace runs end to end: one service each to migrate and retire, two to merge', () => {
    const dir = tempDir();
    expect(yimen(['init', dir]).code).toBe(0);
    const r = yimen(['run', '-w', dir]);
    expect(r.code, r.stderr).toBe(0);
    const status = JSON.parse(yimen(['status', '-w', dir, '--json']).stdout) as { apps: Array<Record<string, number | string>> };
    const app = status.apps.find((a) => a.appId === 'myapp')!;
    expect([app.services, app.migrate, app.merge, app.retire, app.review, app.quarantined]).toEqual([4, 1, 2, 1, 0, 0]);
  });

  it('defaults to the current folder and returns --json data', () => {
    const dir = tempDir();
    const r = yimen(['init', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.apps).toEqual(['myapp']);
    expect(out.files).toContain('yimen.yaml');
    expect(existsSync(join(dir, 'yimen.yaml'))).toBe(true);
  });

  it('refuses to overwrite an existing yimen.yaml unless --force', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'yimen.yaml'), '# mine\n');
    const r = yimen(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect(r.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'yimen.yaml'), 'utf8')).toBe('# mine\n');
    expect(existsSync(join(dir, 'profiles'))).toBe(false);

    const f = yimen(['init', dir, '--force']);
    expect(f.code, f.stderr).toBe(0);
    expect(readFileSync(join(dir, 'yimen.yaml'), 'utf8')).toContain('unifiedApp:');
  });

  it('--example jiangsu copies the bundled example (without state) and it loads', async () => {
    const dir = join(tempDir(), 'demo');
    const r = yimen(['init', '--example', 'jiangsu', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.example).toBe('jiangsu');
    expect(out.apps).toEqual(['wujiang', 'liyang', 'rugao', 'zhufengqiao']);
    for (const f of ['yimen.yaml', 'README.md', '.gitignore', 'catalog/base-catalog.csv', 'catalog/ATTRIBUTION.md', 'exports/liyang-services.csv', 'exports/wujiang-services.xlsx', 'profiles/wujiang.yaml']) {
      expect(out.files, f).toContain(f);
      expect(readFileSync(join(dir, f)).equals(readFileSync(join(ROOT, 'examples', 'jiangsu', f))), f).toBe(true);
    }
    expect(out.files.some((f: string) => f.startsWith('.yimen') || f.startsWith('out/'))).toBe(false);
    const ws = await loadWorkspace(dir);
    expect(ws.config.programme).toBe('江苏省县级政务App整合');
  });

  it('does not overwrite an existing export or profile by surprise', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'exports'), { recursive: true });
    writeFileSync(join(dir, 'exports', 'myapp-services.csv'), 'my real data\n');
    const r = yimen(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exports/myapp-services.csv');
    expect(existsSync(join(dir, 'yimen.yaml'))).toBe(false);
    expect(readFileSync(join(dir, 'exports', 'myapp-services.csv'), 'utf8')).toBe('my real data\n');
  });

  it('a file where the folder should be is a usage error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const r = yimen(['init', join(dir, 'not-a-folder')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a file');
  });

  it('an unknown example is a usage error that lists the bundled ones', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const r = yimen(['init', '--example', 'guangdong', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('jiangsu');
    expect(r.stderr).toContain('hunan');
    expect(existsSync(join(dir, 'yimen.yaml'))).toBe(false);
  });
});
