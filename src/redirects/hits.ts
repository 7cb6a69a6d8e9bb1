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

/**
 * One combined log line → the request, or undefined for a line that is not one:
 * `ip ident user [time] "METHOD target PROTO" status bytes "referer" "agent"`, optionally led by a
 * virtual host (Apache vhost_combined `host:port`, or nginx `$host` before the address). Cut by
 * indexOf rather than a regex: this runs for every line of logs of millions of lines.
 */
export function parseLogLine(line: string): LogRequest | undefined {
  const lb = line.indexOf(' [');
  if (lb < 0) return undefined;
  const rb = line.indexOf('] "', lb);
  if (rb < 0) return undefined;
  // four fields before the time: the first is a virtual host
  let host: string | undefined;
  let sp = 0;
  for (let i = line.indexOf(' '); i >= 0 && i < lb; i = line.indexOf(' ', i + 1)) sp++;
  if (sp === 3) {
    host = line.slice(0, line.indexOf(' ')).toLowerCase();
    if (host.endsWith(':80') || host.endsWith(':443')) host = host.slice(0, host.lastIndexOf(':'));
    if (host === '-') host = undefined;
  } else if (sp !== 2) return undefined;
  const m0 = rb + 3;
  const m1 = line.indexOf(' ', m0);
  const q = line.indexOf('"', m0);
  if (m1 < 0 || q < 0 || m1 > q) return undefined;
  let t1 = line.indexOf(' ', m1 + 1);
  if (t1 < 0 || t1 > q) t1 = q;
  const status = Number(line.slice(q + 2, q + 5));
  if (!(status >= 100 && status <= 599) || line.charCodeAt(q + 1) !== 32) return undefined;
  let agent = '';
  if (line.charCodeAt(line.length - 1) === 34) {
    const a = line.lastIndexOf(' "', line.length - 2);
    if (a > q) agent = line.slice(a + 2, line.length - 1);
  }
  return { host, time: line.slice(lb + 2, rb), method: line.slice(m0, m1), target: line.slice(m1 + 1, t1), status, agent };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** the noise filter of a `redirects.hits` config: returns why a request is dropped, or undefined */
export function noiseFilter(cfg: HitsConfig): (r: LogRequest) => 'bot' | 'asset' | 'health' | 'method' | undefined {
  const bots = cfg.botAgents.length ? new RegExp(cfg.botAgents.map(escape).join('|'), 'i') : undefined;
  const assets = cfg.assetExtensions.length ? new RegExp(`\\.(?:${cfg.assetExtensions.map(escape).join('|')})$`, 'i') : undefined;
  const health = new Set(cfg.healthPaths);
  const methods = new Set(cfg.methods.map((m) => m.toUpperCase()));
  return (r) => {
    if (!methods.has(r.method)) return 'method';
    const q = r.target.indexOf('?');
    const path = q < 0 ? r.target : r.target.slice(0, q);
    if (health.has(path)) return 'health';
    if (assets?.test(path)) return 'asset';
    if (bots?.test(r.agent)) return 'bot';
    return undefined;
  };
}

/** combined-log time `10/Oct/2025:13:55:36 +0800` → ISO (UTC) */
export function logTimeIso(t: string): string | undefined {
  const m = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})\s*([+-]\d{2})(\d{2})$/.exec(t);
  if (!m) return undefined;
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[2]!);
  if (mon < 0) return undefined;
  const d = new Date(`${m[3]}-${String(mon + 1).padStart(2, '0')}-${m[1]}T${m[4]}:${m[5]}:${m[6]}${m[7]}:${m[8]}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
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
 * Calls `fn` with each line of a plain or gzip log, streamed in 1 MiB chunks. Lines are cut from
 * each chunk in place (indexOf), not through readline, whose per-line events cost more than the
 * parsing: this is the hot loop of an import.
 */
export async function forEachLine(path: string, fn: (line: string) => void): Promise<void> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = (await isGzip(path)) ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  let rest = '';
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      // latin1: one byte, one character, no decoder state across chunks, V8's compact one-byte
      // strings. Safe here: nginx and Apache escape non-ASCII bytes of the request line (\xHH),
      // and the agent is only searched for ASCII words.
      const s = rest + chunk.toString('latin1');
      let start = 0;
      for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', start)) {
        fn(s.charCodeAt(i - 1) === 13 && i > start ? s.slice(start, i - 1) : s.slice(start, i));
        start = i + 1;
      }
      rest = s.slice(start);
    }
    if (rest) fn(rest);
  } finally {
    raw.destroy();
  }
}

export interface Tally {
  lines: number;
  requests: number;
  dropped: { unreadable: number; bot: number; asset: number; health: number; method: number; otherHost: number };
  /** host → target → hits, the last time seen (raw) and whether it ever answered below 400 (nested: no key string built per line) */
  counts: Map<string, Map<string, { n: number; last: string; served: boolean }>>;
}

export function newTally(): Tally {
  return { lines: 0, requests: 0, dropped: { unreadable: 0, bot: 0, asset: 0, health: 0, method: 0, otherHost: 0 }, counts: new Map() };
}

/** counts one log line's request by host and target (raw: canonicalised once per distinct address afterwards) */
export function tallyLine(
  line: string,
  t: Tally,
  cfg: { filter: ReturnType<typeof noiseFilter>; defaultHost?: string; knownHost: (host: string) => boolean },
): void {
  t.lines++;
  const r = parseLogLine(line);
  if (!r) {
    if (line.trim()) t.dropped.unreadable++;
    return;
  }
  const why = cfg.filter(r);
  if (why) {
    t.dropped[why]++;
    return;
  }
  const host = r.host ?? cfg.defaultHost;
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
  t.requests++;
  let byTarget = t.counts.get(host);
  if (!byTarget) t.counts.set(host, (byTarget = new Map()));
  const c = byTarget.get(r.target);
  if (c) {
    c.n++;
    c.last = r.time;
    if (r.status < 400) c.served = true;
  } else byTarget.set(r.target, { n: 1, last: r.time, served: r.status < 400 });
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

  const filter = noiseFilter(cfg);
  const summary: HitsImportSummary = { files: [], counted: 0, addresses: 0, matched: 0, discovered: [], ignored: 0 };
  const tally = newTally();
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
    const lineCfg = { filter, defaultHost, knownHost: (h: string) => hosts.has(h) };
    await forEachLine(path, (line) => tallyLine(line, tally, lineCfg));
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
      const last = logTimeIso(c.last);
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
