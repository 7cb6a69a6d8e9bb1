// The review queue: the services a person must decide, listed with their candidates, written out as
// a spreadsheet to fill in (action / to / reason) and taken back in as people's decisions.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { UsageError, YimenError } from '../errors.js';
import type { MatchCandidate } from '../schema/index.js';
import type { Store } from '../store/store.js';
import { selectApps, type Workspace } from '../workspace/loader.js';
import { resolveIn } from '../workspace/paths.js';
import { writeReviewXlsx } from '../report/xlsx/review.js';
import { recordPersonDecision, type PersonDecisionInput } from './people.js';

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
  const { default: ExcelJS } = await import('exceljs'); // loaded when a review is read, not at start
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
