// Field paths: the one small language every adapter uses to name a value inside its source.
// JSON paths for JSON/YAML (rest-json, manifest): `a.b[0].c`, `items[*].name`, `..name` (any
// depth), `['odd.key']`, alternatives `dept.name|deptName` (the first that has a value); HTML
// paths (html): a CSS selector with `@attr` or text (`a.svc@href`, `.svc-pv`, `@data-visits` on
// the item itself); tables keep naming columns by header. Also the shared entry-point shapes
// (EntryPointSpec) so every adapter reads entry points the same way.
import { z } from 'zod';
import { YimenError } from '../errors.js';
import type { EntryPointRecord } from './contract.js';

type Step = { key: string } | { index: number } | { wild: true } | { deep: string | null };

/** a path that cannot be parsed: a config error, reported with the path */
export class FieldPathError extends YimenError {
  constructor(path: string, why: string) {
    super('E_FIELD_PATH', `bad field path "${path}": ${why}`, { hint: 'paths look like data.items[*].name, a.b[0], ..id, name|title (see docs/adapters.md, "Field paths")' });
  }
}

/** splits on `sep` outside brackets, parentheses and quotes */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function compileOne(path: string, whole: string): Step[] {
  let s = path.trim().replace(/^\$/, '');
  const steps: Step[] = [];
  while (s.length) {
    if (s.startsWith('..')) {
      s = s.slice(2);
      const m = /^([^.[\]]+)/.exec(s);
      if (m && m[1] !== '*') {
        steps.push({ deep: m[1]! });
        s = s.slice(m[1]!.length);
      } else {
        if (m) s = s.slice(1);
        steps.push({ deep: null });
      }
      continue;
    }
    if (s.startsWith('.')) s = s.slice(1);
    if (s.startsWith('[')) {
      const m = /^\[\s*(?:(\*)|(-?\d+)|'([^']*)'|"([^"]*)")\s*\]/.exec(s);
      if (!m) throw new FieldPathError(whole, `cannot read "${s}"`);
      if (m[1]) steps.push({ wild: true });
      else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
      else steps.push({ key: m[3] ?? m[4]! });
      s = s.slice(m[0].length);
      continue;
    }
    const m = /^([^.[\]]+)/.exec(s);
    if (!m) throw new FieldPathError(whole, `cannot read "${s}"`);
    const k = m[1]!.trim();
    steps.push(k === '*' ? { wild: true } : /^\d+$/.test(k) ? { key: k } : { key: k });
    s = s.slice(m[1]!.length);
  }
  return steps;
}

const cache = new Map<string, Step[][]>();

/** the alternatives of a path, each a list of steps (cached: paths are few, records many) */
export function compilePath(path: string): Step[][] {
  let c = cache.get(path);
  if (!c) {
    if (/[[(]/.test(path) && splitTop(path, '|').some((p) => (p.match(/\[/g)?.length ?? 0) !== (p.match(/\]/g)?.length ?? 0))) throw new FieldPathError(path, 'unbalanced brackets');
    c = splitTop(path, '|').map((p) => compileOne(p, path));
    if (cache.size > 10_000) cache.clear();
    cache.set(path, c);
  }
  return c;
}

/** whether a path is well formed (for config schemas) */
export function isFieldPath(path: string): boolean {
  try {
    compilePath(path);
    return true;
  } catch {
    return false;
  }
}

/** a value worth taking: not undefined, null or blank text */
export const hasValue = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

function step(values: unknown[], st: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (v === null || typeof v !== 'object') continue;
    if ('key' in st) {
      const x = (v as Record<string, unknown>)[st.key];
      if (x !== undefined) out.push(x);
    } else if ('index' in st) {
      if (Array.isArray(v)) {
        const x = v[st.index < 0 ? v.length + st.index : st.index];
        if (x !== undefined) out.push(x);
      }
    } else if ('wild' in st) {
      out.push(...(Array.isArray(v) ? v : Object.values(v)));
    } else {
      // any depth: the value itself and every descendant (with a key: that key at any depth)
      const stack: unknown[] = [v];
      while (stack.length) {
        const cur = stack.pop();
        if (cur === null || typeof cur !== 'object') continue;
        const kids = Array.isArray(cur) ? cur : Object.values(cur);
        if (st.deep === null) out.push(cur);
        else if (!Array.isArray(cur) && (cur as Record<string, unknown>)[st.deep] !== undefined) out.push((cur as Record<string, unknown>)[st.deep]);
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      }
    }
  }
  return out;
}

/**
 * Every value a path names, in document order: for alternatives, the values of the first one
 * that has any. '' and '$' name the value itself.
 */
export function selectAll(value: unknown, path: string | undefined): unknown[] {
  if (path === undefined || path.trim() === '' || path.trim() === '$') return hasValue(value) ? [value] : [];
  for (const alt of compilePath(path)) {
    let cur: unknown[] = [value];
    for (const st of alt) {
      cur = step(cur, st);
      if (!cur.length) break;
    }
    const found = cur.filter(hasValue);
    if (found.length) return found;
  }
  return [];
}

/** the first value a path names (undefined when none) */
export function selectFirst(value: unknown, path: string | undefined): unknown {
  return selectAll(value, path)[0];
}

/** the items a path names as a list: one array found is its elements; single values are a list of one */
export function selectList(value: unknown, path: string | undefined): unknown[] {
  const all = selectAll(value, path);
  return all.length === 1 && Array.isArray(all[0]) ? all[0] : all;
}

/** child keys as config gives them: `children|items|subMenus` or a list */
export function childKeys(v: string | string[]): string[] {
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split('|')).map((s) => s.trim()).filter(Boolean);
}

/** the nested items of a menu node: every array of objects under one of the child keys, in key order */
export function childrenOf(node: Record<string, unknown>, keys: string[]): { key: string; items: unknown[] }[] {
  const out: { key: string; items: unknown[] }[] = [];
  for (const k of keys) {
    const v = node[k];
    if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) out.push({ key: k, items: v });
  }
  return out;
}

// ---- HTML paths -------------------------------------------------------------------------------

/** one alternative of an HTML path: elements by selector inside the item ('' = the item itself), then an attribute or the text */
export interface HtmlPathPart {
  selector: string;
  /** an attribute name; undefined: the element's text */
  attr?: string;
}

/** `a.svc@href`, `.svc-pv`, `@data-visits`, `img@src|@data-src` */
export function parseHtmlPath(path: string): HtmlPathPart[] {
  const parts = splitTop(path, '|').map((p) => p.trim());
  if (parts.some((p) => !p)) throw new FieldPathError(path, 'an empty alternative');
  return parts.map((p) => {
    const at = p.lastIndexOf('@');
    if (at < 0 || p.slice(at).includes(']')) return { selector: p };
    const attr = p.slice(at + 1).trim();
    if (!/^[\w:.-]+$/.test(attr)) throw new FieldPathError(path, `"${attr}" is not an attribute name`);
    return { selector: p.slice(0, at).trim(), ...(attr === 'text' ? {} : { attr }) };
  });
}

// ---- entry-point shapes -----------------------------------------------------------------------

export const ENTRY_KINDS = ['web', 'deeplink', 'miniprogram', 'appstore', 'qrcode'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

const FieldPath = z.string().refine(isFieldPath, { message: 'not a field path (like data.items[*].url or url|link)' });

/**
 * Where a source keeps entry points, for any field names: one address per field (`h5Url`), or a
 * list whose elements are entry points (`entries[*]` with `type` and `url|content`).
 */
export const EntryPointSpec = z
  .object({
    field: FieldPath.optional().describe('path of the address (may name several: links[*].url)'),
    each: FieldPath.optional().describe('path of a list whose elements are entry points; address, kindField, label, appId, path and serviceKey are then read in each element'),
    address: FieldPath.default('url|address|href|link|content|pagePath|path').describe('with each: the address in an element'),
    kind: z.enum(ENTRY_KINDS).optional().describe('the kind of every address here (default: kindField, else web)'),
    kindField: FieldPath.optional().describe('with each: the field naming the kind (h5, deeplink, qrcode, 小程序 …)'),
    kinds: z.record(z.string(), z.enum(ENTRY_KINDS)).default({}).describe('more source words for kinds, e.g. { wap: web }'),
    label: FieldPath.optional().describe('path of a label'),
    appId: FieldPath.optional().describe('mini-program appId (default: the app-level appId)'),
    serviceKey: FieldPath.optional().describe('the service it leads to (top-level lists; items are their own service)'),
  })
  .strict()
  .refine((s) => !!s.field !== !!s.each, { message: 'give exactly one of field or each' });
export type EntryPointSpec = z.infer<typeof EntryPointSpec>;

const KIND_WORDS: Array<[RegExp, EntryKind]> = [
  [/^(web|h5|html5?|url|link|href|wap|page|网页|链接|h5链接|网址)$/i, 'web'],
  [/^(deep-?link|scheme|app-?link|schema|applink|深度链接|深链接)$/i, 'deeplink'],
  [/^(mini-?program|mp|weapp|wxapp|wechat|小程序|微信小程序)$/i, 'miniprogram'],
  [/^(app-?store|store|download|market|应用商店|下载)$/i, 'appstore'],
  [/^(qr-?code|qr|二维码)$/i, 'qrcode'],
];

/** a source's word for a kind, with the config's own words first; undefined when unknown */
export function kindOf(word: unknown, extra: Record<string, EntryKind> = {}): EntryKind | undefined {
  const w = String(word ?? '').trim();
  if (!w) return undefined;
  if (extra[w]) return extra[w];
  return KIND_WORDS.find(([re]) => re.test(w))?.[1];
}

export interface EntryPointFound {
  data: EntryPointRecord & Record<string, unknown>;
  /** where in the object, for the locator (`.entries[1]`, `.h5Url`) */
  at: string;
}

export interface EntryPointOptions {
  /** the app-level mini-program appId */
  appId?: string;
  /** the label when a spec names none */
  label?: string;
  /** the service it belongs to (items) */
  serviceKey?: string;
  /** makes a source address an entry-point address (relative links, routes to deep links) */
  resolve?: (address: string, kind: EntryKind) => string;
}

const textOf = (v: unknown): string => (v === undefined || v === null || typeof v === 'object' ? '' : String(v).trim());

/** a mini-program page `pages/x?id=1` (or `appId:pages/x`) as the entry point data */
function miniprogram(address: string, appId: string | undefined): { address: string; miniprogram: { appId: string; path: string } } {
  let path = address;
  let id = appId ?? '';
  const m = /^(wx[0-9a-z]{6,}|\d{10,}):(.*)$/i.exec(address);
  if (m) {
    id = m[1]!;
    path = m[2]!;
  }
  path = path || '/';
  return { address: `${id}:${path}`, miniprogram: { appId: id, path } };
}

/** The entry points an object holds, by the given shapes. Empty fields are simply absent. */
export function entryPointsOf(obj: unknown, specs: EntryPointSpec[], opts: EntryPointOptions = {}): EntryPointFound[] {
  const out: EntryPointFound[] = [];
  const make = (raw: unknown, kindWord: unknown, s: EntryPointSpec, el: unknown, at: string) => {
    const addr = textOf(raw);
    if (!addr) return;
    const kind = s.kind ?? (s.kindField ? kindOf(kindWord, s.kinds) : undefined) ?? (s.kindField && textOf(kindWord) ? undefined : 'web');
    const label = (s.label ? textOf(selectFirst(el, s.label)) : '') || opts.label;
    const serviceKey = (s.serviceKey ? textOf(selectFirst(el, s.serviceKey)) : '') || opts.serviceKey;
    const common = { ...(label ? { label } : {}), ...(serviceKey ? { serviceKey } : {}) };
    if (!kind) {
      // an unknown kind word: passed on as written, the runner refuses it with the reason
      out.push({ at, data: { kind: textOf(kindWord) as EntryKind, address: addr, ...common } });
      return;
    }
    if (kind === 'miniprogram') {
      const appId = (s.appId ? textOf(selectFirst(el, s.appId)) : '') || opts.appId;
      out.push({ at, data: { kind, ...miniprogram(addr, appId), ...common } });
      return;
    }
    out.push({ at, data: { kind, address: opts.resolve ? opts.resolve(addr, kind) : addr, ...common } });
  };
  for (const spec of specs) {
    // a list of entry points usually says its kind in `type` or `kind`
    const s = spec.each && !spec.kind && !spec.kindField ? { ...spec, kindField: 'type|kind' } : spec;
    if (s.field) {
      const found = selectAll(obj, s.field);
      found.forEach((v, i) => {
        if (Array.isArray(v)) v.forEach((x, j) => make(x, undefined, s, obj, `.${s.field}[${j}]`));
        else make(v, undefined, s, obj, found.length > 1 ? `.${s.field}[${i}]` : `.${s.field}`);
      });
    } else {
      selectList(obj, s.each).forEach((el, i) => {
        const at = `.${s.each}[${i}]`;
        if (el !== null && typeof el === 'object') make(selectFirst(el, s.address), s.kindField ? selectFirst(el, s.kindField) : undefined, s, el, at);
        else make(el, undefined, s, el, at);
      });
    }
  }
  return out;
}
