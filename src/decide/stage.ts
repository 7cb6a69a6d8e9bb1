// The decide stage: for every mapped service, a disposition with its evidence, in one transaction
// per run. People's decisions are kept as they are; everything else is re-proposed (propose.ts).
// `changed` counts decisions whose stable content (action, target, rule, who decided) changed:
// scores, candidates and the reason's wording are evidence, refreshed without counting.
// The catalog's match index comes from the store's cache (index-cache.ts), and an app whose inputs
// did not change since its last decide (decideAppKey) is skipped without re-matching.
// For enough services, the catalog side of proposing runs in a worker thread (proposer.ts), which
// reads the services itself; the duplicate index, people's decisions and the writes stay here, in
// order (the worker keeps a copy of the duplicate index, and in the steady state its answers are
// kept where no service added since may change them). An app decided for the first time has its
// skip key hashed from the `id content_hash` lines its batches bring, not from a read of its
// services of its own.
import { createHash, type Hash } from 'node:crypto';
import type { EncodedDecision, EncodedProposal, Store, StoredDecision } from '../store/store.js';
import type { EntryPoint } from '../schema/index.js';
import type { MatchDoc, NameIndex } from '../map/match/matcher.js';
import { linkVerdict } from './links.js';
import { selectApps, type Workspace } from '../workspace/loader.js';
import { yimenVersion } from '../workspace/version.js';
import { answersKey, storeAnswers } from './answers.js';
import { proposeWithDuplicates, serviceDoc, SERVICE_AGENCY_DIFFERS, type MatchContext } from './propose.js';
import { cachedMatchContext } from './index-cache.js';
import { docAt, encodedAt, encodeProposal } from './propose-batch.js';
import { AHEAD, localProposer, proposerStats, workerProposer, type Proposer, type ReadBatch, type WorkerProposer } from './proposer.js';
import { workerThreads } from '../threads/worker.js';
import formalityTable from './formality.json' with { type: 'json' };

export interface AppDecideSummary {
  appId: string;
  services: number;
  migrate: number;
  merge: number;
  retire: number;
  review: number;
  /** decisions by who made them: rule, matcher, person */
  byRule: Record<string, number>;
  new: number;
  changed: number;
  unchanged: number;
  /** people's decisions kept as they are */
  keptPerson: number;
  /** decisions of services that no longer exist, removed */
  removed: number;
  /** nothing it depends on changed since its last decide: not re-matched */
  skipped?: boolean;
}

/** Duplicate clusters: services that merge into another retiring app's (or the same app's) service. */
export interface ClusterSummary {
  /** migrated services that others merge into */
  clusters: number;
  /** services merged into one of them */
  duplicates: number;
  /** catalog items that services of more than one app merge into */
  sharedCatalogItems: number;
}

export interface DecideSummary {
  /** index: the catalog's match index read from the store's cache, or built (and cached) now */
  catalog: { items: number; source?: string; importedAt?: string; index?: 'cached' | 'built' };
  apps: AppDecideSummary[];
  clusters: ClusterSummary;
  totals: { services: number; migrate: number; merge: number; retire: number; review: number; new: number; changed: number; unchanged: number };
}

export interface DecideOptions {
  actor: string;
  apps?: string[];
  /**
   * services to decide (in the apps not skipped) from which the catalog side of proposing runs in
   * a worker thread, when there is a second core (workerThreads); default WORKER_MIN. The answers
   * are the same either way: tests set 0 to force the worker on small data.
   */
  workerMin?: number;
  /** tests: the main thread waits for the worker's answers rather than proposing batches itself */
  waitForWorker?: boolean;
  /** tests: how soon the worker answers duplicate searches (ProposeWorkerData.dupsAfter; 0: from the start) */
  dupsAfter?: number;
}

/**
 * below this many services a worker costs more than it saves: its start-up (tens of ms, over a
 * second under tsx), its own copy of the index, and the first batches, which it would propose
 * with a cold memo. Measured: a 10,000-service app gained nothing, again once the worker read its
 * own index and services (docs/performance.md)
 */
export const WORKER_MIN = 20_000;

/** bump when what a decision depends on grows beyond what decideKeys reads (a skip would then be stale);
 *  yimen's version is in the key too, so an upgrade always re-decides */
const DECIDE_INPUTS = 1;

/**
 * The skip key of what every app's decisions depend on: the catalog version and dictionary (the
 * index key), the policy, matching and unified-app config, people's aliases, the formality table.
 */
export function decideBaseKey(ws: Workspace, indexKey: string, aliases: Array<{ name: string; code: string }>): string {
  const { policy, matching, unifiedApp } = ws.config;
  const order = ws.config.apps.map((a) => a.id);
  return createHash('sha1')
    .update(JSON.stringify([DECIDE_INPUTS, yimenVersion(), indexKey, policy, matching, unifiedApp.serviceUrl, unifiedApp.name, order, aliases.map((a) => [a.name, a.code]), formalityTable]))
    .digest('hex');
}

/**
 * An app's skip key: the base key and what is in the duplicate index when it is decided (the
 * migrating services of the apps before it, as `inIndex` digests them), then its own inputs: its
 * services' content hashes, its entry points, its people's decisions and how many decisions it
 * has. An app whose key is the one its last decide stored (taken after it wrote) is skipped
 * without re-matching.
 */
export function decideAppKey(store: Store, base: string, inIndex: readonly string[], appId: string): string {
  return withDecisions(store, appInputs(store, base, inIndex, appId), appId);
}

/** the part of an app's key that decide does not write: the index, its services and entry points */
function appInputs(store: Store, base: string, inIndex: readonly string[], appId: string): string {
  const h = inputsHash(base, inIndex, appId);
  // lines joined and hashed at once (the same digest as line by line, without a call per line)
  h.update(joinLines(store.services.hashes(appId)));
  return inputsDigest(store, h, appId);
}

/** appInputs up to its services' lines, which the caller adds (services.hashes' lines, in order) */
function inputsHash(base: string, inIndex: readonly string[], appId: string): Hash {
  const h = createHash('sha1').update(base);
  for (const d of inIndex) h.update(d);
  return h.update('\u0000').update(appId).update('\u0000');
}

/** …and the rest of appInputs after them */
function inputsDigest(store: Store, h: Hash, appId: string): string {
  h.update('\u0000');
  h.update(joinLines(store.entryPoints.contents(appId)));
  return h.digest('hex');
}

/** …and its decisions: how many, and its people's */
function withDecisions(store: Store, inputs: string, appId: string): string {
  const h = createHash('sha1').update(inputs);
  const p = store.decisions.personal(appId);
  h.update(`\u0000${p.count}\u0000`);
  h.update(joinLines(p.people));
  return h.digest('hex');
}

/** an app's migrating services (what it adds to the duplicate index), digested */
function migratingDigest(store: Store, appId: string): string {
  const h = createHash('sha1').update(appId).update('\u0000');
  h.update(joinLines(store.decisions.migrating(appId)));
  return h.digest('hex');
}

/** every line followed by a newline */
const joinLines = (lines: string[]): string => (lines.length ? lines.join('\n') + '\n' : '');

/** what the last decide of an app stored: its skip key and its summary */
interface AppMark {
  key: string;
  summary: AppDecideSummary;
  clusters: ClusterShare;
}

/**
 * An app's share of the duplicate clusters: how many of its services merge into each service, and
 * the catalog items its services merge into. Kept with its mark, so a run that skips apps sums
 * the shares instead of reading every decision back.
 */
interface ClusterShare {
  services: Record<string, number>;
  catalog: string[];
}
const markKey = (appId: string) => `decide.app.${appId}`;

/** The decide stage over all (or some) apps; people's decisions are kept, everything else re-decided. */
export async function decideApps(ws: Workspace, store: Store, opts: DecideOptions): Promise<DecideSummary> {
  const appIds = selectApps(ws, opts.apps);
  const items = store.catalog.list();
  const catalogNames = new Map(items.map((i) => [i.code, i.name] as const));
  const aliases = store.aliases.list();
  const { policy, matching } = ws.config;
  // the catalog side of proposing: in a worker thread for enough services (WORKER_MIN in the apps
  // decided), else here. Started before the index is read when some app is decided for sure (a
  // first run, a new app, an app whose services came since), so the thread starts up while this
  // one builds or reads the index; else at the first app that is not skipped.
  let proposer: WorkerProposer | Proposer | undefined;
  let dump: Uint8Array | undefined;
  let ctx: MatchContext | undefined;
  const context = () => ctx!;
  const read: ReadBatch = (rowids) => store.decisions.serviceBatch(rowids);
  // what the duplicate index holds, in order: a worker started later is sent them first
  const added: MatchDoc[] = [];
  // the worker reads the services through its own connection when what it reads was committed
  // before the stage (decide writes none of it); inside a caller's open transaction it could see
  // older rows, so then this thread reads and posts them
  const db = !store.inTransaction && store.path && !store.path.startsWith(':memory:') ? store.path : undefined;
  // the catalog's new answers (this thread's and the worker's), stored with each app's decisions
  let answersAt: string | undefined;
  const newAnswers: Array<[string, string]> = [];
  const onAnswers = (rows: string[]) => {
    for (let k = 0; k < rows.length; k += 2) newAnswers.push([rows[k]!, rows[k + 1]!]);
  };
  const proposerFor = (from: number): Proposer => {
    if (proposer) return proposer;
    let n = 0;
    for (const a of appIds.slice(from)) n += store.services.count(a);
    const useWorker = workerThreads() > 0 && n > 0 && n >= (opts.workerMin ?? WORKER_MIN);
    if (!useWorker) return (proposer = localProposer(read, context, policy, matching));
    const w = workerProposer({ db, items, synonyms: matching.synonyms ?? {}, aliases, policy, matching, waitForWorker: opts.waitForWorker, dupsAfter: opts.dupsAfter, onAnswers }, context, read);
    if (dump !== undefined) w.index(dump);
    if (answersAt !== undefined) w.answers(answersAt);
    for (const d of added) w.added(d);
    return (proposer = w);
  };
  try {
    if (appIds.some((a) => decidedForSure(store, a))) proposerFor(0);
    // the index's digest, not only its key: a normaliser that changed derives another index
    const cached = cachedMatchContext(store, items, matching.synonyms, aliases);
    const { digest: indexKey, index: indexSource } = cached;
    ctx = cached.ctx;
    // a worker with its own connection reads a cached index itself; one built now is not
    // committed yet, so it is sent (as it always is to a worker without a connection)
    dump = db === undefined || indexSource === 'built' ? cached.dump : undefined;
    if (dump !== undefined && proposer && 'index' in proposer) proposer.index(dump);
    // the catalog's key too: its items' codes, departments and task types score, and the index's
    // bytes may not hold them all
    answersAt = answersKey(`${cached.key} ${indexKey}`, `${DECIDE_INPUTS} ${yimenVersion()}`);
    ctx.catalog.keepAnswersIn(storeAnswers(store, answersAt, (q, a) => void newAnswers.push([q, a])));
    if (proposer && 'answers' in proposer) proposer.answers(answersAt);
    // (another catalog's or yimen's answers go: of no use now)
    const storeNewAnswers = () => store.matchAnswers.putMany(answersAt!, newAnswers.splice(0));
    const index = cached.ctx.matcher.newIndex({ agencyDiffers: SERVICE_AGENCY_DIFFERS });
    const services: Duplicates = {
      index,
      add(doc) {
        index.add(doc);
        added.push(doc);
        proposer?.added(doc);
      },
    };
    const info = store.catalog.info();
    const at = new Date().toISOString();

    // apps earlier in the programme than the ones decided now keep their services in the duplicate
    // index, so deciding one app alone gives the same answer as deciding all; so do apps skipped as
    // unchanged. Added only when an app after them is decided.
    const order = ws.config.apps.map((a) => a.id);
    const firstSelected = Math.min(...appIds.map((a) => order.indexOf(a)));
    const pending = order.slice(0, firstSelected).filter((a) => !appIds.includes(a));
    const addPending = () => {
      for (const other of pending.splice(0)) {
        // in the services' stored order, as deciding them added them
        for (const line of store.decisions.migrating(other)) {
          const s = store.services.get(line.slice(0, line.indexOf(' ')));
          if (s) services.add(serviceDoc(s));
        }
      }
    };

    const summary: DecideSummary = {
      catalog: { items: items.length, source: info?.source, importedAt: info?.importedAt, index: indexSource },
      apps: [],
      totals: { services: 0, migrate: 0, merge: 0, retire: 0, review: 0, new: 0, changed: 0, unchanged: 0 },
      clusters: { clusters: 0, duplicates: 0, sharedCatalogItems: 0 },
    };

    store.tx(() => {
      const base = decideBaseKey(ws, indexKey, aliases);
      // what the duplicate index holds when each app is decided, as its skip key sees it
      const inIndex = pending.map((a) => migratingDigest(store, a));
      const byApp = new Map<string, AppDecideSummary>();
      const shares = new Map<string, ClusterShare>();
      // each app's last decide (its skip key and summary); an app without one is decided for sure
      const marks = appIds.map((a) => {
        const text = store.getMeta(markKey(a));
        return text ? (JSON.parse(text) as AppMark) : undefined;
      });
      // apps whose services are queued for proposing, and how many batches each
      const queued = new Map<number, number>();
      const enqueue = (nth: number) => {
        if (!queued.has(nth)) queued.set(nth, proposerFor(nth).queue(store.decisions.serviceRowids(appIds[nth]!)));
        return queued.get(nth)!;
      };
      // while app nth is decided: once few of its batches are left, the next app's first ones are
      // queued, when it is one decided for sure (skipped or not, an app with a mark is known only
      // when its turn comes)
      const ahead = (nth: number) => () => {
        const next = nth + 1;
        if (next < appIds.length && !marks[next] && proposer!.queued <= AHEAD) enqueue(next);
      };
      for (const [nth, appId] of appIds.entries()) {
        const mark = marks[nth];
        // an app never decided has nothing to compare: its inputs are hashed after, from the
        // lines its batches bring (decide writes none of them, so the digest is the same)
        let inputs = mark ? appInputs(store, base, inIndex, appId) : undefined;
        if (mark && mark.key === withDecisions(store, inputs!, appId) && mark.clusters) {
          // nothing it depends on changed: its decisions stand as stored
          byApp.set(appId, { ...mark.summary, new: 0, changed: 0, unchanged: mark.summary.services, removed: 0, skipped: true });
          shares.set(appId, mark.clusters);
          pending.push(appId);
        } else {
          addPending();
          // its services' lines hashed batch by batch as they come (no app's lines held)
          const lines = inputs === undefined ? inputsHash(base, inIndex, appId) : undefined;
          const { sum, clusters } = decideApp(ws, store, proposerFor(nth), enqueue(nth), ahead(nth), lines, services, catalogNames, appId, opts.actor, at, policy, matching);
          storeNewAnswers();
          inputs ??= inputsDigest(store, lines!, appId);
          const key = withDecisions(store, inputs, appId); // after its writes: what the next run will find
          store.setMeta(markKey(appId), JSON.stringify({ key, summary: sum, clusters } satisfies AppMark));
          shares.set(appId, clusters);
          byApp.set(appId, sum);
        }
        inIndex.push(migratingDigest(store, appId));
      }
      for (const appId of appIds) {
        const sum = byApp.get(appId)!;
        summary.apps.push(sum);
        for (const k of ['services', 'migrate', 'merge', 'retire', 'review', 'new', 'changed', 'unchanged'] as const) summary.totals[k] += sum[k];
      }
      summary.clusters = sumShares(store, shares);
      // what these decisions were made on: status compares it with the catalog now in the store
      if (!opts.apps?.length) store.stageMarks.set('decide', { at, inputs: info ? { catalog: info.importedAt } : {} });
    });
    return summary;
  } finally {
    proposer?.close();
  }
}

/**
 * An app that will be decided whatever the skip key says: never decided, or its number of services
 * changed since (a cheap sign, read before the index is; any other change is found by the key)
 */
function decidedForSure(store: Store, appId: string): boolean {
  const text = store.getMeta(markKey(appId));
  if (text === undefined) return true;
  const mark = JSON.parse(text) as Partial<AppMark>;
  return mark.summary?.services !== store.services.count(appId);
}

/** the duplicate index (services that migrate, in the order decided) and how it grows: every add goes to the worker's copy too */
interface Duplicates {
  index: NameIndex;
  add(doc: MatchDoc): void;
}

const FLUSH = 1000;
const NO_LINKS: EntryPoint[] = [];

function decideApp(
  ws: Workspace,
  store: Store,
  proposer: Proposer,
  /** how many of the proposer's next batches are this app's */
  batches: number,
  /** called after each batch taken (the next app's batches queued in time) */
  ahead: () => void,
  /** when given, the services' `id content_hash` lines are hashed into it, in order (its skip key's) */
  lines: Hash | undefined,
  services: Duplicates,
  catalogNames: Map<string, string>,
  appId: string,
  actor: string,
  at: string,
  policy: Workspace['config']['policy'],
  matching: Workspace['config']['matching'],
): { sum: AppDecideSummary; clusters: ClusterShare } {
  const sum: AppDecideSummary = {
    appId,
    services: 0,
    migrate: 0,
    merge: 0,
    retire: 0,
    review: 0,
    byRule: {},
    new: 0,
    changed: 0,
    unchanged: 0,
    keptPerson: 0,
    removed: 0,
  };
  const prev = new Map<string, StoredDecision>();
  for (const d of store.decisions.stored(appId)) prev.set(d.serviceId, d);
  const left = new Set(prev.keys());
  // each service's links (by source key), for what they say before matching (links.ts)
  const links = new Map<string, EntryPoint[]>();
  for (const e of store.entryPoints.list(appId)) {
    if (!e.serviceKey) continue;
    const l = links.get(e.serviceKey);
    if (l) l.push(e);
    else links.set(e.serviceKey, [e]);
  }
  const { serviceUrl, name: unifiedName } = ws.config.unifiedApp;
  const catalogName = (code: string) => catalogNames.get(code);
  // decisions.data up to the proposal's own fields: JSON.stringify({ serviceId, appId, actor, at, ...proposal }) less evidence
  const head = `,"appId":${JSON.stringify(appId)},"actor":${JSON.stringify(actor)},"at":${JSON.stringify(at)},`;
  // decisions are written a thousand at a time as they are made, in the services' order: held
  // for the whole app, each would outlive the young generation and be copied into the old one
  let batch: EncodedDecision[] = [];
  const res = { new: 0, changed: 0, unchanged: 0, ids: [] as string[] };
  const flush = () => {
    const r = store.decisions.writeMany(batch, prev);
    res.new += r.new;
    res.changed += r.changed;
    res.unchanged += r.unchanged;
    for (const id of r.ids) res.ids.push(id);
    batch = [];
  };
  // merge targets and how many of this app's decisions merge into each (the cluster share)
  const targets = new Map<string, number>();
  const merged = (d: { action: string; target?: string }) => {
    if (d.action === 'merge' && d.target) targets.set(d.target, (targets.get(d.target) ?? 0) + 1);
  };
  for (let k = 0; k < batches; k++) {
    const b = proposer.next();
    ahead();
    if (lines) lines.update(joinLines(b.line));
    for (let i = 0; i < b.id.length; i++) {
      const id = b.id[i]!;
      sum.services++;
      const old = prev.get(id);
      left.delete(id);
      let action: EncodedProposal['action'];
      let by: string;
      if (old?.decidedBy === 'person') {
        action = old.action;
        by = old.rule ?? old.decidedBy;
        merged(old);
        sum.keptPerson++;
        sum.unchanged++;
      } else {
        const byLinks = linkVerdict(links.get(b.key[i]!) ?? NO_LINKS, serviceUrl, unifiedName, catalogName);
        let p: EncodedProposal;
        if (byLinks) p = encodeProposal(byLinks);
        else if (b.pending[i] === null) p = encodedAt(b, i)!;
        else if (b.dups !== undefined && (services.index.size === b.dups || !services.index.changedSince(docAt(b, i), b.dups))) {
          // the worker's duplicate search: no service added since could change its answer
          p = encodedAt(b, i)!;
          proposerStats.dupsByWorker++;
        } else {
          if (b.dups !== undefined) proposerStats.dupsRedone++;
          p = encodeProposal(proposeWithDuplicates(docAt(b, i), b.pending[i]!, services.index, policy, matching));
        }
        const d = p as EncodedDecision;
        d.serviceId = id;
        d.appId = appId;
        d.at = at;
        d.data = `{"serviceId":${JSON.stringify(id)}${head}${p.fields}}`;
        batch.push(d);
        if (batch.length >= FLUSH) flush();
        merged(d);
        action = d.action;
        by = d.rule ?? d.decidedBy;
      }
      sum[action]++;
      sum.byRule[by] = (sum.byRule[by] ?? 0) + 1;
      if (action === 'migrate') services.add(docAt(b, i));
    }
  }
  flush();
  sum.new += res.new;
  sum.changed += res.changed;
  sum.unchanged += res.unchanged;
  const changedIds = res.ids;
  // decisions of services that are gone: a person's stays (the service may come back)
  for (const id of left) {
    if (prev.get(id)!.decidedBy === 'person') {
      merged(prev.get(id)!);
      continue;
    }
    store.decisions.remove(id);
    sum.removed++;
  }
  if (sum.new || sum.changed || sum.removed) {
    store.events.append({
      actor,
      action: 'decide',
      entity: `app:${appId}`,
      summary: `${sum.services} services: ${sum.migrate} migrate, ${sum.merge} merge, ${sum.retire} retire, ${sum.review} review (${sum.new} new, ${sum.changed} changed, ${sum.removed} removed decisions; ${sum.keptPerson} people's decisions kept)`,
      details: { changed: changedIds.slice(0, 1000), byRule: sum.byRule },
    });
  }
  const clusters: ClusterShare = { services: {}, catalog: [] };
  for (const [t, n] of targets) {
    if (!catalogNames.has(t) && store.services.has(t)) clusters.services[t] = n;
    else clusters.catalog.push(t);
  }
  return { sum, clusters };
}

/** the cluster summary of these apps' shares (what clusterSummary(listClusters(store, apps)) says) */
function sumShares(store: Store, shares: Map<string, ClusterShare>): ClusterSummary {
  const intoServices = new Map<string, number>();
  const intoCatalog = new Map<string, Set<string>>();
  const exists = new Map<string, boolean>();
  const toCatalog = (t: string, appId: string) => {
    let apps = intoCatalog.get(t);
    if (!apps) intoCatalog.set(t, (apps = new Set()));
    apps.add(appId);
  };
  for (const [appId, share] of shares) {
    for (const [t, n] of Object.entries(share.services)) {
      // a target service may have gone since the share was taken (then it counts as an item)
      let e = exists.get(t);
      if (e === undefined) exists.set(t, (e = store.services.has(t)));
      if (e) intoServices.set(t, (intoServices.get(t) ?? 0) + n);
      else toCatalog(t, appId);
    }
    for (const t of share.catalog) toCatalog(t, appId);
  }
  let duplicates = 0;
  for (const n of intoServices.values()) duplicates += n;
  let shared = 0;
  for (const apps of intoCatalog.values()) if (apps.size > 1) shared++;
  return { clusters: intoServices.size, duplicates, sharedCatalogItems: shared };
}

/** One cluster: the service that migrates (or the catalog item) and the services merged into it. */
export interface Cluster {
  kind: 'service' | 'catalog';
  /** the migrated service's id, or the catalog code */
  target: string;
  name: string;
  members: Array<{ serviceId: string; appId: string; name: string }>;
}

/**
 * The duplicate clusters in the store: services merged into another service (kind service, the
 * target included as the first member), and catalog items that services of several apps merge into.
 */
export function listClusters(store: Store, appIds?: string[]): Cluster[] {
  // ids, apps and names only: no service or evidence parsed
  const services = new Map(store.services.names().map((s) => [s.id, { appId: s.appId, name: s.name }]));
  const byTarget = new Map<string, Cluster>();
  for (const d of store.decisions.merges(appIds)) {
    if (!d.target) continue;
    const intoService = services.has(d.target);
    const key = `${intoService ? 's' : 'c'}:${d.target}`;
    let c = byTarget.get(key);
    if (!c) {
      const t = services.get(d.target);
      c = {
        kind: intoService ? 'service' : 'catalog',
        target: d.target,
        name: t?.name ?? store.catalog.get(d.target)?.name ?? '',
        members: intoService && t ? [{ serviceId: d.target, appId: t.appId, name: t.name }] : [],
      };
      byTarget.set(key, c);
    }
    const m = services.get(d.serviceId);
    c.members.push({ serviceId: d.serviceId, appId: m?.appId ?? d.appId, name: m?.name ?? '' });
  }
  return [...byTarget.values()].filter((c) => c.kind === 'service' || new Set(c.members.map((m) => m.appId)).size > 1);
}

export function clusterSummary(clusters: Cluster[]): ClusterSummary {
  const svc = clusters.filter((c) => c.kind === 'service');
  return {
    clusters: svc.length,
    duplicates: svc.reduce((n, c) => n + c.members.length - 1, 0),
    sharedCatalogItems: clusters.length - svc.length,
  };
}
