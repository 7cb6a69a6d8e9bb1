// Base catalog import (DESIGN §9): the services the unified app already lists, from CSV, XLSX or
// JSON, with an optional small profile naming other columns. A re-import replaces the catalog; the
// decide stage, run next (`yimen decide`, `yimen run`), re-checks decisions against it, and status
// shows them stale until then. An unchanged file is a no-op. Rows that cannot become an item are quarantined with their locator, never dropped.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, relative } from 'node:path';
import { z } from 'zod';
import { ConfigError, UsageError, YimenError } from '../errors.js';
import { TASK_TYPES, CatalogItem as CatalogItemSchema, type CatalogItem } from '../schema/index.js';
import { createHttpClient, joinUrl, type HttpClientOptions } from '../http/index.js';
import type { Store } from '../store/store.js';
import { parseYamlFile } from '../workspace/config-file.js';
import type { Workspace } from '../workspace/loader.js';
import { resolveIn } from '../workspace/paths.js';
import { HeaderFinder, readTable, type TableSheet } from '../sdk/index.js';
import { stableJson } from '../schema/hash.js';
import { taskTypeCode } from '../schema/task-type.js';
import { toHalfWidth } from '../text/index.js';
import { normalizeCode } from '../codes/uscc.js';

/** the default column names (interfaces.md), with the English ones a JSON export would use */
export const DEFAULT_COLUMNS = {
  code: ['基本编码', '事项编码', '编码', 'code', 'catalogCode'],
  name: ['事项名称', '名称', 'name'],
  taskType: ['事项类型', 'taskType', 'task_type'],
  department: ['实施部门', '实施主体', '部门', 'department'],
  division: ['行政区划', '区划', 'division'],
  url: ['链接', '地址', 'url'],
} as const;
type Field = keyof typeof DEFAULT_COLUMNS;

export const CatalogProfile = z
  .object({
    sheet: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('XLSX: the sheet(s) to read (default: every sheet with a catalog header; provinces split the catalog by task type)'),
    headerRow: z.number().int().min(1).optional().describe('XLSX/CSV: the header row (default: the first row naming the code and name columns)'),
    columns: z
      .object({
        code: z.union([z.string(), z.array(z.string())]).optional(),
        name: z.union([z.string(), z.array(z.string())]).optional(),
        taskType: z.union([z.string(), z.array(z.string())]).optional(),
        department: z.union([z.string(), z.array(z.string())]).optional(),
        division: z.union([z.string(), z.array(z.string())]).optional(),
        url: z.union([z.string(), z.array(z.string())]).optional(),
      })
      .strict()
      .default({}),
    /** a regular expression whose first group is the code, for sources whose code column carries more (e.g. "511A01…-511602000000-000-…") */
    codePattern: z.string().optional(),
  })
  .strict();
export type CatalogProfile = z.infer<typeof CatalogProfile>;

export interface CatalogImportSummary {
  source: string;
  changed: boolean;
  items: number;
  previous?: number;
  added: number;
  removed: number;
  renamed: number;
  /** items kept under the same code whose content changed (renamed ones included) */
  updated: number;
  quarantined: number;
  contentHash: string;
  /** there are decisions made on the previous catalog: `yimen decide` (or `yimen run`) re-checks them */
  decisionsToRecheck: number;
  /** people's merge decisions whose target is no longer in the catalog: they need a look */
  orphanedPersonMerges: string[];
}

/** `columns`: for a table, the one column each field is read from (the first of its names the header has) */
type Row = { locator: string; values: Record<string, unknown>; columns?: Partial<Record<Field, string>> };

export interface CatalogImportOptions {
  actor: string;
  file?: string;
  /** read the catalog from the http target's GET /catalog/items instead of a file */
  fromTarget?: boolean;
  /** for tests: the http client options (sleep, retry) */
  http?: Partial<HttpClientOptions>;
}

export async function importCatalog(ws: Workspace, store: Store, opts: CatalogImportOptions): Promise<CatalogImportSummary> {
  if (opts.fromTarget) {
    const { items, source, hash } = await readFromTarget(ws, opts.http);
    return replaceCatalog(ws, store, opts, { items, bad: [], display: source, hash });
  }
  const given = opts.file ?? ws.config.catalog?.source;
  if (!given) {
    throw new UsageError('no catalog file given and no catalog.source in yimen.yaml', 'run `yimen catalog import FILE`, or set catalog: { source: ./catalog/base-catalog.csv }');
  }
  const file = opts.file ? resolveIn(process.cwd(), opts.file) : resolveIn(ws.root, given);
  if (!existsSync(file)) throw new UsageError(`catalog file not found: ${given}`);
  const display = relative(ws.root, file).startsWith('..') ? file : relative(ws.root, file);
  const profileFile = ws.config.catalog?.profile ? resolveIn(ws.root, ws.config.catalog.profile) : undefined;
  const profile = profileFile ? loadCatalogProfile(profileFile, ws.config.catalog!.profile!) : CatalogProfile.parse({});

  const bytes = readFileSync(file);
  const hash = createHash('sha256')
    .update(bytes)
    .update(JSON.stringify(profile))
    .digest('hex');
  const prevInfo = store.catalog.info();
  if (store.getMeta('catalog.contentHash') === hash && prevInfo) {
    return { source: display, changed: false, items: prevInfo.count, previous: prevInfo.count, added: 0, removed: 0, renamed: 0, updated: 0, quarantined: 0, contentHash: hash, orphanedPersonMerges: [], decisionsToRecheck: 0 };
  }

  const { rows, bad: unreadable } = await readRows(file, bytes, profile);
  const { items, bad } = toItems(rows, profile, display, unreadable.length);
  return replaceCatalog(ws, store, opts, { items, bad: [...unreadable, ...bad], display, hash });
}

async function replaceCatalog(
  ws: Workspace,
  store: Store,
  opts: CatalogImportOptions,
  { items, bad, display, hash }: { items: CatalogItem[]; bad: Bad[]; display: string; hash: string },
): Promise<CatalogImportSummary> {
  const prevInfo = store.catalog.info();
  if (store.getMeta('catalog.contentHash') === hash && prevInfo) {
    return { source: display, changed: false, items: prevInfo.count, previous: prevInfo.count, added: 0, removed: 0, renamed: 0, updated: 0, quarantined: 0, contentHash: hash, orphanedPersonMerges: [], decisionsToRecheck: 0 };
  }
  const before = new Map(store.catalog.list().map((i) => [i.code, i]));
  let added = 0;
  let renamed = 0;
  let updated = 0;
  for (const it of items) {
    const old = before.get(it.code);
    if (old === undefined) added++;
    else {
      if (old.name !== it.name) renamed++;
      if (stableJson(old) !== stableJson(it)) updated++;
    }
    before.delete(it.code);
  }
  const removed = before.size;

  store.tx(() => {
    store.quarantine.clear(CATALOG_APP, 'extract', 'catalog');
    for (const b of bad) store.quarantine.add({ appId: CATALOG_APP, stage: 'extract', stream: 'catalog', locator: b.locator, reason: b.reason, field: b.field, data: b.data });
    store.catalog.replace(items, display);
    store.setMeta('catalog.contentHash', hash);
    store.events.append({
      actor: opts.actor,
      action: 'catalog.import',
      entity: 'catalog',
      summary: `${items.length} items from ${display} (${added} added, ${removed} removed, ${renamed} renamed${bad.length ? `, ${bad.length} rows quarantined` : ''})`,
    });
  });

  const summary: CatalogImportSummary = {
    source: display,
    changed: true,
    items: items.length,
    previous: prevInfo?.count,
    added,
    removed,
    renamed,
    updated,
    quarantined: bad.length,
    contentHash: hash,
    orphanedPersonMerges: [],
    decisionsToRecheck: 0,
  };

  // earlier decisions are re-checked by the decide stage; people's merges whose target went are
  // flagged now, since no rule will touch them
  const decisions = store.decisions.list();
  summary.decisionsToRecheck = decisions.length;
  if (decisions.length) {
    const codes = new Set(items.map((i) => i.code));
    summary.orphanedPersonMerges = decisions
      .filter((d) => d.decidedBy === 'person' && d.action === 'merge' && d.target && !codes.has(d.target) && !store.services.get(d.target))
      .map((d) => d.serviceId);
    if (summary.orphanedPersonMerges.length) {
      store.events.append({
        actor: opts.actor,
        action: 'catalog.import',
        entity: 'catalog',
        summary: `${summary.orphanedPersonMerges.length} people's merge decisions point at codes no longer in the catalog: ${summary.orphanedPersonMerges.slice(0, 10).join(', ')}`,
      });
    }
  }
  return summary;
}

const PAGE_SIZE = 1000;
const MAX_PAGES = 10_000;

/** GET /catalog/items page by page (api/catalog-api.openapi.yaml) until an empty page */
async function readFromTarget(ws: Workspace, http: Partial<HttpClientOptions> = {}): Promise<{ items: CatalogItem[]; source: string; hash: string }> {
  const t = ws.config.target;
  if (t.type !== 'http') {
    throw new UsageError(`--from-target needs target.type http in yimen.yaml (it is ${t.type})`, 'or import a file: yimen catalog import FILE');
  }
  const token = t.tokenEnv ? process.env[t.tokenEnv] : undefined;
  if (t.tokenEnv && !token) throw new UsageError(`$${t.tokenEnv} is not set`, `target.tokenEnv names the environment variable holding the target's token`);
  const client = createHttpClient({
    name: 'catalog import',
    baseURL: t.baseUrl,
    headers: token ? { Authorization: `Bearer ${token}` } : undefined,
    secretValues: [token],
    authHint: t.tokenEnv ? `check the token in $${t.tokenEnv}` : 'the target wants a token: set target.tokenEnv in yimen.yaml',
    rateLimit: t.rateLimit,
    ...http,
  });
  const items: CatalogItem[] = [];
  const seen = new Set<string>();
  let prevFirst: string | undefined;
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) throw new YimenError('E_CATALOG_PAGES', `the target's catalog has more than ${MAX_PAGES} pages: stopped`, { hint: 'a pagination loop on the target?' });
    const res = await client.get<{ items?: unknown[] }>(joinUrl(t.baseUrl, '/catalog/items'), { params: { page, pageSize: PAGE_SIZE } });
    const got = Array.isArray(res.data?.items) ? res.data.items : undefined;
    if (!got) throw new YimenError('E_CATALOG_FORMAT', `GET /catalog/items page ${page}: no "items" array in the answer`, { hint: 'see api/catalog-api.openapi.yaml' });
    if (!got.length) break; // an empty page ends the list, a short one does not
    const first = JSON.stringify(got[0]);
    if (first === prevFirst) throw new YimenError('E_CATALOG_PAGES', `GET /catalog/items page ${page} repeats page ${page - 1}: stopped`, { hint: 'the target ignores the page parameter?' });
    prevFirst = first;
    for (const [i, raw] of got.entries()) {
      const r = CatalogItemSchema.safeParse(raw);
      if (!r.success) throw new YimenError('E_CATALOG_FORMAT', `GET /catalog/items page ${page} item ${i}: ${r.error.issues[0]!.message} at ${r.error.issues[0]!.path.join('.')}`);
      if (seen.has(r.data.code)) continue;
      seen.add(r.data.code);
      const tt = r.data.taskType ? taskTypeCode(r.data.taskType) : undefined;
      items.push(tt ? { ...r.data, taskType: { code: tt, label: (TASK_TYPES as Record<string, string>)[tt]! } } : r.data);
    }
  }
  const hash = createHash('sha256').update(JSON.stringify(items)).digest('hex');
  return { items, source: `${joinUrl(t.baseUrl, '/catalog/items')}`, hash };
}

/** quarantine rows of the base catalog belong to no app: they sit under this id */
export const CATALOG_APP = '_catalog';

export function loadCatalogProfile(file: string, display: string): CatalogProfile {
  const { data } = parseYamlFile(file, display);
  const r = CatalogProfile.safeParse(data ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new ConfigError(display, i.path.join('.') || undefined, i.message, 'a catalog profile has columns: {code, name, taskType, department, division, url}, optional sheet, headerRow, codePattern');
  }
  return r.data;
}

async function readRows(file: string, bytes: Buffer, profile: CatalogProfile): Promise<{ rows: Row[]; bad: Bad[] }> {
  const ext = extname(file).toLowerCase();
  const name = basename(file);
  if (ext === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new YimenError('E_CATALOG_FORMAT', `${name}: not valid JSON (${(e as Error).message})`, { exitCode: 2 });
    }
    const arr = Array.isArray(data) ? data : Array.isArray((data as { items?: unknown })?.items) ? (data as { items: unknown[] }).items : undefined;
    if (!arr) throw new YimenError('E_CATALOG_FORMAT', `${name}: expected an array of items (or {"items": [...]})`, { exitCode: 2 });
    return { rows: arr.map((v, i) => ({ locator: `${name}#[${i}]`, values: (v && typeof v === 'object' ? v : { value: v }) as Record<string, unknown> })), bad: [] };
  }
  if (ext === '.xlsx' || ext === '.csv' || ext === '.tsv' || ext === '.txt') return tableRows(file, name, profile);
  throw new UsageError(`${name}: unknown catalog format "${ext}"`, 'a catalog is .csv, .tsv, .xlsx or .json');
}

function columnsFor(profile: CatalogProfile): Record<Field, string[]> {
  const out = {} as Record<Field, string[]>;
  for (const f of Object.keys(DEFAULT_COLUMNS) as Field[]) {
    const p = profile.columns[f];
    // the profile's names first, then the usual ones
    out[f] = [...(p === undefined ? [] : Array.isArray(p) ? p : [p]), ...DEFAULT_COLUMNS[f]];
  }
  return out;
}

/**
 * The rows of a CSV/TSV/XLSX catalog through the SDK's one table reader (encoding detected, title
 * rows above the header skipped): the header is the first row naming a code and a name column
 * (or the profile's headerRow). Locators: `file#L<line>` for text files, `file#<sheet>!R<row>` for XLSX.
 * Every sheet with such a header is read (provinces split the catalog by task type, one sheet
 * each: reading the first alone dropped the rest unseen); sheets without one (填报说明) are skipped.
 * A row the reader cannot fit to the header is quarantined with its reason; a sheet it cannot read
 * to the end stops the import (a catalog cut short would remove the items after the cut).
 */
async function tableRows(file: string, name: string, profile: CatalogProfile): Promise<{ rows: Row[]; bad: Bad[] }> {
  const cols = columnsFor(profile);
  let sheets: TableSheet[];
  try {
    sheets = await readTable(file, { sheet: profile.sheet ?? '*', display: name });
  } catch (e) {
    if (e instanceof YimenError && e.code === 'E_TABLE_UNREADABLE') {
      const names = (e.details?.sheets as string[] | undefined) ?? [];
      throw new YimenError('E_CATALOG_FORMAT', e.message, { exitCode: 2, hint: names.length ? `sheets: ${names.join(', ')}` : undefined });
    }
    throw e;
  }
  const rows: Row[] = [];
  const bad: Bad[] = [];
  let found = false;
  for (const sheet of sheets) {
    // a sheet of items taken out of the catalog (已取消事项, 废止事项) has the same header: read by
    // default, its items would take services that have no item any more; said, never read unseen
    if (profile.sheet === undefined && sheet.sheet !== undefined && RETIRED_SHEET.test(sheet.sheet)) {
      bad.push({ locator: `${name}#${sheet.sheet}`, reason: `sheet "${sheet.sheet}" reads as items taken out of the catalog: not imported (name it under sheet: in the catalog profile to import it)`, data: null });
      continue;
    }
    const locate = (r: number) => (sheet.sheet === undefined ? `${name}#L${r}` : `${name}#${sheet.sheet}!R${r}`);
    let header: string[] | undefined;
    // each field from one column per sheet: with 基本编码 and 事项编码 both present, a row with a
    // blank 基本编码 must be "no code", not take the 事项编码 (an implementation code) beside it
    let columns: Partial<Record<Field, string>> = {};
    let codeAt = -1;
    let nameAt = -1;
    const finder = new HeaderFinder({
      isKey: (c) => cols.code.includes(c.trim()),
      isHeader: (cells) => cells.some((c) => cols.name.includes(c.trim())),
      headerRow: profile.headerRow,
      onHeader: (h) => {
        header = h;
        columns = Object.fromEntries((Object.keys(cols) as Field[]).map((f) => [f, cols[f].find((c) => h.includes(c))]));
        codeAt = columns.code === undefined ? -1 : h.indexOf(columns.code);
        nameAt = columns.name === undefined ? -1 : h.indexOf(columns.name);
      },
    });
    for await (const batch of sheet.batches) {
      for (const r of batch) {
        if ('error' in r) {
          if (r.incomplete || !header) throw new YimenError('E_CATALOG_FORMAT', `${locate(r.row)}: ${r.error}`, { exitCode: 2 });
          bad.push({ locator: locate(r.row), reason: r.error, data: r.raw ?? null });
          continue;
        }
        if (finder.feed(r.row, r.cells) === 'header') continue;
        if (!r.cells.some((c) => c.trim() !== '')) continue;
        // the header again in the body (pages or sheets pasted together): not an item
        if (cols.code.includes((r.cells[codeAt] ?? '').trim()) && cols.name.includes((r.cells[nameAt] ?? '').trim())) continue;
        const values: Record<string, unknown> = {};
        header!.forEach((k, j) => {
          if (k) values[k] = r.cells[j];
        });
        rows.push({ locator: locate(r.row), values, columns });
      }
    }
    if (header) found = true;
  }
  if (!found) {
    const named = sheets.some((s) => s.sheet !== undefined) ? ` in ${sheets.length === 1 ? 'sheet' : 'any of the sheets'} ${sheets.map((s) => s.sheet).join(', ')}` : '';
    throw new YimenError('E_CATALOG_FORMAT', `no header row with a code column (${cols.code.join(' / ')}) and a name column (${cols.name.join(' / ')})${named}`, {
      exitCode: 2,
      hint: 'name other columns in a catalog profile (catalog.profile in yimen.yaml): columns: { code: 事项编码, name: 事项名称 }',
    });
  }
  return { rows, bad };
}

/** sheet names of items no longer in the catalog */
const RETIRED_SHEET = /取消|废止|删除|停用|撤销|作废|调出|下线|暂停|失效/;

interface Bad {
  locator: string;
  reason: string;
  field?: string;
  data: unknown;
}

/** the national 基本编码 length (DESIGN §6) */
const NATIONAL_CODE_LENGTH = 12;
const SCIENTIFIC_RE = /^\d+(\.\d+)?E[+-]?\d+$/;

/**
 * Why a code has lost digits to a number column, or undefined. An Excel number drops leading zeros
 * (000172014000 → 172014000) and writes long codes as 5.11602E+11: either became a wrong code that
 * no service's code meets, so the row is quarantined to be fixed in the source.
 */
function lostDigits(code: string, usual: number | undefined): string | undefined {
  if (SCIENTIFIC_RE.test(code)) return `code ${code} is in scientific notation: digits were lost to a number column (format the code column as text in the source)`;
  if (usual !== undefined && /^\d+$/.test(code) && code.length < usual) {
    return `code ${code} has ${code.length} digits where this catalog's codes have ${usual}: leading zeros lost to a number column? (format the code column as text in the source)`;
  }
  return undefined;
}

function toItems(rows: Row[], profile: CatalogProfile, display: string, unreadable = 0): { items: CatalogItem[]; bad: Bad[] } {
  const cols = columnsFor(profile);
  const codeRe = profile.codePattern ? safeRegex(profile.codePattern) : undefined;
  const pick = (row: Row, f: Field) => {
    for (const c of row.columns ? [row.columns[f]] : cols[f]) {
      if (c === undefined) continue;
      const x = row.values[c];
      if (x !== undefined && x !== null && String(x).trim() !== '') return String(x).trim();
    }
    return undefined;
  };
  const codeOf = (row: Row) => {
    let code = pick(row, 'code');
    if (code === undefined) return undefined;
    code = toHalfWidth(code);
    if (codeRe) code = codeRe.exec(code)?.[1] ?? code;
    // as services carry it (map's code transform): codes kept verbatim never met a service's code
    // (５１１Ａ… against 511A…), and "511a…" / "511A…" both became items
    return normalizeCode(code) || undefined;
  };
  // the catalog's code length when most of its codes have the national one
  const codes = rows.map(codeOf);
  const national = codes.filter((c) => c?.length === NATIONAL_CODE_LENGTH).length;
  const usual = national * 2 > codes.filter(Boolean).length ? NATIONAL_CODE_LENGTH : undefined;
  const items: CatalogItem[] = [];
  const bad: Bad[] = [];
  const seen = new Map<string, string>();
  for (const [at, row] of rows.entries()) {
    const { locator, values } = row;
    const code = codes[at];
    const name = pick(row, 'name');
    if (!code) {
      bad.push({ locator, reason: 'no code', field: 'code', data: values });
      continue;
    }
    if (!name) {
      bad.push({ locator, reason: 'no name', field: 'name', data: values });
      continue;
    }
    const lost = lostDigits(code, usual);
    if (lost) {
      bad.push({ locator, reason: lost, field: 'code', data: values });
      continue;
    }
    if (seen.has(code)) {
      bad.push({ locator, reason: `duplicate code ${code} (first at ${seen.get(code)})`, field: 'code', data: values });
      continue;
    }
    seen.set(code, locator);
    const tt = pick(row, 'taskType');
    const ttCode = tt ? taskTypeCode(tt) : undefined;
    const item: CatalogItem = { code, name: name.replace(/\s+/g, ' ') };
    if (tt) item.taskType = ttCode ? { code: ttCode, label: (TASK_TYPES as Record<string, string>)[ttCode]! } : { label: tt };
    const dept = pick(row, 'department');
    if (dept) item.department = dept;
    const div = pick(row, 'division');
    if (div) item.division = div;
    const url = pick(row, 'url');
    if (url) item.url = url;
    items.push(item);
  }
  if (!items.length && rows.length + unreadable) {
    throw new YimenError('E_CATALOG_EMPTY', `${display}: none of ${rows.length + unreadable} rows became a catalog item (see \`yimen quarantine\`)`, { exitCode: 1 });
  }
  return { items, bad };
}

function safeRegex(p: string): RegExp {
  try {
    return new RegExp(p);
  } catch (e) {
    throw new ConfigError('catalog profile', 'codePattern', `not a valid regular expression: ${(e as Error).message}`);
  }
}
