// Traffic on old entry points (DESIGN §11): reads nginx/Apache combined logs (plain or gzip,
// streamed line by line, memory bounded by the number of distinct addresses), drops noise (bots,
// page assets, health checks), counts hits per canonical entry point, and turns addresses with
// traffic that nobody planned into discovered entry points (web, served as unresolved). A log
// already imported (same size and same first and last bytes) adds nothing.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { basename, resolve } from 'node:path';
import type { EntryPoint } from '../schema/index.js';
import type { HitsRow, Store } from '../store/store.js';
import type { HitsConfig } from '../workspace/config.js';
import { selectApps, type Workspace } from '../workspace/loader.js';
import { YimenError } from '../errors.js';
import { canonicalWebUrl } from './canonical.js';
import { entryPointId } from '../extract/entry-points.js';

/** the locator prefix of entry points discovered in traffic (the plan serves them as unresolved) */
export const HITS_LOCATOR = 'hits:';
const IDENTITY_BYTES = 64 * 1024;

export interface LogRequest {
  host?: string;
  method: string;
  /** path and query as logged */
  target: string;
  status: number;
  time: string;
  agent: string;
}

/** where the fields of one combined log line sit in a text (one object reused for every line: none allocated per line) */
export interface LineScan {
  /** end of the leading virtual host, or -1 when the line names none */
  hostEnd: number;
  time0: number;
  time1: number;
  method0: number;
  method1: number;
  target0: number;
  target1: number;
  status: number;
  /** the user agent, [agent0, agent1) (empty when the line has none) */
  agent0: number;
  agent1: number;
}

export function newLineScan(): LineScan {
  return { hostEnd: -1, time0: 0, time1: 0, method0: 0, method1: 0, target0: 0, target1: 0, status: 0, agent0: 0, agent1: 0 };
}

/**
 * Finds the fields of the combined log line s[start, end) —
 * `ip ident user [time] "METHOD target PROTO" status bytes "referer" "agent"`, optionally led by a
 * virtual host (Apache vhost_combined `host:port`, or nginx `$host` before the address) — into
 * `o`; false for a line that is not one. Cut by indexOf in the chunk itself, not a regex and not a
 * string per line: this runs for every line of logs of millions of lines.
 */
export function scanLogLine(s: string, start: number, end: number, o: LineScan): boolean {
  const lb = s.indexOf(' [', start);
  if (lb < 0 || lb >= end) return false;
  const rb = s.indexOf('] "', lb);
  if (rb < 0 || rb + 3 > end) return false;
  // four fields before the time: the first is a virtual host
  let sp = 0;
  const first = s.indexOf(' ', start);
  for (let i = first; i >= 0 && i < lb; i = s.indexOf(' ', i + 1)) sp++;
  if (sp === 3) o.hostEnd = first;
  else if (sp === 2) o.hostEnd = -1;
  else return false;
  const m0 = rb + 3;
  const m1 = s.indexOf(' ', m0);
  const q = s.indexOf('"', m0);
  if (m1 < 0 || q < 0 || m1 > q || q >= end) return false;
  let t1 = s.indexOf(' ', m1 + 1);
  if (t1 < 0 || t1 > q) t1 = q;
  if (s.charCodeAt(q + 1) !== 32 || q + 5 > end) return false;
  const d0 = s.charCodeAt(q + 2) - 48;
  const d1 = s.charCodeAt(q + 3) - 48;
  const d2 = s.charCodeAt(q + 4) - 48;
  if (d0 < 1 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const next = s.charCodeAt(q + 5);
  if (q + 5 < end && next >= 48 && next <= 57) return false; // four digits: not a status
  o.status = d0 * 100 + d1 * 10 + d2;
  o.agent0 = o.agent1 = 0;
  if (s.charCodeAt(end - 1) === 34) {
    const a = s.lastIndexOf(' "', end - 2);
    if (a > q) {
      o.agent0 = a + 2;
      o.agent1 = end - 1;
    }
  }
  o.time0 = lb + 2;
  o.time1 = rb;
  o.method0 = m0;
  o.method1 = m1;
  o.target0 = m1 + 1;
  o.target1 = t1;
  return true;
}

function scannedHost(s: string, start: number, o: LineScan): string | undefined {
  if (o.hostEnd < 0) return undefined;
  let host = s.slice(start, o.hostEnd).toLowerCase();
  if (host.endsWith(':80') || host.endsWith(':443')) host = host.slice(0, host.lastIndexOf(':'));
  return host === '-' ? undefined : host;
}

/** One combined log line → the request, or undefined for a line that is not one (see scanLogLine). */
export function parseLogLine(line: string): LogRequest | undefined {
  const o = newLineScan();
  if (!scanLogLine(line, 0, line.length, o)) return undefined;
  return {
    host: scannedHost(line, 0, o),
    time: line.slice(o.time0, o.time1),
    method: line.slice(o.method0, o.method1),
    target: line.slice(o.target0, o.target1),
    status: o.status,
    agent: line.slice(o.agent0, o.agent1),
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type NoiseReason = 'bot' | 'asset' | 'health' | 'method';
/** the noise check on a scanned line: why the request is dropped, or undefined */
type NoiseAt = (s: string, o: LineScan) => NoiseReason | undefined;

/** at most this many distinct user agents remembered as bot or not (beyond, the pattern is asked each time) */
const AGENT_CACHE = 10_000;

/** the noise filter of a `redirects.hits` config, on a scanned line */
export function noiseFilterAt(cfg: HitsConfig): NoiseAt {
  const bots = cfg.botAgents.length ? new RegExp(cfg.botAgents.map(escape).join('|'), 'i') : undefined;
  const assets = new Set(cfg.assetExtensions.map((e) => e.toLowerCase()));
  const maxExt = Math.max(0, ...[...assets].map((e) => e.length));
  // an extension with a dot (tar.gz) cannot be read as "after the last dot": the pattern then
  const dotted = [...assets].some((e) => e.includes('.')) ? new RegExp(`\\.(?:${cfg.assetExtensions.map(escape).join('|')})$`, 'i') : undefined;
  const health = cfg.healthPaths;
  const methods = cfg.methods.map((m) => m.toUpperCase());
  // agents repeat (a few browsers and apps make most of the traffic): each is matched once,
  // remembered under a numeric fingerprint and compared in place (no string cut per line)
  const agentIsBot = new Map<number, Array<{ agent: string; bot: boolean }>>();
  let remembered = 0;
  return (s, o) => {
    const m0 = o.method0;
    const mLen = o.method1 - m0;
    let methodOk = false;
    for (const m of methods) if (m.length === mLen && s.startsWith(m, m0)) methodOk = true;
    if (!methodOk) return 'method';
    const t0 = o.target0;
    let pEnd = s.indexOf('?', t0);
    if (pEnd < 0 || pEnd > o.target1) pEnd = o.target1;
    const pLen = pEnd - t0;
    for (const h of health) if (h.length === pLen && s.startsWith(h, t0)) return 'health';
    if (dotted) {
      if (dotted.test(s.slice(t0, pEnd))) return 'asset';
    } else if (assets.size) {
      const dot = s.lastIndexOf('.', pEnd - 1);
      if (dot >= t0 && pEnd - dot - 1 <= maxExt && assets.has(s.slice(dot + 1, pEnd).toLowerCase())) return 'asset';
    }
    const a0 = o.agent0;
    const aLen = o.agent1 - a0;
    if (bots && aLen > 0) {
      const fp = aLen * 65_599 + s.charCodeAt(a0 + (aLen >> 1)) * 257 + s.charCodeAt(a0 + aLen - 1) * 31 + s.charCodeAt(a0 + (aLen >> 2)) + s.charCodeAt(a0 + ((3 * aLen) >> 2)) * 7;
      const seen = agentIsBot.get(fp);
      if (seen)
        for (const x of seen)
          if (x.agent.length === aLen && s.startsWith(x.agent, a0)) {
            if (x.bot) return 'bot';
            return undefined;
          }
      const agent = s.slice(a0, o.agent1);
      const bot = bots.test(agent);
      if (remembered < AGENT_CACHE) {
        remembered++;
        if (seen) seen.push({ agent: flat(agent), bot });
        else agentIsBot.set(fp, [{ agent: flat(agent), bot }]);
      }
      if (bot) return 'bot';
    }
    return undefined;
  };
}

/** the noise filter of a `redirects.hits` config: returns why a request is dropped, or undefined */
export function noiseFilter(cfg: HitsConfig): (r: LogRequest) => NoiseReason | undefined {
  const at = noiseFilterAt(cfg);
  const o = newLineScan();
  return (r) => {
    const s = `${r.method} ${r.target} ${r.agent}`;
    o.method0 = 0;
    o.method1 = r.method.length;
    o.target0 = o.method1 + 1;
    o.target1 = o.target0 + r.target.length;
    o.agent0 = o.target1 + 1;
    o.agent1 = s.length;
    return at(s, o);
  };
}

/** a copy of a piece of a chunk that does not keep the whole chunk alive (V8 slices point into their parent) */
function flat(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'latin1').toString('latin1');
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** combined-log time `10/Oct/2025:13:55:36 +0800` → ISO (UTC) */
export function logTimeIso(t: string): string | undefined {
  const m = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})\s*([+-]\d{2})(\d{2})$/.exec(t);
  if (!m) return undefined;
  const mon = MONTHS[m[2]!];
  if (mon === undefined) return undefined;
  const d = new Date(`${m[3]}-${String(mon + 1).padStart(2, '0')}-${m[1]}T${m[4]}:${m[5]}:${m[6]}${m[7]}:${m[8]}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The time of a scanned line as epoch ms (NaN when unreadable), from the digits in place: the day
 * (`10/Oct/2025`) is read through logTimeIso once per distinct day, the clock by arithmetic.
 */
function timeReader(): (s: string, t0: number, t1: number) => number {
  let day = '';
  let dayMs = NaN;
  const two = (s: string, i: number) => {
    const a = s.charCodeAt(i) - 48;
    const b = s.charCodeAt(i + 1) - 48;
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
  };
  return (s, t0, t1) => {
    // fixed layout only (`dd/Mon/yyyy:HH:MM:SS +hhmm`); anything else through the full parser
    if (t1 - t0 !== 26 || s.charCodeAt(t0 + 20) !== 32) {
      const iso = logTimeIso(s.slice(t0, t1));
      return iso ? Date.parse(iso) : NaN;
    }
    if (!s.startsWith(day, t0) || day === '') {
      day = s.slice(t0, t0 + 11);
      const iso = logTimeIso(`${day}:00:00:00 +0000`);
      dayMs = iso ? Date.parse(iso) : NaN;
    }
    const h = two(s, t0 + 12);
    const mi = two(s, t0 + 15);
    const se = two(s, t0 + 18);
    const sign = s.charCodeAt(t0 + 21);
    const zh = two(s, t0 + 22);
    const zm = two(s, t0 + 24);
    if (!(h <= 23 && mi <= 59 && se <= 59 && zm <= 59 && zh <= 99) || (sign !== 43 && sign !== 45)) {
      const iso = logTimeIso(s.slice(t0, t1));
      return iso ? Date.parse(iso) : NaN;
    }
    const zone = (sign === 45 ? -1 : 1) * (zh * 60 + zm) * 60_000;
    return dayMs + ((h * 60 + mi) * 60 + se) * 1000 - zone;
  };
}

/** a log's identity: its size and a hash of its first and last bytes (a renamed, rotated log is the same log) */
export async function logIdentity(path: string): Promise<{ identity: string; size: number }> {
  const { size } = await stat(path);
  const fh = await open(path, 'r');
  try {
    const h = createHash('sha256').update(String(size));
    const head = Buffer.alloc(Math.min(IDENTITY_BYTES, size));
    await fh.read(head, 0, head.length, 0);
    h.update(head);
    if (size > IDENTITY_BYTES) {
      const tail = Buffer.alloc(Math.min(IDENTITY_BYTES, size - IDENTITY_BYTES));
      await fh.read(tail, 0, tail.length, size - tail.length);
      h.update(tail);
    }
    return { identity: h.digest('hex'), size };
  } finally {
    await fh.close();
  }
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return bytesRead === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * Calls `fn` with each line of a plain or gzip log as a range [start, end) of a chunk of text
 * (without its \n or \r\n), streamed in 1 MiB chunks; gzip through a streaming gunzip. Lines are
 * found in each chunk by indexOf and never cut into strings of their own: this is the hot loop of
 * an import, and readline's per-line strings and events cost more than the parsing.
 */
export async function forEachLineIn(path: string, fn: (s: string, start: number, end: number) => void): Promise<void> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = (await isGzip(path)) ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  let rest = '';
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      // latin1: one byte, one character, no decoder state across chunks, V8's compact one-byte
      // strings. Safe here: nginx and Apache escape non-ASCII bytes of the request line (\xHH),
      // and the agent is only searched for ASCII words.
      const s = chunk.toString('latin1');
      let start = 0;
      let i = s.indexOf('\n');
      if (rest && i >= 0) {
        // the line cut by the chunk's edge, on its own (joining it to the whole chunk would copy the chunk)
        const line = rest + s.slice(0, i);
        fn(line, 0, line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length);
        rest = '';
        start = i + 1;
        i = s.indexOf('\n', start);
      }
      for (; i >= 0; i = s.indexOf('\n', start)) {
        fn(s, start, i > start && s.charCodeAt(i - 1) === 13 ? i - 1 : i);
        start = i + 1;
      }
      // what follows the last line end waits for the next chunk (a chunk without one joins the rest)
      rest = rest + s.slice(start);
    }
    if (rest) fn(rest, 0, rest.charCodeAt(rest.length - 1) === 13 ? rest.length - 1 : rest.length);
  } finally {
    raw.destroy();
  }
}

/** Calls `fn` with each line of a plain or gzip log (see forEachLineIn) */
export async function forEachLine(path: string, fn: (line: string) => void): Promise<void> {
  await forEachLineIn(path, (s, start, end) => fn(s.slice(start, end)));
}

export interface Tally {
  lines: number;
  requests: number;
  dropped: { unreadable: number; bot: number; asset: number; health: number; method: number; otherHost: number };
  /** host → target → hits, the latest time seen (epoch ms, NaN when unreadable) and whether it ever answered below 400 (nested: no key string built per line) */
  counts: Map<string, Map<string, { n: number; last: number; served: boolean }>>;
}

export function newTally(): Tally {
  return { lines: 0, requests: 0, dropped: { unreadable: 0, bot: 0, asset: 0, health: 0, method: 0, otherHost: 0 }, counts: new Map() };
}

export interface TallyConfig {
  filter: NoiseAt;
  defaultHost?: string;
  knownHost: (host: string) => boolean;
}

/**
 * Counts log lines by host and target (raw: canonicalised once per distinct address afterwards).
 * The returned function takes the line s[start, end); one scan object and one clock reader serve
 * every line.
 */
export function lineCounter(t: Tally, cfg: TallyConfig): (s: string, start: number, end: number) => void {
  const o = newLineScan();
  const time = timeReader();
  // the counts of the default host, found once
  let defaultCounts: Map<string, { n: number; last: number; served: boolean }> | undefined;
  return (s, start, end) => {
    t.lines++;
    if (!scanLogLine(s, start, end, o)) {
      for (let i = start; i < end; i++) {
        const c = s.charCodeAt(i);
        if (c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) {
          t.dropped.unreadable++;
          break;
        }
      }
      return;
    }
    const why = cfg.filter(s, o);
    if (why) {
      t.dropped[why]++;
      return;
    }
    let byTarget: Map<string, { n: number; last: number; served: boolean }> | undefined;
    if (o.hostEnd < 0 && defaultCounts) byTarget = defaultCounts;
    else {
      const host = scannedHost(s, start, o) ?? cfg.defaultHost;
      if (!host) {
        throw new YimenError('E_HITS_HOST', `log line ${t.lines} names no host and no default host is known`, {
          hint: 'give --host (the old app’s host), or --app for an app whose entry points all sit on one host',
          exitCode: 2,
        });
      }
      if (!cfg.knownHost(host)) {
        t.dropped.otherHost++;
        return;
      }
      byTarget = t.counts.get(host);
      if (!byTarget) t.counts.set(host, (byTarget = new Map()));
      if (o.hostEnd < 0) defaultCounts = byTarget;
    }
    t.requests++;
    const target = s.slice(o.target0, o.target1);
    const at = time(s, o.time0, o.time1);
    const c = byTarget.get(target);
    if (c) {
      c.n++;
      if (at > c.last || Number.isNaN(c.last)) c.last = at;
      if (o.status < 400) c.served = true;
    } else byTarget.set(flat(target), { n: 1, last: at, served: o.status < 400 });
  };
}

interface HostInfo {
  appId: string;
  scheme: string;
}

export interface HitsImportOptions {
  actor: string;
  app?: string;
  /** the host of lines that name none (default: the app's single host) */
  host?: string;
  /** hits an unplanned address needs before it becomes a discovered entry point */
  discoverMinHits?: number;
}

export interface HitsImportSummary {
  files: Array<{ path: string; identity: string; skipped: boolean; lines: number; requests: number; dropped: Tally['dropped'] }>;
  counted: number;
  addresses: number;
  matched: number;
  discovered: Array<{ appId: string; address: string; hits: number; entryPointId: string }>;
  /** unplanned addresses with too few hits, or only error answers, to become entry points */
  ignored: number;
}

export async function importHits(ws: Workspace, store: Store, paths: string[], opts: HitsImportOptions): Promise<HitsImportSummary> {
  const appIds = selectApps(ws, opts.app ? [opts.app] : undefined);
  const cfg = ws.config.redirects.hits;
  const minHits = opts.discoverMinHits ?? 3;
  // hosts and planned addresses per app, from its web and QR entry points
  const hosts = new Map<string, HostInfo>();
  const eps = new Map<string, EntryPoint>(); // appId \0 canonical address → entry point
  const significant = new Map<string, string[]>(); // per app: query parameters its planned addresses carry
  const appHosts = new Map<string, Set<string>>();
  for (const appId of appIds) {
    const list = store.entryPoints.list(appId).filter((e) => e.kind === 'web' || e.kind === 'qrcode');
    const params = new Set<string>();
    for (const e of list) {
      try {
        const u = new URL(e.address);
        for (const k of u.searchParams.keys()) params.add(k);
      } catch {
        // refused at extract
      }
    }
    significant.set(appId, [...params]);
    for (const e of list) {
      try {
        const u = new URL(e.address);
        if (!hosts.has(u.host)) hosts.set(u.host, { appId, scheme: u.protocol.slice(0, -1) });
        (appHosts.get(appId) ?? appHosts.set(appId, new Set()).get(appId)!).add(u.host);
        eps.set(`${appId}\u0000${canonicalWebUrl(e.address, params.size ? [...params] : [])}`, e);
      } catch {
        // refused at extract
      }
    }
  }
  let defaultHost = opts.host?.toLowerCase();
  if (defaultHost && !hosts.has(defaultHost)) {
    if (!opts.app) throw new YimenError('E_HITS_HOST', `--host ${defaultHost} is not the host of any app's entry points`, { hint: 'give --app too', exitCode: 2 });
    hosts.set(defaultHost, { appId: opts.app, scheme: 'https' });
  }
  if (!defaultHost && opts.app && appHosts.get(opts.app)?.size === 1) defaultHost = [...appHosts.get(opts.app)!][0];

  const filter = noiseFilterAt(cfg);
  const summary: HitsImportSummary = { files: [], counted: 0, addresses: 0, matched: 0, discovered: [], ignored: 0 };
  const tally = newTally();
  const count = lineCounter(tally, { filter, defaultHost, knownHost: (h: string) => hosts.has(h) });
  const fresh: Array<{ path: string; identity: string; size: number; lines: number; requests: number }> = [];
  for (const p of paths) {
    const path = resolve(p);
    let id: { identity: string; size: number };
    try {
      id = await logIdentity(path);
    } catch (e) {
      throw new YimenError('E_HITS_READ', `cannot read ${p}: ${(e as Error).message}`, { hint: 'check the path', exitCode: 2, cause: e });
    }
    const seen = store.hits.imported(id.identity) ?? fresh.find((f) => f.identity === id.identity);
    const before = { lines: tally.lines, requests: tally.requests, dropped: { ...tally.dropped } };
    if (seen) {
      summary.files.push({ path, identity: id.identity, skipped: true, lines: 0, requests: 0, dropped: { unreadable: 0, bot: 0, asset: 0, health: 0, method: 0, otherHost: 0 } });
      continue;
    }
    await forEachLineIn(path, count);
    const dropped = Object.fromEntries(Object.entries(tally.dropped).map(([k, v]) => [k, v - before.dropped[k as keyof Tally['dropped']]])) as Tally['dropped'];
    const f = { path, identity: id.identity, size: id.size, lines: tally.lines - before.lines, requests: tally.requests - before.requests };
    fresh.push(f);
    summary.files.push({ path, identity: id.identity, skipped: false, lines: f.lines, requests: f.requests, dropped });
  }

  // canonicalise once per distinct address, then sum per canonical address
  const rows = new Map<string, HitsRow & { served: boolean }>();
  for (const [host, byTarget] of tally.counts) {
    const info = hosts.get(host)!;
    for (const [target, c] of byTarget) {
      let address: string;
      try {
        address = canonicalWebUrl(`${info.scheme}://${host}${target}`, significant.get(info.appId));
      } catch {
        continue;
      }
      const key = `${info.appId}\u0000${address}`;
      const last = Number.isNaN(c.last) ? undefined : new Date(c.last).toISOString();
      const row = rows.get(key);
      if (row) {
        row.hits += c.n;
        row.served ||= c.served;
        if (last && (!row.lastSeen || last > row.lastSeen)) row.lastSeen = last;
      } else rows.set(key, { appId: info.appId, address, entryPointId: eps.get(key)?.id, hits: c.n, lastSeen: last, served: c.served });
    }
  }

  store.tx(() => {
    for (const [key, r] of rows) {
      summary.counted += r.hits;
      if (r.entryPointId) {
        summary.matched++;
        continue;
      }
      // traffic nobody planned: an entry point of its own once citizens really use it
      if (r.hits >= minHits && r.served) {
        const ep: EntryPoint = { id: entryPointId(r.appId, 'web', r.address), appId: r.appId, kind: 'web', address: r.address, locator: `${HITS_LOCATOR}${basename(fresh[0]?.path ?? '')}` };
        store.entryPoints.upsert(ep);
        r.entryPointId = ep.id;
        eps.set(key, ep);
        summary.discovered.push({ appId: r.appId, address: r.address, hits: r.hits, entryPointId: ep.id });
      } else summary.ignored++;
    }
    summary.addresses = rows.size;
    store.hits.add([...rows.values()].map(({ served: _s, ...r }) => r));
    for (const f of fresh) store.hits.recordImport({ identity: f.identity, path: f.path, size: f.size, lines: f.lines, counted: f.requests, actor: opts.actor });
    if (fresh.length) {
      store.events.append({
        actor: opts.actor,
        action: 'redirects.hits',
        entity: opts.app ? `app:${opts.app}` : 'workspace',
        summary: `${fresh.length} log(s), ${summary.counted} hits on ${rows.size} address(es); ${summary.discovered.length} discovered entry point(s)`,
        details: { files: fresh.map((f) => f.path) },
      });
    }
  });
  return summary;
}

/** `redirects list --sort hits`: the unresolved first, then each group by traffic, ties in plan order */
export function rankByHits<R extends { entryPointId: string; action: string }>(rules: R[], hits: Map<string, number>): Array<R & { hits: number }> {
  return rules
    .map((r, i) => ({ r: { ...r, hits: hits.get(r.entryPointId) ?? 0 }, i }))
    .sort((a, b) => Number(b.r.action === 'unresolved') - Number(a.r.action === 'unresolved') || b.r.hits - a.r.hits || a.i - b.i)
    .map((x) => x.r);
}
