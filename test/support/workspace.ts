// The one test fixture model: `testWorkspace({...})` writes a workspace the way a user would have
// it (yimen.yaml with the unified app, the retiring apps and their sources, mapping profiles,
// exports, a base catalog) into a fresh temp folder, and can seed the store with services and
// decisions for tests of the later stages. Every test builds its workspace through this.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import type { CatalogService, Decision } from '../../src/schema/index.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export function tempDir(prefix = 'yimen-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** a fresh copy of a bundled example workspace (without its state and outputs) */
export function exampleCopy(name = 'jiangsu'): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'examples', name), dir, { recursive: true, filter: (src) => !src.includes('.yimen') && !src.includes(`${name}/out`) });
  return dir;
}

/** A retiring app as yimen.yaml lists it; the source's adapter and config say where its services are. */
export interface TestApp {
  id: string;
  name?: string;
  division?: string;
  adapter: string;
  config?: unknown;
  profile?: string;
  timeline?: { announce?: string; redirect?: string; shutdown?: string };
  owner?: { name: string; code?: string };
}

export interface TestWorkspaceSpec {
  /** write into this folder instead of a new temp one */
  dir?: string;
  prefix?: string;
  programme?: string;
  province?: string;
  unifiedApp?: Partial<{ name: string; serviceUrl: string; noticeUrl: string; homeUrl: string; allowlist: string[] }>;
  apps?: TestApp[];
  /** mapping profiles: path → YAML text or an object; a profile an app names but this omits is `fields: { name: 事项名称 }` */
  profiles?: Record<string, string | object>;
  /** any other files (exports, catalog files, adapter modules): path → content */
  files?: Record<string, string | Buffer>;
  target?: Record<string, unknown>;
  /** the base catalog: where yimen.yaml says it is, and optionally its rows (written as CSV there) */
  catalog?: { source: string; profile?: string; rows?: Array<{ code: string; name: string } & Record<string, string>> };
  /** other top-level keys of yimen.yaml (policy, matching, adapters …) */
  config?: Record<string, unknown>;
}

export interface TestWorkspace {
  root: string;
  /** a path inside the workspace */
  path(rel: string): string;
  /** the workspace store (close it when done) */
  openStore(): Store;
  /** seed N services decided 'migrate' (or as `action` says) straight into the store */
  seedServices(n: number, opts?: SeedOptions): void;
}

export const DEFAULT_UNIFIED_APP = {
  name: '苏服办',
  serviceUrl: 'https://sfb.example.gov.cn/service/{catalogCode}',
  noticeUrl: 'https://sfb.example.gov.cn/notice/{appId}',
  allowlist: ['sfb.example.gov.cn'],
};

const DEFAULT_PROFILE = 'fields:\n  name: 事项名称\n';

export function testWorkspace(spec: TestWorkspaceSpec = {}): TestWorkspace {
  const root = spec.dir ?? tempDir(spec.prefix ?? 'yimen-ws-');
  const write = (rel: string, content: string | Buffer) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  };
  const apps = spec.apps ?? [];
  const doc: Record<string, unknown> = {
    programme: spec.programme ?? '测试迁移',
    province: spec.province ?? '32',
    unifiedApp: { ...DEFAULT_UNIFIED_APP, ...spec.unifiedApp },
    ...(spec.catalog ? { catalog: { source: spec.catalog.source, ...(spec.catalog.profile ? { profile: spec.catalog.profile } : {}) } } : {}),
    ...(spec.target ? { target: spec.target } : {}),
    ...spec.config,
    apps: apps.map((a) => ({
      id: a.id,
      name: a.name ?? a.id,
      division: a.division ?? '320509',
      ...(a.owner ? { owner: a.owner } : {}),
      source: { adapter: a.adapter, config: a.config ?? {} },
      profile: a.profile ?? 'profile.yaml',
      ...(a.timeline ? { timeline: a.timeline } : {}),
    })),
  };
  write('yimen.yaml', stringify(doc));
  const profiles: Record<string, string | object> = { ...spec.profiles };
  for (const a of apps) profiles[a.profile ?? 'profile.yaml'] ??= DEFAULT_PROFILE;
  for (const [rel, p] of Object.entries(profiles)) write(rel, typeof p === 'string' ? p : stringify(p));
  if (spec.catalog?.rows) {
    const cols = [...new Set(spec.catalog.rows.flatMap((r) => Object.keys(r)))];
    const csv = [cols.join(','), ...spec.catalog.rows.map((r) => cols.map((c) => csvCell(r[c] ?? '')).join(','))].join('\n') + '\n';
    write(spec.catalog.source, csv);
  }
  for (const [rel, content] of Object.entries(spec.files ?? {})) write(rel, content);

  return workspaceAt(root);
}

/** The handle of a workspace already on disk (e.g. a copy of an example). */
export function workspaceAt(root: string): TestWorkspace {
  const openStore = () => openSqliteStore(join(root, '.yimen', 'state.db'));
  return {
    root,
    path: (rel) => join(root, rel),
    openStore,
    seedServices(n, opts) {
      const store = openStore();
      try {
        seedServices(store, n, opts);
      } finally {
        store.close();
      }
    },
  };
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A mapped service of app `appId` (default: demo), numbered i: a plausible catalog service. */
export function testService(i: number, over: Partial<CatalogService> = {}, appId = 'demo'): CatalogService {
  const id = `${appId}-${String(i).padStart(12, '0')}`;
  return {
    id,
    appId,
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

export interface SeedOptions {
  /** these service numbers carry an error-severity issue */
  errors?: number[];
  action?: (i: number) => Decision['action'];
  rename?: (i: number) => string | undefined;
}

/** Seeds services 1..n with their decisions (by a rule, 'migrate' unless `action` says otherwise). */
export function seedServices(store: Store, n: number, opts: SeedOptions = {}): void {
  store.tx(() => {
    for (let i = 1; i <= n; i++) {
      const s = testService(i, {
        ...(opts.errors?.includes(i) ? { issues: [{ field: 'name', severity: 'error' as const, code: 'E_X', message: 'bad' }] } : {}),
        ...(opts.rename?.(i) ? { name: opts.rename(i)! } : {}),
      });
      store.services.upsert(s, JSON.stringify(s));
      store.decisions.upsert({
        serviceId: s.id,
        appId: s.appId,
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
