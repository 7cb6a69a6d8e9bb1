// The map stage: each app's raw `services` records → catalog services with validation issues,
// through the app's mapping profile. Idempotent: a service's content hash leaves out volatile
// fields, so re-running on unchanged input writes nothing. One transaction and one event per app;
// an app whose records, profile and entry points did not change since its last map is skipped.
import { createHash, type Hash } from 'node:crypto';
import type { Workspace } from '../workspace/loader.js';
import { appById, selectApps } from '../workspace/loader.js';
import { yimenVersion } from '../workspace/version.js';
import type { QuarantineInput, RawRecordRow, Store } from '../store/store.js';
import type { CatalogService } from '../schema/service.js';
import { appSources, type AppConfig } from '../workspace/config.js';
import { loadAppProfile, type MappingProfile } from './profile.js';
import { applyProfile } from './apply.js';
import { buildService, REGION_TABLE } from './validate.js';
import { entryPointColumns, plainProfileValue, serviceId, SERVICES_STREAM, type AppMapContext, type MappedBatch } from './records.js';
import { startMapWorker, type MapWorker } from './mapper.js';
import { PageQueue, type AppPages } from './pages.js';
import { openStore } from '../store/open.js';
import { workerThreads } from '../threads/worker.js';
import { ExitCode, YimenError } from '../errors.js';
import { rawDataOf } from '../store/raw-form.js';

export { entryPointColumns, serviceHash, serviceHashAndJson, serviceId, SERVICES_STREAM } from './records.js';
const PAGE = 2000;
/** a run mapping fewer records stays on the main thread and reads through its one connection: a
 *  worker's start-up (its modules loaded again, its code cold) would cost more than it saves */
export const WORKER_MIN_RECORDS = 30_000;
/** a run mapping fewer records reads them through the writer's connection: opening another costs
 *  more than it saves (a few ms against ~4 µs a record) */
const READER_MIN_RECORDS = 5_000;

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

export function profileFor(ws: Workspace, app: AppConfig): MappingProfile {
  return loadAppProfile(ws.root, app);
}

export interface MapOptions {
  actor: string;
  apps?: string[];
  /** a run with at least this many records to map starts a worker thread when one may start (tests lower it) */
  workerMinRecords?: number;
  /** records per page (tests: several pages from a few records) */
  pageSize?: number;
  /** wait until the worker has loaded before the first app it maps (tests: so that it maps pages for certain) */
  awaitWorker?: boolean;
}

export async function mapApps(ws: Workspace, store: Store, opts: MapOptions): Promise<MapSummary> {
  const apps = selectApps(ws, opts.apps).map((id) => appById(ws, id));
  // every profile is checked before anything is written: a broken profile stops the stage cleanly
  const profiles = new Map(apps.map((a) => [a.id, profileFor(ws, a)]));
  // which apps must be mapped (the others are skipped), before any is: together they decide
  // whether a worker is worth its start-up; skipping one app does not depend on mapping another
  const plans = apps.map((app) => {
    const profile = profiles.get(app.id)!;
    const markText = store.getMeta(`map.app.${app.id}`);
    const mark = markText ? (JSON.parse(markText) as { key: string; summary: AppMapSummary }) : undefined;
    // an app never mapped cannot be skipped: its inputs key is then hashed while its records are read
    const known = mark ? mapInputs(store, app, profile) : undefined;
    const skip = mark && known !== undefined && mark.key === withOutputs(store, known, app.id) ? mark.summary : undefined;
    return { app, profile, known, skip, records: skip ? 0 : store.raw.count(app.id, SERVICES_STREAM) };
  });
  const todo = plans.filter((p) => !p.skip);
  const pageSize = opts.pageSize ?? PAGE;
  // the worker reads the records through a connection of its own: they must be committed
  const committed = store.raw.committedPath();
  const records = todo.reduce((n, p) => n + p.records, 0);
  const workerMin = opts.workerMinRecords ?? WORKER_MIN_RECORDS;
  const out: AppMapSummary[] = [];
  let worker: MapWorker | undefined;
  let reader: Store | undefined;
  try {
    if (committed !== undefined && records >= workerMin && workerThreads() > 0) worker = startMapWorker(committed);
    if (worker && opts.awaitWorker) while (!worker.ready()) await new Promise((r) => setTimeout(r, 5));
    // the pages this thread maps come through a read-only connection too (the worker's or not): it
    // maps the file, so a page costs a third of a read through the writer's connection, whose cache
    // every commit empties
    if (committed !== undefined && records >= Math.min(READER_MIN_RECORDS, workerMin)) reader = openStore(committed, { readonly: true });
    const pagesFrom = reader ?? store;
    // an app's context and rowids are read when its first page is taken (the worker runs ahead into the next app)
    const queue = new PageQueue(todo.length, (i) => appPages(store, todo[i]!.app, todo[i]!.profile, todo[i]!.known === undefined), (rowids) => pagesFrom.raw.pageRows(rowids), worker, pageSize);
    let i = 0;
    for (const { app, profile, known, skip } of plans) {
      if (skip) {
        // its records, profile and entry points are as they were: the services stand as stored
        out.push({ ...skip, new: 0, changed: 0, unchanged: skip.services, removed: 0, skipped: true });
        continue;
      }
      const pages = queue.pages(i++);
      out.push(
        store.tx(() => {
          const { summary, inputs } = mapApp(store, app, profile, opts.actor, pages, known === undefined ? inputsHash(app, profile) : undefined);
          store.setMeta(`map.app.${app.id}`, JSON.stringify({ key: withOutputs(store, known ?? inputs!, app.id), summary }));
          return summary;
        }),
      );
    }
  } finally {
    reader?.close();
    await worker?.close();
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

/** the inputs key's hash, fed with its config part: records and entry points follow (mapInputs) */
function inputsHash(app: AppConfig, profile: MappingProfile): Hash {
  return createHash('sha1').update(JSON.stringify([MAP_INPUTS, yimenVersion(), app, REGION_TABLE.label, profile], plainProfileValue));
}


/**
 * What an app's services depend on: its config (division, sources), its profile, the region
 * table, its raw service records (key, locator, content hash) and its entry points.
 */
function mapInputs(store: Store, app: AppConfig, profile: MappingProfile): string {
  const h = inputsHash(app, profile);
  // lines joined and hashed at once (the same digest as line by line, without a call per line)
  h.update(joinLines(store.raw.hashes(app.id, SERVICES_STREAM)));
  return withEntryPoints(store, h, app.id);
}

/** the inputs key's last part: the app's entry points */
function withEntryPoints(store: Store, h: Hash, appId: string): string {
  h.update('\u0000');
  h.update(joinLines(store.entryPoints.contents(appId)));
  return h.digest('hex');
}

/** every line followed by a newline */
const joinLines = (lines: string[]): string => (lines.length ? lines.join('\n') + '\n' : '');

/** …and what map wrote: how many services and quarantined records the app has */
function withOutputs(store: Store, inputs: string, appId: string): string {
  return createHash('sha1').update(`${inputs}\u0000${store.services.count(appId)}\u0000${store.quarantine.count(appId, 'map')}`).digest('hex');
}

/** what an app's records are mapped with (its entry points by service key: [id, locator, …]) and their rowids */
function appPages(store: Store, app: AppConfig, profile: MappingProfile, lines: boolean): AppPages {
  const entryPoints = new Map<string, string[]>();
  for (const e of store.entryPoints.list(app.id)) {
    if (!e.serviceKey) continue;
    const l = entryPoints.get(e.serviceKey) ?? [];
    l.push(e.id, e.locator);
    entryPoints.set(e.serviceKey, l);
  }
  const ctx: AppMapContext = { appId: app.id, adapter: appSources(app).map((x) => x.adapter).join('+'), division: app.division, profile, entryPoints, lines };
  return { ctx, rowids: store.raw.rowids(app.id, SERVICES_STREAM) };
}

/**
 * Maps one app inside the caller's transaction, writing its pages as they come, in order. `inputs`:
 * when given, the inputs key is finished from the pages' skip-key lines (the same lines in the same
 * order as mapInputs reads them).
 */
function mapApp(store: Store, app: AppConfig, profile: MappingProfile, actor: string, pages: Iterable<MappedBatch>, inputs: Hash | undefined): { summary: AppMapSummary; inputs?: string } {
  const s: AppMapSummary = {
    appId: app.id, profile: profile.file, records: 0, services: 0, new: 0, changed: 0, unchanged: 0, removed: 0, invalid: 0, warnings: 0,
    issues: { errors: 0, warnings: 0, byCode: {} }, extras: { fields: 0, names: [] }, quarantined: 0, missingColumns: [],
  };
  const columnsSeen = new Set<string>();
  const extraNames = new Set<string>();
  const beforeIds = store.services.ids(app.id);
  const before = new Set(beforeIds);
  // an app with no services yet: every upsert is an insert, no lookup
  const known = beforeIds.length === 0 ? ('new' as const) : undefined;
  const seen = new Set<string>();
  const quarantine: QuarantineInput[] = [];
  const changedIds: string[] = [];
  // a page at a time (PageQueue): better-sqlite3 cannot write while a statement is still
  // iterating, and holding every record of a large app at once would cost memory for nothing
  for (const m of pages) {
    s.records += m.records;
    if (inputs && m.lines) inputs.update(m.lines);
    for (const c of m.columns) columnsSeen.add(c);
    for (const c of m.extras) extraNames.add(c);
    for (let i = 0; i < m.quarantined.length; i++) {
      quarantine.push({ appId: app.id, stage: 'map', stream: SERVICES_STREAM, locator: m.quarantined[i]!, field: 'name', reason: m.reasons[i]!, data: rawDataOf(m.quarantinedData[i]!) });
    }
    const json = Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength);
    for (let i = 0; i < m.ids.length; i++) {
      const id = m.ids[i]!;
      seen.add(id);
      const data = json.subarray(i ? m.jsonEnds[i - 1] : 0, m.jsonEnds[i]);
      const r = store.services.upsertRow({ id, appId: app.id, name: m.names[i]!, contentHash: m.hashes[i]!, hasErrors: m.hasErrors[i] === 1, data }, known);
      s[r]++;
      if (r !== 'unchanged') changedIds.push(id);
    }
    s.issues.errors += m.errors;
    s.issues.warnings += m.warnings;
    s.invalid += m.invalid;
    s.warnings += m.warned;
    for (const [code, n] of m.byCode) s.issues.byCode[code] = (s.issues.byCode[code] ?? 0) + n;
  }
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
  return { summary: s, inputs: inputs && withEntryPoints(store, inputs, app.id) };
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
