// A minimal workspace with services seeded straight into the store (the stages before publish are
// other helpers' work): N services decided 'migrate', optionally a few with errors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from '../helpers/cli.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import type { CatalogService } from '../../src/schema/index.js';

export function makeWorkspace(target: Record<string, unknown> = { type: 'local' }, dir = tempDir('yimen-pub-')): string {
  mkdirSync(join(dir, 'exports'), { recursive: true });
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  writeFileSync(join(dir, 'exports', 'services.csv'), '事项编号,事项名称\n1,x\n');
  writeFileSync(join(dir, 'profiles', 'demo.yaml'), 'fields:\n  name: 事项名称\n');
  const config = {
    programme: '测试',
    province: '32',
    unifiedApp: {
      name: '苏服办',
      serviceUrl: 'https://sfb.example.gov.cn/service/{catalogCode}',
      noticeUrl: 'https://sfb.example.gov.cn/notice/{appId}',
      allowlist: ['sfb.example.gov.cn'],
    },
    target,
    apps: [
      {
        id: 'demo',
        name: '演示App',
        division: '320509',
        source: { adapter: 'spreadsheet', config: { files: [{ path: 'exports/services.csv', key: '事项编号' }] } },
        profile: 'profiles/demo.yaml',
      },
    ],
  };
  writeFileSync(join(dir, 'yimen.yaml'), stringify(config));
  return dir;
}

export function service(i: number, over: Partial<CatalogService> = {}): CatalogService {
  const id = `demo-${String(i).padStart(12, '0')}`;
  return {
    id,
    appId: 'demo',
    source: { adapter: 'spreadsheet', stream: 'services', sourceKey: String(i), locator: `services.csv#R${i + 1}`, extractedAt: '2026-01-01T00:00:00Z', contentHash: `h${i}` },
    name: `测试事项${i}`,
    aliases: [],
    catalogCode: i % 3 === 0 ? undefined : `32${String(100000000 + i).slice(-10)}`,
    taskType: { code: '20', label: '公共服务' },
    agency: { name: '苏州市吴江区行政审批局' },
    division: { code: '320509' },
    serviceObjects: [{ code: '1', label: '自然人' }],
    promisedLimit: { value: 5, unit: 'workday' },
    materials: [{ name: '居民身份证', form: 'paper', necessity: 'required' }],
    handlingForms: ['window'],
    entryPoints: [],
    extras: {},
    issues: [],
    ...over,
  };
}

export function seed(dir: string, n: number, opts: { errors?: number[]; action?: (i: number) => 'migrate' | 'merge' | 'retire' | 'review'; rename?: (i: number) => string | undefined } = {}): void {
  const store = openSqliteStore(join(dir, '.yimen', 'state.db'));
  try {
    seedStore(store, n, opts);
  } finally {
    store.close();
  }
}

export function seedStore(store: Store, n: number, opts: Parameters<typeof seed>[2] = {}): void {
  store.tx(() => {
    for (let i = 1; i <= n; i++) {
      const s = service(i, {
        ...(opts.errors?.includes(i) ? { issues: [{ field: 'name', severity: 'error' as const, code: 'E_X', message: 'bad' }] } : {}),
        ...(opts.rename?.(i) ? { name: opts.rename(i)! } : {}),
      });
      store.services.upsert(s, JSON.stringify(s));
      store.decisions.upsert({
        serviceId: s.id,
        appId: 'demo',
        action: opts.action?.(i) ?? 'migrate',
        reason: 'test',
        decidedBy: 'rule',
        candidates: [],
        actor: 'test',
        at: '2026-01-01T00:00:00Z',
      });
    }
  });
}
