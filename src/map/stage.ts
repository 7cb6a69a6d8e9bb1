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
import { entryPointColumns, mapBatch, plainProfileValue, recordFields, recordKeyAndLine, serviceId, SERVICES_STREAM, type AppMapContext, type MappedBatch, type RecordBatch } from './records.js';
import { startMapWorker, type MapWorker } from './mapper.js';
import { workerThreads } from '../threads/worker.js';
import { ExitCode, YimenError } from '../errors.js';
import { rawDataOf } from '../store/raw-form.js';

export { entryPointColumns, serviceHash, serviceHashAndJson, serviceId, SERVICES_STREAM } from './records.js';
const PAGE = 2000;
/** a run mapping fewer records stays on the main thread: a worker's start-up (its modules loaded
 *  again, its code cold) would cost more than it saves */
export const WORKER_MIN_RECORDS = 30_000;
/** pages sent to the worker ahead of the one being written / mapped on the main thread while it waits */
const WORKER_AHEAD = 2;
const OWN_AHEAD = 4;

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
  const minRecords = opts.workerMinRecords ?? WORKER_MIN_RECORDS;
  const useWorker = workerThreads() > 0 && plans.reduce((n, p) => n + p.records, 0) >= minRecords;
  const out: AppMapSummary[] = [];
  let worker: MapWorker | undefined;
  try {
    for (const { app, profile, known, skip, records } of plans) {
      if (skip) {
        // its records, profile and entry points are as they were: the services stand as stored
        out.push({ ...skip, new: 0, changed: 0, unchanged: skip.services, removed: 0, skipped: true });
        continue;
      }
      // an app of a page or two is done before a worker would have helped
      const withWorker = useWorker && records > 2 * (opts.pageSize ?? PAGE);
      if (withWorker) worker ??= startMapWorker();
      if (withWorker && opts.awaitWorker) while (!worker!.ready()) await new Promise((r) => setTimeout(r, 5));
      out.push(
        store.tx(() => {
          const { summary, inputs } = mapApp(store, app, profile, opts.actor, withWorker ? worker : undefined, known === undefined ? inputsHash(app, profile) : undefined, opts.pageSize ?? PAGE);
          store.setMeta(`map.app.${app.id}`, JSON.stringify({ key: withOutputs(store, known ?? inputs!, app.id), summary }));
          return summary;
        }),
      );
    }
  } finally {
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

/**
 * Maps one app inside the caller's transaction. `inputs`: when given, the inputs key is finished
 * from the records as they are read (the same lines in the same order as mapInputs reads them).
 */
function mapApp(store: Store, app: AppConfig, profile: MappingProfile, actor: string, worker: MapWorker | undefined, inputs: Hash | undefined, pageSize: number): { summary: AppMapSummary; inputs?: string } {
  const s: AppMapSummary = {
    appId: app.id, profile: profile.file, records: 0, services: 0, new: 0, changed: 0, unchanged: 0, removed: 0, invalid: 0, warnings: 0,
    issues: { errors: 0, warnings: 0, byCode: {} }, extras: { fields: 0, names: [] }, quarantined: 0, missingColumns: [],
  };
  const columnsSeen = new Set<string>();
  const extraNames = new Set<string>();
  // entry points belong to the service whose source key they carry: [id, locator, …] per key
  const eps = new Map<string, string[]>();
  for (const e of store.entryPoints.list(app.id)) {
    if (!e.serviceKey) continue;
    const l = eps.get(e.serviceKey) ?? [];
    l.push(e.id, e.locator);
    eps.set(e.serviceKey, l);
  }
  const beforeIds = store.services.ids(app.id);
  const before = new Set(beforeIds);
  // an app with no services yet: every upsert is an insert, no lookup
  const known = beforeIds.length === 0 ? ('new' as const) : undefined;
  const seen = new Set<string>();
  const quarantine: QuarantineInput[] = [];
  const changedIds: string[] = [];
  const ctx: AppMapContext = { appId: app.id, adapter: appSources(app).map((x) => x.adapter).join('+'), division: app.division, profile };
  worker?.app(ctx);

  // a page at a time: better-sqlite3 cannot write while a statement is still iterating, and
  // holding every record of a large app at once would cost memory for nothing
  const rowids = store.raw.rowids(app.id, SERVICES_STREAM);
  let at = 0;
  let more = rowids.length > 0;
  const read = (): RecordBatch | undefined => {
    const rows = store.raw.pageRows(rowids.slice(at, (at += pageSize)));
    more = at < rowids.length;
    if (!rows.length) return undefined;
    const b: RecordBatch = { rows, entryPoints: [] };
    const lines: string[] = [];
    for (const row of rows) {
      const [key, line] = recordKeyAndLine(row);
      b.entryPoints.push(eps.size ? (eps.get(key) ?? null) : null);
      if (inputs) lines.push(line);
    }
    inputs?.update(joinLines(lines));
    return b;
  };
  const write = (b: RecordBatch, m: MappedBatch): void => {
    s.records += b.rows.length;
    for (const c of m.columns) columnsSeen.add(c);
    for (const c of m.extras) extraNames.add(c);
    for (let i = 0; i < m.quarantined.length; i++) {
      const j = m.quarantined[i]!;
      const [, locator, , , data] = recordFields(b.rows[j]!);
      quarantine.push({ appId: app.id, stage: 'map', stream: SERVICES_STREAM, locator, field: 'name', reason: m.reasons[i]!, data: rawDataOf(data) });
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
  };
  // Pages are written in order. With a worker, it holds WORKER_AHEAD pages; while its oldest is
  // not answered, the main thread maps up to OWN_AHEAD pages itself instead of waiting (mapBatch
  // either side: the same result), so both threads stay busy whatever the machine's load.
  const slots: Array<{ b: RecordBatch; m?: MappedBatch }> = [];
  const atWorker: Array<{ b: RecordBatch; m?: MappedBatch }> = [];
  for (;;) {
    while (worker && more && atWorker.length < WORKER_AHEAD && worker.ready()) {
      const b = read();
      if (!b) break;
      const slot = { b };
      slots.push(slot);
      atWorker.push(slot);
      worker.send(b);
    }
    const head = slots[0];
    if (!head) {
      if (!more) break;
      const b = read();
      if (b) slots.push({ b, m: mapBatch(ctx, b) });
      continue;
    }
    if (head.m) {
      slots.shift();
      write(head.b, head.m);
      continue;
    }
    const answer = worker!.poll() ?? (more && slots.length - atWorker.length < OWN_AHEAD ? undefined : worker!.receive());
    if (answer) {
      atWorker.shift()!.m = answer;
      continue;
    }
    const b = read();
    if (b) slots.push({ b, m: mapBatch(ctx, b) });
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
