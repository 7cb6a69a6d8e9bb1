// Verification of the redirect plan against a server (DESIGN §11): every web and QR entry point is
// probed without following redirects; status and Location are compared with the plan (redirect →
// 301 + exact Location, notice/unresolved → 410, pending → 200); up to 5 hops are followed from the
// destination to catch chains and loops; the destination must answer 200. Results are stored per
// entry point; the latest per entry point is what status and the exporters read.
import { randomUUID } from 'node:crypto';
import { createHttpClient, HttpError, type HttpClient } from '../http/index.js';
import type { RedirectRule } from '../schema/index.js';
import type { Store, VerificationInput, VerificationRow, VerifyHop, VerifyOutcome } from '../store/store.js';
import { VERIFY_OUTCOMES } from '../store/store.js';
import { selectApps, type Workspace } from '../workspace/loader.js';
import { YimenError } from '../errors.js';
import type { AppConfig } from '../workspace/config.js';
import { phasePlan } from './phases.js';
import { shanghaiDay } from '../time/index.js';

export const MAX_HOPS = 5;
const VERIFIABLE_KINDS = new Set<RedirectRule['kind']>(['web', 'qrcode']);

export interface VerifyOptions {
  actor: string;
  apps?: string[];
  /** a preview host: each old address's path and query are sent here, with the old Host header */
  base?: string;
  /** a preview host for destinations (their path and query, with their own Host header); without it and with --base, destinations are not probed */
  destinationBase?: string;
  concurrency?: number;
  /** requests per second shared by all probes */
  rateLimit?: number;
  timeoutMs?: number;
  retries?: number;
  /** for tests and benches: a client made elsewhere */
  client?: HttpClient;
  onProgress?: (done: number, total: number) => void;
  /** verify as on this Asia/Shanghai day (default today): each app's phase sets what its addresses should answer */
  day?: string;
}

export interface VerifySummary {
  runId: string;
  base?: string;
  destinationBase?: string;
  destinationsProbed: boolean;
  checked: number;
  /** hash-routed addresses (…/#/route): not verifiable over HTTP, served by the routes export */
  clientRouted: number;
  /** the Asia/Shanghai day whose phases set what each address should answer */
  day: string;
  byOutcome: Record<VerifyOutcome, number>;
  apps: Array<{ appId: string; checked: number; ok: number; failed: number }>;
  /** the results that are not ok (all of them are stored) */
  failures: VerificationInput[];
  seconds: number;
}

/** what the plan promises an old address answers */
export function expectation(rule: RedirectRule): { status: number; location?: string } {
  if (rule.action === 'redirect') return { status: 301, location: rule.destination };
  if (rule.action === 'pending') return { status: 200 };
  return { status: 410 };
}

interface Answer {
  status?: number;
  location?: string;
  error?: string;
}

/** Where a probe of `url` goes: the live URL, or the same path and query at a preview host with the URL's own Host header. */
export interface Router {
  route(url: string, role: 'source' | 'other'): { url: string; host?: string } | undefined;
}

export function makeRouter(sourceHosts: Set<string>, base?: string, destinationBase?: string): Router {
  const b = base ? new URL(base) : undefined;
  const d = destinationBase ? new URL(destinationBase) : undefined;
  const to = (target: URL, u: URL) => ({ url: `${target.origin}${u.pathname}${u.search}`, host: u.host });
  return {
    route(url, role) {
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        return undefined;
      }
      if (role === 'source' || sourceHosts.has(u.host)) return b ? to(b, u) : { url };
      if (d) return to(d, u);
      return b ? undefined : { url }; // previewing the old host only: a live destination is not probed
    },
  };
}

const ACCEPT = Array.from({ length: 400 }, (_, i) => 100 + i); // 1xx–4xx are answers; 5xx go through the client's retries

async function ask(client: HttpClient, target: { url: string; host?: string }, timeoutMs?: number): Promise<Answer> {
  try {
    const res = await client.get<string>(target.url, {
      responseType: 'text',
      followRedirects: false,
      acceptStatuses: ACCEPT,
      headers: target.host ? { Host: target.host } : undefined,
      timeoutMs,
    });
    return { status: res.status, location: res.headers.location };
  } catch (e) {
    if (e instanceof HttpError && e.status) return { status: e.status };
    return { error: (e as Error).message };
  }
}

/** Probes one rule. Destination chains are shared between rules through `dests` (many rules share a destination). */
export async function verifyRule(
  rule: RedirectRule,
  client: HttpClient,
  router: Router,
  dests: Map<string, Promise<{ outcome: VerifyOutcome; message: string; hops: VerifyHop[] } | undefined>>,
  timeoutMs?: number,
): Promise<Omit<VerificationInput, 'runId'>> {
  const exp = expectation(rule);
  const base = { entryPointId: rule.entryPointId, appId: rule.appId, url: rule.source, expectedStatus: exp.status, expectedLocation: exp.location };
  const first = router.route(rule.source, 'source')!;
  const a = await ask(client, first, timeoutMs);
  const hop0: VerifyHop = { url: rule.source, status: a.status, location: a.location };
  if (a.error) return { ...base, outcome: 'error', message: a.error, hops: [hop0] };
  const got = { status: a.status, location: a.location };
  if (a.status !== exp.status) {
    const where = a.location ? ` → ${a.location}` : '';
    return { ...base, ...got, outcome: 'wrong-status', message: `answered ${a.status}${where}; the plan says ${exp.status}${exp.location ? ` → ${exp.location}` : ''}`, hops: [hop0] };
  }
  if (rule.action !== 'redirect') return { ...base, ...got, outcome: 'ok', message: `${a.status} as planned`, hops: [hop0] };
  if (a.location !== exp.location) {
    return { ...base, ...got, outcome: 'wrong-location', message: `Location ${a.location ?? '(none)'}; the plan says ${exp.location}`, hops: [hop0] };
  }
  let p = dests.get(exp.location!);
  if (!p) {
    p = followDestination(exp.location!, client, router, timeoutMs);
    dests.set(exp.location!, p);
  }
  const d = await p;
  if (!d) return { ...base, ...got, outcome: 'ok', message: '301 to the planned Location (destination not probed: no --destination-base)', hops: [hop0] };
  return { ...base, ...got, outcome: d.outcome, message: d.message, hops: [hop0, ...d.hops] };
}

/** follows a destination up to MAX_HOPS; undefined when it cannot be probed here */
async function followDestination(
  destination: string,
  client: HttpClient,
  router: Router,
  timeoutMs?: number,
): Promise<{ outcome: VerifyOutcome; message: string; hops: VerifyHop[] } | undefined> {
  const hops: VerifyHop[] = [];
  const seen = new Set<string>();
  let url = destination;
  for (let i = 0; i < MAX_HOPS; i++) {
    if (seen.has(url)) return { outcome: 'loop', message: `redirect loop: ${[...hops.map((h) => h.url), url].join(' → ')}`, hops };
    seen.add(url);
    const target = router.route(url, 'other');
    if (!target) {
      if (i === 0) return undefined;
      return { outcome: 'chain', message: `the destination redirects on (${[...hops.map((h) => h.url), url].join(' → ')}); the rest is not probed here`, hops };
    }
    const a = await ask(client, target, timeoutMs);
    hops.push({ url, status: a.status, location: a.location });
    if (a.error) return { outcome: 'error', message: `destination ${url}: ${a.error}`, hops };
    if (a.status! >= 300 && a.status! < 400 && a.location) {
      url = new URL(a.location, url).toString();
      continue;
    }
    const path = hops.map((h) => h.url).join(' → ');
    if (a.status === 200) return i === 0 ? { outcome: 'ok', message: '301 to the planned Location, which answers 200', hops } : { outcome: 'chain', message: `a chain of ${i + 1} hops: ${path} (flatten it to the last)`, hops };
    return { outcome: 'destination-not-200', message: `the destination answers ${a.status}${i ? ` after ${path}` : ''}: ${url}`, hops };
  }
  return { outcome: 'chain', message: `more than ${MAX_HOPS} hops: ${hops.map((h) => h.url).join(' → ')}`, hops };
}

/** an address whose route sits after '#' (a hash-routed page): browsers never send it to a server,
 * so HTTP cannot verify it; the old page's final release routes it (the `routes` export) */
export function clientRouted(source: string): boolean {
  const i = source.indexOf('#');
  return i >= 0 && i < source.length - 1;
}

/**
 * The rules verify probes: web and QR entry points of the selected apps, each as its app's phase
 * on `day` serves it (before the redirect date the old page stays: 200 is expected). Hash-routed
 * addresses are counted apart, not probed.
 */
export function verifiableRules(store: Store, appIds: string[], phase?: { apps: ReadonlyArray<Pick<AppConfig, 'id' | 'name' | 'timeline'>>; unifiedApp: { name: string }; day: string }): { rules: RedirectRule[]; clientRouted: number } {
  const rules: RedirectRule[] = [];
  let routed = 0;
  for (const appId of appIds) {
    let list = store.redirects.list(appId);
    const app = phase?.apps.find((a) => a.id === appId);
    if (app && phase) list = phasePlan(app, phase.unifiedApp, list, phase.day).rules.map(({ emit, ...r }) => (emit === 'pending-phase' ? { ...r, action: 'pending' as const } : r));
    for (const r of list) {
      if (!VERIFIABLE_KINDS.has(r.kind)) continue;
      if (clientRouted(r.source)) routed++;
      else rules.push(r);
    }
  }
  return { rules, clientRouted: routed };
}

export async function verifyRedirects(ws: Workspace, store: Store, opts: VerifyOptions): Promise<VerifySummary> {
  const appIds = selectApps(ws, opts.apps);
  for (const [name, v] of [['--base', opts.base], ['--destination-base', opts.destinationBase]] as const) {
    if (v && !/^https?:\/\/[^/]+\/?$/.test(v)) throw new YimenError('E_VERIFY_BASE', `${name} ${v} is not an origin`, { hint: 'give scheme, host and port only, like http://127.0.0.1:8080', exitCode: 2 });
  }
  const { rules, clientRouted: routed } = verifiableRules(store, appIds, { apps: ws.config.apps, unifiedApp: ws.config.unifiedApp, day: opts.day ?? shanghaiDay() });
  const concurrency = opts.concurrency ?? 8;
  const client =
    opts.client ??
    createHttpClient({ name: 'redirects verify', concurrency, rateLimit: opts.rateLimit, timeoutMs: opts.timeoutMs ?? 10_000, retry: { retries: opts.retries ?? 2 } });
  const sourceHosts = new Set<string>();
  for (const r of rules) {
    try {
      sourceHosts.add(new URL(r.source).host);
    } catch {
      // a malformed old address is reported by its probe
    }
  }
  const router = makeRouter(sourceHosts, opts.base, opts.destinationBase);
  const dests = new Map<string, Promise<{ outcome: VerifyOutcome; message: string; hops: VerifyHop[] } | undefined>>();
  const runId = randomUUID();
  const results: VerificationInput[] = new Array(rules.length);
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  // as many workers as requests allowed in flight: the client's p-limit and rate budget bound them
  await Promise.all(
    Array.from({ length: Math.min(concurrency, rules.length) }, async () => {
      for (let i = next++; i < rules.length; i = next++) {
        const rule = rules[i]!;
        let r: Omit<VerificationInput, 'runId'>;
        if (!safeUrl(rule.source)) {
          const exp = expectation(rule);
          r = { entryPointId: rule.entryPointId, appId: rule.appId, url: rule.source, expectedStatus: exp.status, expectedLocation: exp.location, outcome: 'error', message: 'not a URL' };
        } else r = await verifyRule(rule, client, router, dests, opts.timeoutMs);
        results[i] = { runId, ...r };
        opts.onProgress?.(++done, rules.length);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const byOutcome = Object.fromEntries(VERIFY_OUTCOMES.map((o) => [o, 0])) as Record<VerifyOutcome, number>;
  const perApp = new Map<string, { appId: string; checked: number; ok: number; failed: number }>();
  for (const r of results) {
    byOutcome[r.outcome]++;
    const a = perApp.get(r.appId) ?? { appId: r.appId, checked: 0, ok: 0, failed: 0 };
    a.checked++;
    if (r.outcome === 'ok') a.ok++;
    else a.failed++;
    perApp.set(r.appId, a);
  }
  store.tx(() => {
    store.verifications.record(results);
    store.events.append({
      actor: opts.actor,
      action: 'redirects.verify',
      entity: 'workspace',
      summary: `${results.length} entry point(s) probed${opts.base ? ` at ${opts.base}` : ''}: ${byOutcome.ok} ok, ${results.length - byOutcome.ok} failed`,
      details: { runId, base: opts.base, destinationBase: opts.destinationBase, byOutcome },
    });
  });
  return {
    runId,
    base: opts.base,
    destinationBase: opts.destinationBase,
    destinationsProbed: !opts.base || Boolean(opts.destinationBase),
    checked: results.length,
    clientRouted: routed,
    day: opts.day ?? shanghaiDay(),
    byOutcome,
    apps: [...perApp.values()],
    failures: results.filter((r) => r.outcome !== 'ok'),
    seconds,
  };
}

function safeUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** For the exporters and reports: the latest verification per entry point, by entry point id. */
export function latestVerifications(store: Store, appId?: string): Map<string, VerificationRow> {
  return new Map(store.verifications.latest(appId).map((v) => [v.entryPointId, v]));
}
