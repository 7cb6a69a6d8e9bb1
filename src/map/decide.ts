// The decide stage (DESIGN §9): for every mapped service, a disposition with its evidence.
// Order: people's decisions (kept as they are) → policy rules → invalid data (review) → exact
// catalog code → the matcher against the base catalog → duplicates of earlier services (inside one
// app and across apps: the second merges into the first) → migrate.
// Also the people's side: recording a person's decision, listing review items, and taking a
// reviewed spreadsheet back in.
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { UsageError, YimenError } from '../errors.js';
import { DISPOSITIONS, hasErrors, type CatalogItem, type CatalogService, type Decision, type MatchCandidate } from '../schema/index.js';
import type { Store, Upserted } from '../store/store.js';
import { appById, selectApps, type Workspace } from '../workspace/loader.js';
import { resolveIn } from '../workspace/paths.js';
import { Matcher, verdict, type MatchDoc, type NameIndex, type ScoredCandidate } from './match/matcher.js';
import { taskTypeCode } from './match/task-type.js';
import { applyPolicy } from './policy.js';
import { writeReviewXlsx } from '../report/xlsx/review.js';

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
}

export interface DecideSummary {
  catalog: { items: number; source?: string; importedAt?: string };
  apps: AppDecideSummary[];
  totals: { services: number; migrate: number; merge: number; retire: number; review: number; new: number; changed: number; unchanged: number };
}

export interface DecideOptions {
  actor: string;
  apps?: string[];
}

/** the matcher and its catalog index, built once per run */
export interface MatchContext {
  matcher: Matcher;
  catalog: NameIndex;
  byCode: Map<string, CatalogItem>;
}

export function catalogDoc(it: CatalogItem): MatchDoc {
  return { id: it.code, name: it.name, taskType: taskTypeCode(it.taskType), department: it.department };
}

export function serviceDoc(s: CatalogService): MatchDoc {
  return { id: s.id, name: s.name, taskType: taskTypeCode(s.taskType), department: s.agency?.name };
}

export function buildMatchContext(items: CatalogItem[], synonyms: Record<string, string> = {}): MatchContext {
  const matcher = new Matcher({ synonyms });
  const catalog = matcher.catalogIndex(items.map(catalogDoc));
  const byCode = new Map<string, CatalogItem>();
  for (const it of items) byCode.set(normCode(it.code), it);
  return { matcher, catalog, byCode };
}

const normCode = (c: string) => c.trim().toUpperCase();
const SERVICE_AGENCY_DIFFERS = 0.15;

const toCandidate = (kind: 'catalog' | 'service') => (c: ScoredCandidate): MatchCandidate => ({
  code: c.id,
  name: c.name,
  score: c.score,
  reason: c.reason,
  kind,
});

type Proposal = Omit<Decision, 'serviceId' | 'appId' | 'actor' | 'at'>;

/**
 * Decides one service (pure apart from the service index it reads). `services` holds the services
 * decided before this one that will be migrated: a close match there makes this one a duplicate.
 */
export function proposeDecision(
  s: CatalogService,
  ctx: MatchContext,
  services: NameIndex,
  policy: Workspace['config']['policy'],
  t: Workspace['config']['matching'],
): Proposal {
  const p = applyPolicy(s, policy);
  if (p) return { action: p.action, reason: p.reason, decidedBy: 'rule', rule: p.rule, candidates: [] };
  if (hasErrors(s)) {
    const errs = s.issues.filter((i) => i.severity === 'error');
    return {
      action: 'review',
      reason: `invalid data: ${errs.map((i) => `${i.field}: ${i.message} (${i.code})`).join('; ')}`,
      decidedBy: 'rule',
      rule: 'validation',
      candidates: [],
    };
  }
  if (s.catalogCode) {
    const it = ctx.byCode.get(normCode(s.catalogCode));
    if (it) {
      return {
        action: 'merge',
        target: it.code,
        reason: `same catalog code as ${it.name} (${it.code})`,
        decidedBy: 'matcher',
        rule: 'exact-code',
        score: 1,
        candidates: [{ code: it.code, name: it.name, score: 1, reason: 'same catalog code', kind: 'catalog' }],
      };
    }
  }
  const q = serviceDoc(s);
  let cands = ctx.catalog.searchMemo(q, 3);
  // other names the service goes by (aliases) may be closer to the catalog's wording
  for (const alias of s.aliases ?? []) {
    if (!alias.trim() || alias === s.name) continue;
    const alt = ctx.catalog.searchMemo({ ...q, name: alias }, 3);
    if (alt[0] && alt[0].score > (cands[0]?.score ?? 0)) cands = alt.map((c) => ({ ...c, reason: `by its alias ${alias}: ${c.reason}` }));
  }
  const v = verdict(cands, t);
  const candidates = cands.map(toCandidate('catalog'));
  if (v.action === 'merge') {
    return { action: 'merge', target: v.target, reason: v.reason, decidedBy: 'matcher', rule: 'name-match', score: v.score, candidates };
  }
  if (v.action === 'review') {
    return { action: 'review', target: v.target, reason: v.reason, decidedBy: 'matcher', rule: 'name-match', score: v.score, candidates };
  }
  // not in the base catalog: is it a service another app (or this one) already brings?
  const dups = services.searchMemo(q, 3);
  const dv = verdict(dups, t);
  if (dv.action === 'merge') {
    const first = dups[0]!;
    return {
      action: 'merge',
      target: first.id,
      reason: `duplicate of service ${first.id} (${first.name}, ${first.score.toFixed(2)}): ${first.reason}`,
      decidedBy: 'matcher',
      rule: 'duplicate',
      score: first.score,
      candidates: dups.map(toCandidate('service')),
    };
  }
  const all = [...candidates, ...dups.map(toCandidate('service'))].sort((a, b) => b.score - a.score).slice(0, 3);
  if (dv.action === 'review' && dups[0]!.score > v.score) {
    return { action: 'review', target: dv.target, reason: `possible duplicate: ${dv.reason}`, decidedBy: 'matcher', rule: 'duplicate', score: dv.score, candidates: all };
  }
  return { action: 'migrate', reason: v.reason, decidedBy: 'matcher', rule: 'name-match', score: v.score, candidates: all };
}


/** The decide stage over all (or some) apps; people's decisions are kept, everything else re-decided. */
export async function decideApps(ws: Workspace, store: Store, opts: DecideOptions): Promise<DecideSummary> {
  const appIds = selectApps(ws, opts.apps);
  const items = store.catalog.list();
  const ctx = buildMatchContext(items, ws.config.matching.synonyms);
  // between two apps' services, a clearly different agency (another hospital, another bureau) is
  // strong evidence of another service: the catalog's departments are bureaus, services' are not
  const services = ctx.matcher.newIndex({ agencyDiffers: SERVICE_AGENCY_DIFFERS });
  const { policy, matching } = ws.config;
  const info = store.catalog.info();
  const at = new Date().toISOString();

  // apps earlier in the programme than the ones decided now keep their services in the duplicate
  // index, so deciding one app alone gives the same answer as deciding all
  const order = ws.config.apps.map((a) => a.id);
  const firstSelected = Math.min(...appIds.map((a) => order.indexOf(a)));
  for (const other of order.slice(0, firstSelected)) {
    if (appIds.includes(other)) continue;
    const migr = new Set(store.decisions.list(other).filter((d) => d.action === 'migrate').map((d) => d.serviceId));
    for (const s of store.services.list(other)) if (migr.has(s.id)) services.add(serviceDoc(s));
  }

  const summary: DecideSummary = {
    catalog: { items: items.length, source: info?.source, importedAt: info?.importedAt },
    apps: [],
    totals: { services: 0, migrate: 0, merge: 0, retire: 0, review: 0, new: 0, changed: 0, unchanged: 0 },
  };

  store.tx(() => {
    for (const appId of appIds) {
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
      const prevAll = store.decisions.list(appId).map((d): [string, Decision] => [d.serviceId, d]);
      const prev = new Map(prevAll);
      const changedIds: string[] = [];
      const list = store.services.list(appId);
      const batch: Decision[] = [];
      for (const s of list) {
        sum.services++;
        const old = prev.get(s.id);
        prev.delete(s.id);
        let d: Decision;
        if (old?.decidedBy === 'person') {
          d = old;
          sum.keptPerson++;
          sum.unchanged++;
        } else {
          d = { serviceId: s.id, appId, actor: opts.actor, at, ...proposeDecision(s, ctx, services, policy, matching) };
          batch.push(d);
        }
        sum[d.action]++;
        const by = d.rule ?? d.decidedBy;
        sum.byRule[by] = (sum.byRule[by] ?? 0) + 1;
        if (d.action === 'migrate') services.add(serviceDoc(s));
      }
      const res = store.decisions.upsertMany ? store.decisions.upsertMany(batch, new Map(prevAll)) : upsertAll(store, batch);
      sum.new += res.new;
      sum.changed += res.changed;
      sum.unchanged += res.unchanged;
      changedIds.push(...res.ids);
      // decisions of services that are gone: a person's stays (the service may come back)
      for (const [id, d] of prev) {
        if (d.decidedBy === 'person') continue;
        store.decisions.remove(id);
        sum.removed++;
      }
      if (sum.new || sum.changed || sum.removed) {
        store.events.append({
          actor: opts.actor,
          action: 'decide',
          entity: `app:${appId}`,
          summary: `${sum.services} services: ${sum.migrate} migrate, ${sum.merge} merge, ${sum.retire} retire, ${sum.review} review (${sum.new} new, ${sum.changed} changed, ${sum.removed} removed decisions; ${sum.keptPerson} people's decisions kept)`,
          details: { changed: changedIds.slice(0, 1000), byRule: sum.byRule },
        });
      }
      summary.apps.push(sum);
      for (const k of ['services', 'migrate', 'merge', 'retire', 'review', 'new', 'changed', 'unchanged'] as const) summary.totals[k] += sum[k];
    }
    if (!opts.apps?.length && info) store.setMeta('decide.catalogImportedAt', info.importedAt);
  });
  return summary;
}

function upsertAll(store: Store, ds: Decision[]): { new: number; changed: number; unchanged: number; ids: string[] } {
  const out = { new: 0, changed: 0, unchanged: 0, ids: [] as string[] };
  for (const d of ds) {
    const r: Upserted = store.decisions.upsert(d);
    out[r]++;
    if (r !== 'unchanged') out.ids.push(d.serviceId);
  }
  return out;
}

/** Decisions are stale when the base catalog changed since the last full decide run. */
export function decisionsStale(store: Store): boolean {
  const info = store.catalog.info();
  if (!info) return false;
  return store.getMeta('decide.catalogImportedAt') !== info.importedAt;
}

// ── people ──────────────────────────────────────────────────────────────────────────────────

export interface PersonDecisionInput {
  actor: string;
  serviceId: string;
  action: 'merge' | 'migrate' | 'retire' | 'review';
  to?: string;
  reason: string;
}

/** A person's decision: checked, recorded with the actor, never overridden by rules or the matcher. */
export function recordPersonDecision(ws: Workspace, store: Store, input: PersonDecisionInput): { decision: Decision; result: Upserted } {
  const s = store.services.get(input.serviceId);
  if (!s) {
    throw new UsageError(`no service "${input.serviceId}" in this workspace`, 'run `yimen review` to see the ids of review items, or `yimen map` first');
  }
  if (!DISPOSITIONS.includes(input.action)) {
    throw new UsageError(`unknown action "${input.action}"`, `one of ${DISPOSITIONS.join(', ')}`);
  }
  if (!input.reason?.trim()) throw new UsageError('a decision needs a reason (--reason TEXT)', 'say why, for the people who read the log later');
  let target: string | undefined;
  if (input.action === 'merge') {
    const to = input.to?.trim();
    if (!to) throw new UsageError('merge needs --to CODE: the base catalog code (or the id of the service it duplicates)');
    if (store.catalog.get(to)) target = to;
    else if (store.services.get(to) && to !== s.id) target = to;
    else {
      throw new UsageError(`"${to}" is neither a base catalog code nor another service's id`, 'see the candidates in `yimen review`, or `yimen catalog import` the current catalog');
    }
  } else if (input.to) {
    throw new UsageError(`--to only goes with --action merge`);
  }
  if (hasErrors(s) && input.action === 'migrate') {
    throw new YimenError('E_INVALID_SERVICE', `service ${s.id} has error-severity issues and cannot be migrated until its data is fixed`, {
      hint: s.issues.filter((i) => i.severity === 'error').map((i) => `${i.field}: ${i.message}`).join('; '),
      exitCode: 2,
    });
  }
  const prev = store.decisions.get(s.id);
  const decision: Decision = {
    serviceId: s.id,
    appId: s.appId,
    action: input.action,
    target,
    reason: input.reason.trim(),
    decidedBy: 'person',
    candidates: prev?.candidates ?? [],
    score: prev?.score,
    actor: input.actor,
    at: new Date().toISOString(),
  };
  const result = store.tx(() => {
    const r = store.decisions.upsert(decision);
    if (r !== 'unchanged') {
      store.events.append({
        actor: input.actor,
        action: 'decide.person',
        entity: `service:${s.id}`,
        summary: `${input.action}${target ? ` → ${target}` : ''}: ${decision.reason}${prev ? ` (was ${prev.action} by ${prev.decidedBy})` : ''}`,
      });
    }
    return r;
  });
  return { decision, result };
}

export interface ReviewItem {
  serviceId: string;
  appId: string;
  name: string;
  reason: string;
  rule?: string;
  score?: number;
  candidates: MatchCandidate[];
}

export function listReview(ws: Workspace, store: Store, opts: { apps?: string[] } = {}): ReviewItem[] {
  const appIds = selectApps(ws, opts.apps);
  const out: ReviewItem[] = [];
  for (const appId of appIds) {
    const names = new Map(store.services.list(appId).map((s) => [s.id, s.name]));
    for (const d of store.decisions.list(appId)) {
      if (d.action !== 'review') continue;
      out.push({ serviceId: d.serviceId, appId, name: names.get(d.serviceId) ?? '', reason: d.reason, rule: d.rule, score: d.score, candidates: d.candidates });
    }
  }
  return out;
}

export const REVIEW_COLUMNS = ['service id', 'app', 'name', 'why review', 'candidate 1', 'candidate 2', 'candidate 3', 'action', 'to', 'reason'] as const;

/** Writes review items as an XLSX a person fills in (action / to / reason) and hands back. */
export async function exportReview(items: ReviewItem[], file: string): Promise<number> {
  return writeReviewXlsx(items, file, REVIEW_COLUMNS, ['merge', 'migrate', 'retire', 'review']);
}

export interface ImportReviewSummary {
  file: string;
  rows: number;
  applied: number;
  unchanged: number;
  skipped: number;
  errors: Array<{ row: number; serviceId?: string; message: string }>;
}

/** Takes a reviewed spreadsheet back in: each row with an action becomes a person's decision. */
export async function importReviewed(ws: Workspace, store: Store, opts: { actor: string; file: string }): Promise<ImportReviewSummary> {
  const file = resolveIn(process.cwd(), opts.file);
  if (!existsSync(file)) throw new UsageError(`file not found: ${opts.file}`);
  if (extname(file).toLowerCase() !== '.xlsx') throw new UsageError(`${opts.file}: expected the .xlsx that \`yimen review --export\` writes`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new YimenError('E_XLSX', `${opts.file}: not a readable XLSX file (${(e as Error).message})`, { exitCode: 2 });
  }
  const sh = wb.worksheets[0];
  if (!sh) throw new UsageError(`${opts.file}: no worksheet`);
  const header = (sh.getRow(1).values as unknown[]).map((v) => cellText(v).toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const cId = col('service id');
  const cAction = col('action');
  const cTo = col('to');
  const cReason = col('reason');
  if (cId < 0 || cAction < 0 || cReason < 0) {
    throw new UsageError(`${opts.file}: expected columns "service id", "action", "to", "reason" in the first row`, 'use the file `yimen review --export FILE.xlsx` writes');
  }
  const sum: ImportReviewSummary = { file: opts.file, rows: 0, applied: 0, unchanged: 0, skipped: 0, errors: [] };
  for (let r = 2; r <= sh.rowCount; r++) {
    const row = sh.getRow(r).values as unknown[];
    const id = cellText(row[cId]);
    if (!id) continue;
    sum.rows++;
    const action = cellText(row[cAction]).toLowerCase();
    if (!action) {
      sum.skipped++;
      continue;
    }
    try {
      const { result } = recordPersonDecision(ws, store, {
        actor: opts.actor,
        serviceId: id,
        action: action as PersonDecisionInput['action'],
        to: cTo >= 0 ? cellText(row[cTo]) || undefined : undefined,
        reason: cellText(row[cReason]),
      });
      if (result === 'unchanged') sum.unchanged++;
      else sum.applied++;
    } catch (e) {
      if (!(e instanceof YimenError)) throw e;
      sum.errors.push({ row: r, serviceId: id, message: e.message });
    }
  }
  store.events.append({
    actor: opts.actor,
    action: 'decide.import',
    entity: 'workspace',
    summary: `reviewed spreadsheet ${opts.file}: ${sum.applied} decisions applied, ${sum.unchanged} unchanged, ${sum.skipped} left open, ${sum.errors.length} refused`,
  });
  return sum;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const o = v as { text?: string; richText?: Array<{ text: string }>; result?: unknown };
    if (o.richText) return o.richText.map((t) => t.text).join('').trim();
    if (typeof o.text === 'string') return o.text.trim();
    if (o.result !== undefined) return String(o.result).trim();
  }
  return String(v).trim();
}
