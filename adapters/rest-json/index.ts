// rest-json: reads services and entry points from a retiring app's JSON API. Pagination by page,
// offset, cursor, Link header or a next URL in the body; records chosen by a path; bearer, API-key
// or basic auth with secrets from environment variables; incremental by an updated-since parameter;
// a detail request per listed item (bounded concurrency); relative links against the app's site.
// Pagination stops on an empty page (never on a short one); a repeated page or cursor aborts the
// read; a page cap guards against loops. Retries, backoff and rate budgets live in src/http.
// Bodies are decoded by their charset (GBK too) and parsed without losing the digits of long ids;
// an empty page in an error envelope, a detail of another item and pages short of the API's total
// are not read as data.
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import pLimit from 'p-limit';
import {
  defineAdapter,
  ENV_NAME,
  entryPointsOf,
  EntryPointSpec,
  getPath,
  isFieldPath,
  selectAll,
  selectFirst,
  HttpError,
  joinUrl,
  MissingSecretError,
  parseJson,
  secretFrom,
  textOf as anyText,
  type AdapterContext,
  type AdapterMessage,
  type HttpClient, YimenError } from 'yimen/sdk';

/** keys, cursors and labels as the API wrote them, trimmed ('' when there is none) */
const textOf = (v: unknown): string => anyText(v, 'raw');

const envName = z.string().regex(ENV_NAME, 'the NAME of an environment variable, like WUJIANG_TOKEN');

const Auth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z.object({ type: z.literal('bearer'), tokenEnv: envName }).strict(),
  z
    .object({
      type: z.literal('apiKey'),
      in: z.enum(['header', 'query']).default('header'),
      name: z.string().min(1).default('X-Api-Key').describe('header or query parameter name'),
      valueEnv: envName,
    })
    .strict(),
  z.object({ type: z.literal('basic'), usernameEnv: envName, passwordEnv: envName }).strict(),
  z
    .object({
      type: z.literal('oauth2'),
      tokenUrl: z.url().describe('the token endpoint (client credentials grant)'),
      clientIdEnv: envName,
      clientSecretEnv: envName,
      scope: z.string().optional(),
      tokenPath: z.string().default('access_token').describe('where the token is in the answer'),
    })
    .strict()
    .describe('OAuth 2.0 client credentials: a token is fetched once per read and sent as a bearer token'),
]);

const Pagination = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('page'),
      pageParam: z.string().default('page'),
      sizeParam: z.string().optional().describe('omit when the API has a fixed page size'),
      size: z.number().int().positive().default(100),
      start: z.number().int().min(0).default(1),
      totalPath: z.string().min(1).refine(isFieldPath).optional().describe('where the API says how many records there are in all, e.g. data.total: fewer read is an error'),
    })
    .strict(),
  z
    .object({
      type: z.literal('offset'),
      offsetParam: z.string().default('offset'),
      limitParam: z.string().default('limit'),
      size: z.number().int().positive().default(100),
      totalPath: z.string().min(1).refine(isFieldPath).optional().describe('where the API says how many records there are in all, e.g. data.total: fewer read is an error'),
    })
    .strict(),
  z
    .object({
      type: z.literal('cursor'),
      cursorParam: z.string().default('cursor'),
      cursorPath: z.string().min(1).describe('where the next cursor is in the body, e.g. meta.next_cursor'),
    })
    .strict(),
  z.object({ type: z.literal('link') }).strict().describe('RFC 8288 Link header with rel="next"'),
  z.object({ type: z.literal('next'), nextPath: z.string().min(1).describe('where the next URL is in the body, e.g. links.next') }).strict(),
]);

const Detail = z
  .object({
    path: z.string().min(1).describe('URL path of one item, with {field path} placeholders from the list row: /items/{itemId}'),
    records: z.string().default('').refine(isFieldPath).describe('where the item is in the answer, e.g. data; empty: the body'),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    merge: z.boolean().default(true).describe("true: the detail's fields over the list row's (a null never erases a row's value); false: the detail under `detail`"),
    key: z.string().refine(isFieldPath).optional().describe("where the item's key is in the detail, checked against the row's (default: the stream's key; '': no check)"),
    concurrency: z.number().int().min(1).max(32).optional().describe('detail requests at once (default: concurrency)'),
  })
  .strict()
  .describe('a request per listed item for its detail; a missing detail (404) or one of another item keeps the list row, with a warning');

const Stream = z
  .object({
    name: z.enum(['services', 'entryPoints', 'usage']).default('services'),
    path: z.string().min(1).describe('URL path (relative to baseUrl) or a full URL'),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    records: z.string().default('').refine(isFieldPath).describe('field path of the record array in the body, e.g. data.items or data.groups[*].items; empty: the body is the array'),
    key: z.string().min(1).refine(isFieldPath).describe('field path of the primary key in a record, e.g. itemId or meta.code|id'),
    pagination: Pagination.default({ type: 'none' }),
    maxPages: z.number().int().positive().default(10_000).describe('a guard against loops: reaching it aborts the read'),
    incremental: z
      .object({
        param: z.string().min(1).describe('the query parameter, e.g. updated_since'),
        cursorField: z.string().min(1).describe('path of the record field it compares, e.g. updatedAt'),
      })
      .strict()
      .optional(),
    detail: Detail.optional(),
    entryPoints: z.array(EntryPointSpec).default([]).describe('entry points in each record: { field: h5Url, kind: web } or { each: entries, kindField: type, address: url|content }'),
    /** stream entryPoints: which fields hold address, kind, label, serviceKey */
    fields: z
      .object({ address: z.string().optional(), kind: z.string().optional(), label: z.string().optional(), serviceKey: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();

export const RestJsonConfig = z
  .object({
    baseUrl: z.url(),
    auth: Auth.default({ type: 'none' }),
    headers: z.record(z.string(), z.string()).default({}),
    timeoutMs: z.number().int().positive().default(30_000),
    retries: z.number().int().min(0).max(10).default(4),
    concurrency: z.number().int().min(1).max(64).default(2),
    rateLimit: z.number().positive().optional().describe('requests per second'),
    linkBase: z.url().optional().describe("resolves relative links in payloads (the app's site, e.g. https://i.example.gov.cn/); default: the API URL"),
    appId: z.string().optional().describe('the mini-program appId of mini-program paths in payloads'),
    success: z
      .object({
        path: z.string().min(1).describe('where the API puts its own result code, e.g. code'),
        equals: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).default([0, '0', 200, '200', true]).describe('codes meaning success'),
        message: z.string().default('msg').describe('where the API puts its error message, e.g. msg or message'),
      })
      .strict()
      .optional()
      .describe('APIs that answer HTTP 200 with an error code in the body ({"code": 401, "msg": "token expired"})'),
    streams: z.array(Stream).min(1),
  })
  .strict();
export type RestJsonConfig = z.infer<typeof RestJsonConfig>;
type StreamConfig = z.infer<typeof Stream>;

interface Prepared {
  http: HttpClient;
  query: Record<string, string>;
  base: string;
  success?: RestJsonConfig['success'];
  config: RestJsonConfig;
}

/** an API-level error in a 200 answer ({"code": 500, "msg": "…"}) is an error, not an empty page */
function assertSuccess(success: RestJsonConfig['success'], body: unknown, where: string): void {
  if (!success) return;
  const code = getPath(body, success.path);
  if (success.equals.some((v) => v === code)) return;
  const msg = textOf(getPath(body, success.message));
  throw new YimenError('E_SOURCE_API', `${where}: the API answered ${success.path} ${JSON.stringify(code ?? null)}${msg ? `: ${msg}` : ''}`);
}

/** result codes that mean success in the envelopes county apps use ({code: 0}, {code: 200}, {code: 1} of ThinkPHP, {code: "0000"} / "00000" / "000000") */
const SUCCESS_CODES = new Set<unknown>([0, '0', 200, '200', 1, '1', '0000', '00000', '000000', 'SUCCESS', 'success', 'Success', 'OK', 'ok', 'Ok', true]);
const CODE_FIELDS = ['code', 'errcode', 'errCode', 'error_code', 'resultCode', 'retCode'];

/**
 * Without `success` configured, an EMPTY page whose envelope says error ({"code": 500, "msg":
 * "系统繁忙", "data": {"list": []}}, {"success": false, …}) is an error. Why: an empty page ends the
 * stream, so a busy server mid-way silently cut the read short (or emptied it) without a word.
 */
function assertNoErrorEnvelope(success: RestJsonConfig['success'], body: unknown, where: string): void {
  if (success || !body || typeof body !== 'object' || Array.isArray(body)) return;
  const b = body as Record<string, unknown>;
  const field = b.success === false ? 'success' : CODE_FIELDS.find((f) => b[f] != null && typeof b[f] !== 'object' && !SUCCESS_CODES.has(b[f]));
  if (!field) return;
  const msg = ['msg', 'message', 'errmsg', 'errMsg', 'error'].map((f) => textOf(b[f])).find(Boolean);
  throw new YimenError('E_SOURCE_API', `${where}: an empty page whose answer says ${field} ${JSON.stringify(b[field])}${msg ? `: ${msg}` : ''} — an error, not the end of the list`, {
    hint: `if that is the API's success code, say so: success: { path: ${field}, equals: [${JSON.stringify(b[field])}] }`,
  });
}

async function prepare(config: RestJsonConfig, ctx: AdapterContext): Promise<Prepared> {
  const headers: Record<string, string> = { ...config.headers };
  const query: Record<string, string> = {};
  const secrets: string[] = [];
  const secretFields: string[] = [];
  let authHint: string | undefined;
  const a = config.auth;
  if (a.type === 'bearer') {
    const t = secretFrom(ctx.env, a.tokenEnv, 'bearer token');
    headers.Authorization = `Bearer ${t}`;
    secrets.push(t);
    authHint = `check the token in $${a.tokenEnv}`;
  } else if (a.type === 'apiKey') {
    const v = secretFrom(ctx.env, a.valueEnv, 'API key');
    if (a.in === 'header') headers[a.name] = v;
    else query[a.name] = v;
    secrets.push(v);
    secretFields.push(a.name);
    authHint = `check the API key in $${a.valueEnv}`;
  } else if (a.type === 'basic') {
    const u = secretFrom(ctx.env, a.usernameEnv, 'basic auth user name');
    const p = secretFrom(ctx.env, a.passwordEnv, 'basic auth password');
    headers.Authorization = `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
    secrets.push(p, Buffer.from(`${u}:${p}`).toString('base64'));
    authHint = `check the user name and password in $${a.usernameEnv} and $${a.passwordEnv}`;
  } else if (a.type === 'oauth2') {
    const id = secretFrom(ctx.env, a.clientIdEnv, 'OAuth client id');
    const secret = secretFrom(ctx.env, a.clientSecretEnv, 'OAuth client secret');
    authHint = `check the client id and secret in $${a.clientIdEnv} and $${a.clientSecretEnv}`;
    const tokenClient = ctx.http({
      name: `rest-json ${ctx.appId} token`,
      timeoutMs: config.timeoutMs,
      retry: { retries: config.retries },
      secretValues: [secret],
      secretFields: ['client_secret'],
      authHint,
    });
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret, ...(a.scope ? { scope: a.scope } : {}) });
    const res = await tokenClient.post<unknown>(a.tokenUrl, form.toString(), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, idempotent: true });
    const token = textOf(getPath(res.data, a.tokenPath));
    if (!token) throw new YimenError('E_SOURCE_AUTH', `the token endpoint answered without a token at "${a.tokenPath}"`, { hint: 'check auth.tokenPath against what the token endpoint returns' });
    headers.Authorization = `Bearer ${token}`;
    secrets.push(secret, token);
  }
  const http = ctx.http({
    baseURL: config.baseUrl,
    headers,
    timeoutMs: config.timeoutMs,
    retry: { retries: config.retries },
    concurrency: config.concurrency,
    rateLimit: config.rateLimit,
    secretValues: secrets,
    secretFields,
    authHint,
  });
  return { http, query, base: config.baseUrl, success: config.success, config };
}

/** the charset a Content-Type names, lower case (undefined when none) */
function charsetOf(contentType: string | undefined): string | undefined {
  return /charset\s*=\s*"?([^";,\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

function decoder(label: string, fatal: boolean): TextDecoder | undefined {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    return undefined; // a charset TextDecoder does not know
  }
}

/**
 * The text of an answer's bytes. Why not just UTF-8: county apps' older back ends answer in GBK,
 * with `charset=GBK`, with no charset or even with a wrong `charset=utf-8`; read as UTF-8 their
 * Chinese silently becomes U+FFFD. A BOM decides; else the declared charset when the bytes are valid
 * in it; else UTF-8; else GB18030 (a superset of GBK and GB2312). A guess, or bytes valid in none,
 * comes back as a note for the run's warnings.
 */
export function decodeBody(buf: Buffer, contentType?: string): { text: string; note?: string } {
  const declared = charsetOf(contentType);
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 'utf-8' : buf[0] === 0xff && buf[1] === 0xfe ? 'utf-16le' : buf[0] === 0xfe && buf[1] === 0xff ? 'utf-16be' : undefined;
  const tries = [...new Set([bom, declared, 'utf-8', 'gb18030'].filter((x): x is string => !!x && !!decoder(x, true)))];
  const meant = declared ? decoder(declared, true)?.encoding : undefined;
  const said = !declared ? 'names no charset' : meant ? `says charset=${declared}` : `says charset=${declared}, which is unknown,`;
  for (const label of tries) {
    try {
      const text = decoder(label, true)!.decode(buf); // a BOM of the charset is dropped
      const canon = decoder(label, true)!.encoding;
      if (bom || canon === (meant ?? 'utf-8')) return { text };
      return { text, note: `the answer ${said} ${declared ? 'but' : 'and'} is not ${(meant ?? 'utf-8').toUpperCase()}: read as ${canon.toUpperCase()}` };
    } catch {
      // not valid in this charset: the next
    }
  }
  const label = tries[0] ?? 'utf-8';
  return { text: decoder(label, false)!.decode(buf), note: `the answer ${said} and is valid in no charset tried (${tries.join(', ')}): bytes that are not ${label} were read as \ufffd` };
}

type JsonAnswer = { data: unknown; url: string; status: number; headers: Record<string, string>; note?: string };

/** a GET whose answer is JSON, decoded by decodeBody and parsed by parseJson */
async function getJson(prep: Prepared, url: string, params: Record<string, string | number | boolean | undefined>, retry?: { retries: number }): Promise<JsonAnswer> {
  const res = await prep.http.get<Buffer>(url, { params, responseType: 'buffer', ...(retry ? { retry } : {}) });
  const { text, note } = decodeBody(res.data, res.headers['content-type']);
  if (text.trim() === '') return { data: undefined, url: res.url, status: res.status, headers: res.headers, note };
  try {
    return { data: parseJson(text), url: res.url, status: res.status, headers: res.headers, note };
  } catch (e) {
    const shown = prep.http.redactor.text(text.replace(/\s+/g, ' ').trim().slice(0, 120));
    throw new HttpError('E_HTTP_BAD_JSON', `GET ${res.url} → ${res.status}: the body is not valid JSON (${(e as Error).message.split('\n')[0]}): ${shown}`, {
      status: res.status,
      request: { method: 'GET', url: res.url, headers: {} },
      attempts: res.attempts,
      body: prep.http.redactor.text(text.slice(0, 2000)),
      retryable: false,
      hint: 'the server answered with something else than JSON: check the URL (a login page or an HTML error page?)',
    });
  }
}

/** the URL of rel="next" in an RFC 8288 Link header */
export function nextFromLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>(.*)/.exec(part.trim());
    if (m && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

function pageHash(records: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(records)).digest('hex');
}

/** a record nested deeper than this is quarantined: serialising it (hash, store) would overflow the stack */
export const MAX_RECORD_DEPTH = 64;

/** whether a value nests objects or arrays deeper than `max` (iterative: the check must not recurse) */
export function deeperThan(v: unknown, max = MAX_RECORD_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d >= max) return true;
    for (const c of Object.values(x)) if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
  }
  return false;
}
const tooDeep = `nested deeper than ${MAX_RECORD_DEPTH} levels`;

type StreamState = Record<string, { since?: string; from?: string }>;

/** the records at a field path: one array found is the records; a wildcard's several arrays (data.groups[*].items) are joined */
export function recordsAt(body: unknown, path: string): unknown {
  if (path.trim() === '' || path.trim() === '$') return body;
  const all = selectAll(body, path);
  if (all.length === 0) {
    // an empty list is a list: selectAll skips nothing but null and blanks
    return undefined;
  }
  if (all.length === 1) return all[0];
  return all.every(Array.isArray) ? all.flat() : all;
}

/** a detail path with its {placeholders} filled from the list row (URL-encoded) */
export function detailPath(template: string, row: unknown): { path?: string; missing?: string } {
  let missing: string | undefined;
  const path = template.replace(/\{([^{}]+)\}/g, (_, p: string) => {
    const v = textOf(selectFirst(row, p.trim()));
    if (!v) missing ??= p.trim();
    return encodeURIComponent(v);
  });
  return missing ? { missing } : { path };
}

type Detailed = { data: Record<string, unknown>; warning?: string; note?: string };

/** the row with the detail's fields over it; a detail's null does not erase what the row has */
function mergeDetail(row: Record<string, unknown>, detail: Record<string, unknown>): Record<string, unknown> {
  // why: Java back ends serialise every field of a detail DTO, null where the detail query did not
  // fill it; those nulls silently erased the list's name, code or even key
  const out = { ...row };
  for (const [k, v] of Object.entries(detail)) if (v !== null || out[k] == null) out[k] = v;
  return out;
}

/** the list row with its detail, or the row alone with a warning when the detail is missing or of another item */
async function withDetail(d: NonNullable<StreamConfig['detail']>, row: Record<string, unknown>, key: { path: string; value: string }, prep: Prepared, locator: string): Promise<Detailed> {
  const { path, missing } = detailPath(d.path, row);
  if (!path) return { data: row, warning: `${locator}: no detail read: the row has no "${missing}" for ${d.path}` };
  let note: string | undefined;
  try {
    const res = await getJson(prep, path, { ...d.params, ...prep.query });
    note = res.note;
    assertSuccess(prep.success, res.data, path);
    const obj = selectFirst(res.data, d.records);
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return { data: row, warning: `${locator}: the detail ${path} has no object at "${d.records || '(the body)'}": the list row is kept`, note };
    if (deeperThan(obj)) return { data: row, warning: `${locator}: the detail ${path} is ${tooDeep}: the list row is kept without it`, note };
    // why: a detail endpoint that ignores its id parameter (a misspelt ?id=) answers with one and the
    // same item for every row; merged, every service silently got that item's name and agency
    const keyPath = d.key ?? key.path;
    const theirs = keyPath ? textOf(selectFirst(obj, keyPath)) : '';
    if (theirs && theirs !== key.value) {
      return { data: row, warning: `${locator}: the detail ${path} is of item "${theirs}" at "${keyPath}", not "${key.value}": the list row is kept without it (detail.key: '' turns this check off)`, note };
    }
    return { data: d.merge ? mergeDetail(row, obj as Record<string, unknown>) : { ...row, detail: obj }, note };
  } catch (e) {
    // authentication failures stop the read; a missing or broken detail keeps the list row
    if (e instanceof HttpError && (e.status === 401 || e.status === 403)) throw e;
    const why = e instanceof HttpError && e.status && e.status >= 300 ? `HTTP ${e.status}` : (e as Error).message;
    return { data: row, warning: `${locator}: the detail ${path} could not be read (${why}): the list row is kept without it`, note };
  }
}

/** state per stream name is kept per endpoint path, so two endpoints of one stream each resume where they were */
async function* readStream(
  s: StreamConfig,
  prep: Prepared,
  ctx: AdapterContext,
  state: Record<string, unknown>,
  merged: Record<string, StreamState>,
): AsyncGenerator<AdapterMessage> {
  const own = (state[s.name] ?? {}) as StreamState;
  const since = s.incremental ? own[s.path]?.since : undefined;
  let url: string = s.path;
  const baseParams: Record<string, string | number | boolean> = { ...s.params, ...prep.query };
  if (since !== undefined && s.incremental) baseParams[s.incremental.param] = since;
  const p = s.pagination;
  let pageNo = p.type === 'page' ? p.start : 0;
  let offset = 0;
  let cursor: string | undefined;
  let useParams = true; // a next URL from the server carries its own query
  const seenPages = new Set<string>();
  const seenCursors = new Set<string>();
  let maxCursor: string | undefined = since;
  const seenKeys = new Set<string>();
  const noted = new Set<string>();
  // with totalPath: the total the API reports, and how many records the pages held
  let total: number | undefined;
  let held = 0;
  const totalPath = p.type === 'page' || p.type === 'offset' ? p.totalPath : undefined;
  const noteOnce = (note: string | undefined): AdapterMessage[] => {
    if (!note || noted.has(note)) return [];
    noted.add(note);
    return [{ type: 'log', level: 'warn', message: `stream ${s.name}: ${s.path}: ${note}` }];
  };
  for (let n = 1; ; n++) {
    if (ctx.signal?.aborted) return;
    if (n > s.maxPages) throw new YimenError('E_SOURCE_PAGES', `stream ${s.name}: stopped at the page cap (${s.maxPages} pages) — a loop, or raise maxPages`, { hint: 'a source that never ends is refused: nothing it fetched becomes current' });
    const params: Record<string, string | number | boolean | undefined> = useParams ? { ...baseParams } : {};
    if (p.type === 'page') {
      params[p.pageParam] = pageNo;
      if (p.sizeParam) params[p.sizeParam] = p.size;
    } else if (p.type === 'offset') {
      params[p.offsetParam] = offset;
      params[p.limitParam] = p.size;
    } else if (p.type === 'cursor' && cursor !== undefined) {
      params[p.cursorParam] = cursor;
    }
    const res = await getJson(prep, url, params);
    const where = `${s.path} page ${n}`;
    const body = res.data;
    yield* noteOnce(res.note);
    assertSuccess(prep.success, body, `stream ${s.name}: ${where}`);
    const list = recordsAt(body, s.records);
    if (!Array.isArray(list) && typeof body === 'string') {
      let why = 'not JSON';
      try {
        JSON.parse(body);
      } catch (e) {
        why = `not valid JSON (${(e as Error).message.split('\n')[0]})`;
      }
      throw new Error(`stream ${s.name}: ${where}: the answer is ${why}: ${JSON.stringify(body.slice(0, 120))}`);
    }
    if (!Array.isArray(list)) {
      throw new Error(
        `stream ${s.name}: ${where}: no record array at "${s.records || '(the body)'}" (found ${list === undefined ? 'nothing' : typeof list})` +
          ' — check `records` in the config',
      );
    }
    if (totalPath) {
      const raw = selectFirst(body, totalPath);
      const given = raw !== undefined && raw !== null && raw !== '';
      const t = textOf(raw) === '' ? NaN : Number(textOf(raw)); // a total written as text ("250") is a total
      if (given && (!Number.isSafeInteger(t) || t < 0)) {
        throw new YimenError('E_SOURCE_API', `stream ${s.name}: ${where}: the total at "${totalPath}" is ${JSON.stringify(raw)}, not a count`, { hint: 'point pagination.totalPath at the number of all records' });
      }
      if (given) {
        if (total !== undefined && t !== total) yield { type: 'log', level: 'warn', message: `stream ${s.name}: ${where}: the total changed from ${total} to ${t} during the read: records added or removed while paging may be missed or read twice` };
        total = t;
      }
    }
    if (list.length === 0) {
      assertNoErrorEnvelope(prep.success, body, `stream ${s.name}: ${where}`);
      break; // an empty page ends the stream; a short one does not
    }
    const deep = list.map((rec) => deeperThan(rec));
    const h = pageHash(deep.includes(true) ? list.map((rec, i) => (deep[i] ? `deep ${i}` : rec)) : list);
    if (seenPages.has(h)) {
      // an API that answers the last page again past the end (PageHelper's `reasonable`) has ended when all its total came
      if (total !== undefined && held >= total) break;
      throw new Error(`stream ${s.name}: ${where} repeats an earlier page — aborted (the API ignores the page parameter?)`);
    }
    seenPages.add(h);
    held += list.length;
    // details, at most `concurrency` at once (the shared rate budget and retries are the client's), yielded in order
    const limit = s.detail ? pLimit(s.detail.concurrency ?? prep.config.concurrency) : undefined;
    const pending = list.map((rec, i) =>
      s.detail && limit && !deep[i] && rec && typeof rec === 'object' && !Array.isArray(rec) && textOf(selectFirst(rec, s.key))
        ? limit(() => withDetail(s.detail!, rec as Record<string, unknown>, { path: s.key, value: textOf(selectFirst(rec, s.key)) }, prep, `${where} [${i}]`))
        : undefined,
    );
    // a failed read must not leave detail requests unobserved
    for (const p of pending) p?.catch(() => undefined);
    const linkBase = prep.config.linkBase ?? res.url;
    for (let i = 0; i < list.length; i++) {
      const rec = list[i];
      const locator = `${where} [${i}]`;
      if (deep[i]) {
        yield { type: 'quarantine', stream: s.name, locator, reason: `the record is ${tooDeep}`, raw: `${Array.isArray(rec) ? 'an array' : 'an object'} ${tooDeep}` };
        continue;
      }
      if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
        yield { type: 'quarantine', stream: s.name, locator, reason: 'the record is not an object', raw: rec };
        continue;
      }
      let data = rec as Record<string, unknown>;
      const key = textOf(selectFirst(data, s.key));
      if (!key) {
        yield { type: 'quarantine', stream: s.name, locator, reason: `no key at "${s.key}"`, raw: data };
        continue;
      }
      if (pending[i]) {
        const d = await pending[i]!;
        data = d.data;
        yield* noteOnce(d.note);
        // the runner keeps warnings in the run's summary
        if (d.warning) yield { type: 'log', level: 'warn', message: d.warning };
      }
      if (s.incremental) {
        const c = textOf(selectFirst(data, s.incremental.cursorField));
        if (c && (maxCursor === undefined || c > maxCursor)) maxCursor = c;
      }
      if (s.name === 'entryPoints') {
        const f = s.fields ?? {};
        const address = textOf(selectFirst(data, f.address ?? 'address')) || key;
        const kind = textOf(selectFirst(data, f.kind ?? 'kind')) || 'web';
        const epKey = `${kind} ${address}`;
        if (seenKeys.has(epKey)) continue; // records may arrive twice; the store is idempotent anyway
        seenKeys.add(epKey);
        yield {
          type: 'record',
          stream: 'entryPoints',
          key: epKey,
          locator,
          data: {
            kind,
            address,
            label: textOf(selectFirst(data, f.label ?? 'label')) || undefined,
            serviceKey: textOf(selectFirst(data, f.serviceKey ?? 'serviceKey')) || undefined,
            miniprogram: getPath(data, 'miniprogram') as unknown,
            row: data,
          },
        };
        continue;
      }
      // numbers written as text (月访问 4731, 1.2万) are kept as the API wrote them: mapping parses them
      yield { type: 'record', stream: s.name, key, locator, data };
      const found = entryPointsOf(data, s.entryPoints, {
        label: key,
        ...(s.name === 'services' ? { serviceKey: key } : {}),
        ...(prep.config.appId ? { appId: prep.config.appId } : {}),
        resolve: (address, kind) => {
          if ((kind !== 'web' && kind !== 'qrcode') || /^[a-z][a-z0-9+.-]*:/i.test(address)) return address;
          try {
            return new URL(address, linkBase).toString();
          } catch {
            return address; // the runner refuses what cannot be redirected
          }
        },
      });
      for (const e of found) yield { type: 'record', stream: 'entryPoints', key: `${e.data.kind} ${e.data.address}`, locator: `${locator}${e.at}`, data: e.data };
    }
    // the next page
    if (p.type === 'none') break;
    if (p.type === 'page') pageNo++;
    else if (p.type === 'offset') offset += list.length;
    else if (p.type === 'cursor') {
      const next = textOf(selectFirst(body, p.cursorPath));
      if (!next) break;
      if (seenCursors.has(next)) throw new Error(`stream ${s.name}: ${where}: the cursor "${next}" was already used — aborted`);
      seenCursors.add(next);
      cursor = next;
    } else {
      const next = p.type === 'link' ? nextFromLink(res.headers['link']) : textOf(selectFirst(body, p.nextPath));
      if (!next) break;
      const abs = new URL(next, joinUrl(prep.base, url)).toString();
      if (seenCursors.has(abs)) throw new Error(`stream ${s.name}: ${where}: the next URL repeats an earlier one — aborted`);
      seenCursors.add(abs);
      url = abs;
      useParams = false;
    }
  }
  if (totalPath) {
    // why: an empty page ends the read, so one that comes early (a busy replica, page numbers that
    // start at 0 where the config says 1) silently dropped the rest; the API's own total tells
    if (total === undefined) throw new YimenError('E_SOURCE_API', `stream ${s.name}: no page had a total at "${totalPath}"`, { hint: 'check pagination.totalPath against an answer, or remove it' });
    if (held < total) {
      throw new YimenError('E_SOURCE_PAGES', `stream ${s.name}: the API says ${total} records in all, but its pages held ${held} — the list ended early`, {
        hint: p.type === 'page' ? `check pagination.start (${p.start}): an API that counts pages from ${p.start === 1 ? 0 : 1} loses a page; or the API failed mid-way` : 'the API ended its list before its total: run again, or ask its maintainers',
      });
    }
    if (held > total) yield { type: 'log', level: 'warn', message: `stream ${s.name}: the pages held ${held} records, more than the total of ${total} the API gave: some may be repeats` };
  }
  if (s.incremental) {
    merged[s.name] = { ...((merged[s.name] ?? state[s.name] ?? {}) as StreamState), [s.path]: { since: maxCursor } };
    yield { type: 'state', stream: s.name, state: merged[s.name] };
    // entry points read from this stream are incremental too: a later run must not sweep them
    if (s.entryPoints.length) {
      merged.entryPoints = { ...((merged.entryPoints ?? state.entryPoints ?? {}) as StreamState), [`${s.name} ${s.path}`]: { from: s.name, since: maxCursor } };
      yield { type: 'state', stream: 'entryPoints', state: merged.entryPoints };
    }
  }
}

export const restJsonAdapter = defineAdapter<RestJsonConfig>({
  name: 'rest-json',
  version: '0.3.0',
  streams: ['services', 'entryPoints', 'usage'],
  description: 'JSON APIs: page / offset / cursor / Link / next-URL pagination, record paths, bearer / API key / basic auth, updated-since increments',
  spec: RestJsonConfig,
  async check(config, ctx) {
    let prep: Prepared;
    try {
      prep = await prepare(config, ctx);
    } catch (e) {
      if (e instanceof MissingSecretError) return { ok: false, reason: e.message, hint: `export ${e.envName}=… before running yimen` };
      if (e instanceof HttpError) return { ok: false, reason: `getting a token: ${e.message}`, hint: e.hint };
      return { ok: false, reason: (e as Error).message };
    }
    const s = config.streams[0]!;
    try {
      const res = await getJson(prep, s.path, { ...s.params, ...prep.query }, { retries: 1 });
      assertSuccess(prep.success, res.data, s.path);
      const list = recordsAt(res.data, s.records);
      if (!Array.isArray(list)) return { ok: false, reason: `${s.path}: no record array at "${s.records || '(the body)'}"`, hint: 'set `records` to the path of the array in the response' };
      if (list.length === 0) assertNoErrorEnvelope(prep.success, res.data, s.path);
      return { ok: true, message: `${s.path} answered with ${list.length} record(s) on the first page` };
    } catch (e) {
      if (e instanceof HttpError) return { ok: false, reason: e.message, hint: e.hint };
      return { ok: false, reason: (e as Error).message };
    }
  },
  async discover(config) {
    const names = new Map<string, { name: string; primaryKey: string[]; cursorField?: string }>();
    for (const s of config.streams) names.set(s.name, { name: s.name, primaryKey: s.name === 'entryPoints' ? ['kind', 'address'] : [s.key], cursorField: s.incremental?.cursorField });
    if (config.streams.some((s) => s.entryPoints.length) && !names.has('entryPoints')) names.set('entryPoints', { name: 'entryPoints', primaryKey: ['kind', 'address'] });
    return [...names.values()];
  },
  async *read(config, ctx, state) {
    const prep = await prepare(config, ctx);
    const merged: Record<string, StreamState> = {};
    for (const s of config.streams) yield* readStream(s, prep, ctx, state, merged);
  },
});

export default restJsonAdapter;
