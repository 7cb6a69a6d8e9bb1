// The map stage: each app's raw `services` records → catalog services with validation issues,
// through the app's mapping profile. Idempotent: a service's content hash leaves out volatile
// fields, so re-running on unchanged input writes nothing. One transaction and one event per app;
// an app whose records, profile and entry points did not change since its last map is skipped.
import { createHash, hash as oneShot } from 'node:crypto';
import { relative } from 'node:path';
import type { Workspace } from '../workspace/loader.js';
import { appById, selectApps } from '../workspace/loader.js';
import { resolveIn } from '../workspace/paths.js';
import { yimenVersion } from '../workspace/version.js';
import type { QuarantineInput, RawRecordRow, Store } from '../store/store.js';
import type { CatalogService } from '../schema/service.js';
import type { EntryPoint } from '../schema/entry-point.js';
import { appSources, type AppConfig } from '../workspace/config.js';
import { loadAppProfile, type MappingProfile } from './profile.js';
import { applyProfile } from './apply.js';
import { buildService, REGION_TABLE } from './validate.js';
import { ExitCode, YimenError } from '../errors.js';

export const SERVICES_STREAM = 'services';
const PAGE = 2000;

export interface AppMapSummary {
  appId: string;
  profile: string;
  /** raw service records read */
  records: number;
  /** services now in the store for this app */
  services: number;
  new: number;
  changed: number;
  unchanged: number;
  removed: number;
  /** services with at least one error issue: they cannot be published */
  invalid: number;
  /** services with warnings and no errors */
  warnings: number;
  issues: { errors: number; warnings: number; byCode: Record<string, number> };
  /** unmapped source columns kept in extras */
  extras: { fields: number; names: string[] };
  /** records that could not become a service (stage map) */
  quarantined: number;
  /** columns the profile reads that no record has (a typo in the profile, or a changed export) */
  missingColumns: string[];
  /** nothing it depends on changed since its last map: not mapped again */
  skipped?: boolean;
}

export interface MapSummary {
  apps: AppMapSummary[];
  totals: Omit<AppMapSummary, 'appId' | 'profile' | 'extras' | 'issues' | 'missingColumns'> & { extrasFields: number };
  regionTable: string;
}

/** The stable service id: `${appId}-${sha1(sourceKey) first 12 hex}` (interfaces.md). */
export function serviceId(appId: string, sourceKey: string): string {
  // the one-shot hash: no Hash object per record (the same digest)
  return `${appId}-${oneShot('sha1', sourceKey, 'hex').slice(0, 12)}`;
}

/**
 * The content hash of a service, leaving out volatile provenance (extractedAt, locator). The
 * service is zod's output, whose keys follow the schema's order (extras: the source's column
 * order), so the same content always serialises the same.
 */
export function serviceHash(s: CatalogService): string {
  const { extractedAt: _t, locator: _l, ...source } = s.source;
  return createHash('sha1').update(JSON.stringify({ ...s, source })).digest('hex');
}

/**
 * serviceHash and the service's JSON (what the store keeps) at once: every field is serialised
 * once, the source twice (with and without its volatile fields), instead of the whole service
 * twice. The texts are JSON.stringify's own: the same keys in the same order, undefined skipped.
 */
export function serviceHashAndJson(s: CatalogService): { hash: string; json: string } {
  const { extractedAt: _t, locator: _l, ...stable } = s.source;
  let hashed = '{';
  let full = '{';
  for (const k of Object.keys(s)) {
    const v = (s as Record<string, unknown>)[k];
    const key = `${hashed.length > 1 ? ',' : ''}${JSON.stringify(k)}:`;
    if (k === 'source') {
      hashed += key + JSON.stringify(stable);
      full += key + JSON.stringify(v);
      continue;
    }
    const t = JSON.stringify(v) as string | undefined;
    if (t === undefined) continue;
    hashed += key + t;
    full += key + t;
  }
  return { hash: oneShot('sha1', hashed + '}', 'hex'), json: full + '}' };
}

/**
 * The columns of a record that the adapter already turned into entry points of its service: not
 * extras. Read from the entry points themselves (an entry point found in a column of a service's
 * record carries the locator `<record locator>/<column>`), never from an adapter's config.
 */
export function entryPointColumns(recordLocator: string, entryPoints: ReadonlyArray<Pick<EntryPoint, 'locator'>>): Set<string> {
  const cols = new Set<string>();
  const prefix = `${recordLocator}/`;
  for (const e of entryPoints) if (e.locator.startsWith(prefix) && e.locator.length > prefix.length) cols.add(e.locator.slice(prefix.length));
  return cols;
}

export function profileFor(ws: Workspace, app: AppConfig): MappingProfile {
  return loadAppProfile(ws.root, app);
}

export async function mapApps(ws: Workspace, store: Store, opts: { actor: string; apps?: string[] }): Promise<MapSummary> {
  const apps = selectApps(ws, opts.apps).map((id) => appById(ws, id));
  // every profile is checked before anything is written: a broken profile stops the stage cleanly
  const profiles = new Map(apps.map((a) => [a.id, profileFor(ws, a)]));
  const out: AppMapSummary[] = [];
  for (const app of apps) {
    const profile = profiles.get(app.id)!;
    const inputs = mapInputs(store, app, profile);
    const markText = store.getMeta(`map.app.${app.id}`);
    const mark = markText ? (JSON.parse(markText) as { key: string; summary: AppMapSummary }) : undefined;
    if (mark?.key === withOutputs(store, inputs, app.id)) {
      // its records, profile and entry points are as they were: the services stand as stored
      out.push({ ...mark.summary, new: 0, changed: 0, unchanged: mark.summary.services, removed: 0, skipped: true });
      continue;
    }
    out.push(
      store.tx(() => {
        const s = mapApp(ws, store, app, profile, opts.actor);
        store.setMeta(`map.app.${app.id}`, JSON.stringify({ key: withOutputs(store, inputs, app.id), summary: s }));
        return s;
      }),
    );
  }
  const totals = {
    records: 0, services: 0, new: 0, changed: 0, unchanged: 0, removed: 0, invalid: 0, warnings: 0, quarantined: 0, extrasFields: 0,
  };
  for (const a of out) {
    for (const k of ['records', 'services', 'new', 'changed', 'unchanged', 'removed', 'invalid', 'warnings', 'quarantined'] as const) totals[k] += a[k];
    totals.extrasFields += a.extras.fields;
  }
  return { apps: out, totals, regionTable: REGION_TABLE.label };
}

/** bump when what a service depends on grows beyond what mapInputs reads (a skip would then be stale);
 *  yimen's version is in the key too, so an upgrade always re-maps */
const MAP_INPUTS = 1;

/**
 * What an app's services depend on: its config (division, sources), its profile, the region
 * table, its raw service records (key, locator, content hash) and its entry points.
 */
function mapInputs(store: Store, app: AppConfig, profile: MappingProfile): string {
  const plain = (_k: string, v: unknown) => (v instanceof RegExp ? String(v) : v instanceof Set ? [...v].sort() : v);
  const h = createHash('sha1').update(JSON.stringify([MAP_INPUTS, yimenVersion(), app, REGION_TABLE.label, profile], plain));
  // lines joined and hashed at once (the same digest as line by line, without a call per line)
  h.update(joinLines(store.raw.hashes(app.id, SERVICES_STREAM)));
  h.update('\u0000');
  h.update(joinLines(store.entryPoints.contents(app.id)));
  return h.digest('hex');
}

/** every line followed by a newline */
const joinLines = (lines: string[]): string => (lines.length ? lines.join('\n') + '\n' : '');

/** …and what map wrote: how many services and quarantined records the app has */
function withOutputs(store: Store, inputs: string, appId: string): string {
  return createHash('sha1').update(`${inputs}\u0000${store.services.count(appId)}\u0000${store.quarantine.count(appId, 'map')}`).digest('hex');
}

function mapApp(ws: Workspace, store: Store, app: AppConfig, profile: MappingProfile, actor: string): AppMapSummary {
  const adapterName = appSources(app).map((x) => x.adapter).join('+');
  const s: AppMapSummary = {
    appId: app.id, profile: profile.file, records: 0, services: 0, new: 0, changed: 0, unchanged: 0, removed: 0, invalid: 0, warnings: 0,
    issues: { errors: 0, warnings: 0, byCode: {} }, extras: { fields: 0, names: [] }, quarantined: 0, missingColumns: [],
  };
  const columnsSeen = new Set<string>();
  const extraNames = new Set<string>();
  return store.tx(() => {
    // entry points belong to the service whose source key they carry
    const eps = new Map<string, EntryPoint[]>();
    for (const e of store.entryPoints.list(app.id)) {
      if (!e.serviceKey) continue;
      const l = eps.get(e.serviceKey) ?? [];
      l.push(e);
      eps.set(e.serviceKey, l);
    }
    const before = new Set(store.services.ids(app.id));
    const seen = new Set<string>();
    const quarantine: QuarantineInput[] = [];
    const changedIds: string[] = [];
    const handle = (raw: RawRecordRow): void => {
      s.records++;
      const data = raw.data && typeof raw.data === 'object' && !Array.isArray(raw.data) ? (raw.data as Record<string, unknown>) : {};
      for (const k in data) columnsSeen.add(k);
      const own = eps.get(raw.key) ?? [];
      const applied = applyProfile(profile, data, entryPointColumns(raw.locator, own));
      if (typeof applied.fields.name !== 'string' || !applied.fields.name.trim()) {
        const cols = profile.rules.find((r) => r.field === 'name')!.from;
        quarantine.push({
          appId: app.id, stage: 'map', stream: SERVICES_STREAM, locator: raw.locator, field: 'name',
          reason: `no 事项名称: ${cols.length ? `column${cols.length > 1 ? 's' : ''} ${cols.join(', ')} ${cols.length > 1 ? 'are' : 'is'} empty` : 'name has no source'} (key ${raw.key})`,
          data: raw.data,
        });
        return;
      }
      const id = serviceId(app.id, raw.key);
      seen.add(id);
      for (const k of Object.keys(applied.extras)) extraNames.add(k);
      const svc = buildService(
        {
          id,
          appId: app.id,
          source: { adapter: adapterName, stream: raw.stream, sourceKey: raw.key, locator: raw.locator, extractedAt: raw.lastSeen ?? raw.firstSeen, contentHash: raw.contentHash },
          fields: applied.fields,
          extras: applied.extras,
          entryPoints: own.map((e) => e.id).sort(),
          issues: applied.issues,
        },
        { appDivision: app.division },
      );
      const { hash, json } = serviceHashAndJson(svc);
      const r = store.services.upsert(svc, hash, json);
      s[r]++;
      if (r !== 'unchanged') changedIds.push(id);
      let err = false;
      let warn = false;
      for (const i of svc.issues) {
        if (i.severity === 'error') (s.issues.errors++, (err = true));
        else (s.issues.warnings++, (warn = true));
        s.issues.byCode[i.code] = (s.issues.byCode[i.code] ?? 0) + 1;
      }
      if (err) s.invalid++;
      else if (warn) s.warnings++;
    };
    // a page at a time: better-sqlite3 cannot write while a statement is still iterating, and
    // holding every record of a large app at once would cost memory for nothing
    let cursor: number | undefined;
    do {
      const page = store.raw.page(app.id, SERVICES_STREAM, cursor, PAGE);
      for (const raw of page.rows) handle(raw);
      cursor = page.next;
    } while (cursor !== undefined);
    const removedIds: string[] = [];
    for (const id of before) {
      if (!seen.has(id)) {
        store.services.remove(id);
        removedIds.push(id);
      }
    }
    s.removed = removedIds.length;
    s.services = seen.size;
    s.quarantined = quarantine.length;
    s.extras = { fields: extraNames.size, names: [...extraNames].sort() };
    // columns of rules with a default are optional by design: only the others are suspicious
    if (s.records) {
      const expected = new Set([...profile.rules.filter((r) => r.default === undefined).flatMap((r) => r.from), ...profile.routes.flatMap((r) => r.from)].map((c) => c.split('.')[0]!));
      s.missingColumns = [...expected].filter((c) => !columnsSeen.has(c)).sort();
    }

    // the map stage's quarantine is rewritten only when it differs, so a re-run changes nothing
    const sig = (q: Pick<QuarantineInput, 'locator' | 'reason' | 'field'>) => `${q.locator}\u0000${q.reason}\u0000${q.field ?? ''}`;
    const prev = store.quarantine.list({ appId: app.id, stage: 'map' }).map(sig).sort();
    const next = quarantine.map(sig).sort();
    const quarantineChanged = prev.length !== next.length || prev.some((p, i) => p !== next[i]);
    if (quarantineChanged) {
      store.quarantine.clear(app.id, 'map');
      for (const q of quarantine) store.quarantine.add(q);
    }

    if (s.new || s.changed || s.removed || quarantineChanged) {
      store.events.append({
        actor,
        action: 'map',
        entity: `app:${app.id}`,
        summary: `${s.services} services: ${s.new} new, ${s.changed} changed, ${s.unchanged} unchanged, ${s.removed} removed; ${s.invalid} invalid, ${s.quarantined} quarantined, ${s.extras.fields} extra fields`,
        details: { profile: profile.file, changed: changedIds.slice(0, 1000), removed: removedIds, quarantined: quarantine.length, regionTable: REGION_TABLE.label },
      });
    }
    return s;
  });
}

export interface MapPreview {
  appId: string;
  sourceKey: string;
  locator: string;
  profile: string;
  /** the record as extracted */
  record: Record<string, unknown>;
  /** the service it becomes (undefined when it would be quarantined) */
  service?: CatalogService;
  /** why it would be quarantined */
  quarantine?: string;
}

/**
 * How one record maps, without writing anything: for profile authors (`yimen map APP --show KEY`).
 * Reads the profile from disk, so an edited profile can be tried before a real run.
 */
export function previewRecord(ws: Workspace, store: Store, appId: string, key: string): MapPreview {
  const app = appById(ws, appId);
  const profile = profileFor(ws, app);
  let raw: RawRecordRow | undefined;
  for (const r of store.raw.list(app.id, SERVICES_STREAM)) {
    if (r.key === key) {
      raw = r;
      break;
    }
  }
  if (!raw) {
    throw new YimenError('E_NO_RECORD', `app ${app.id} has no extracted record with key "${key}"`, {
      hint: `run \`yimen extract ${app.id}\` first, or check the key column in the source config`,
      exitCode: ExitCode.usage,
    });
  }
  const record = raw.data && typeof raw.data === 'object' && !Array.isArray(raw.data) ? (raw.data as Record<string, unknown>) : {};
  const own = store.entryPoints.list(app.id).filter((e) => e.serviceKey === key);
  const applied = applyProfile(profile, record, entryPointColumns(raw.locator, own));
  const base = { appId: app.id, sourceKey: key, locator: raw.locator, profile: profile.file, record };
  if (typeof applied.fields.name !== 'string' || !applied.fields.name.trim()) return { ...base, quarantine: 'no 事项名称: the record would be quarantined' };
  const entryPoints = own.map((e) => e.id).sort();
  const service = buildService(
    {
      id: serviceId(app.id, key),
      appId: app.id,
      source: { adapter: appSources(app).map((x) => x.adapter).join('+'), stream: raw.stream, sourceKey: key, locator: raw.locator, extractedAt: raw.lastSeen ?? raw.firstSeen, contentHash: raw.contentHash },
      fields: applied.fields,
      extras: applied.extras,
      entryPoints,
      issues: applied.issues,
    },
    { appDivision: app.division },
  );
  return { ...base, service };
}
