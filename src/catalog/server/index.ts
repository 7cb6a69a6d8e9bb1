// The catalog API contract (api/catalog-api.openapi.yaml) implemented on SQLite, for rehearsing a
// migration before touching the real platform, and for tests and benchmarks (`yimen catalog serve`).
// Faults on demand: fixed latency, a share of 500/503 answers (half of them after the write was
// committed, the nastiest case for a client), and a rate limit answered with 429 + Retry-After.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import Database from 'better-sqlite3';
import type { CatalogItem } from '../../schema/index.js';

export interface CatalogServerOptions {
  port?: number;
  host?: string;
  /** SQLite file; default in memory */
  db?: string;
  latencyMs?: number;
  /** 0..1: share of requests answered 500/503 */
  errorRate?: number;
  /** requests per second over all clients; over it: 429 */
  rateLimit?: number;
  /** when set, requests need `Authorization: Bearer <token>` */
  token?: string;
  /** base catalog items to serve (GET /catalog/items) */
  items?: CatalogItem[];
  /** for repeatable fault injection */
  random?: () => number;
}

export interface CatalogServer {
  url: string;
  server: Server;
  stats: { requests: number; injected5xx: number; rateLimited: number; replayed: number };
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,255}$/;

function problem(status: number, title: string, detail?: string, extra: Json = {}): Answer {
  return { status, body: { type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra } };
}

function canonical(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sort)
      : x && typeof x === 'object'
        ? Object.fromEntries(
            Object.keys(x as object)
              .sort()
              .map((k) => [k, sort((x as Json)[k])]),
          )
        : x;
  return JSON.stringify(sort(v));
}

function openDb(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS services (
      external_id TEXT PRIMARY KEY,
      code TEXT NOT NULL,
      status TEXT NOT NULL,
      version INTEGER NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS base_items (code TEXT PRIMARY KEY, data TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      status INTEGER NOT NULL,
      body TEXT NOT NULL,
      at TEXT NOT NULL
    );
  `);
  return db;
}

export async function startCatalogServer(opts: CatalogServerOptions = {}): Promise<CatalogServer> {
  const db = openDb(opts.db ?? ':memory:');
  if (opts.items?.length) {
    const ins = db.prepare('INSERT OR REPLACE INTO base_items(code, data) VALUES (?, ?)');
    db.transaction(() => opts.items!.forEach((i) => ins.run(i.code, JSON.stringify(i))))();
  }
  const random = opts.random ?? Math.random;
  const stats = { requests: 0, injected5xx: 0, rateLimited: 0, replayed: 0 };

  const q = {
    get: db.prepare('SELECT * FROM services WHERE external_id = ?'),
    put: db.prepare(`INSERT INTO services(external_id, code, status, version, body, created_at, updated_at) VALUES (@id, @code, 'listed', 1, @body, @now, @now)
      ON CONFLICT(external_id) DO UPDATE SET code = excluded.code, status = 'listed', version = version + 1, body = excluded.body, updated_at = excluded.updated_at`),
    unlist: db.prepare(`UPDATE services SET status = 'unlisted', version = version + 1, updated_at = ? WHERE external_id = ? AND status = 'listed'`),
    page: db.prepare('SELECT * FROM services ORDER BY external_id LIMIT ? OFFSET ?'),
    pageStatus: db.prepare('SELECT * FROM services WHERE status = ? ORDER BY external_id LIMIT ? OFFSET ?'),
    count: db.prepare('SELECT count(*) FROM services').pluck(),
    countStatus: db.prepare('SELECT count(*) FROM services WHERE status = ?').pluck(),
    items: db.prepare('SELECT data FROM base_items ORDER BY code LIMIT ? OFFSET ?').pluck(),
    itemCount: db.prepare('SELECT count(*) FROM base_items').pluck(),
    idemGet: db.prepare('SELECT * FROM idempotency WHERE key = ?'),
    idemPut: db.prepare('INSERT INTO idempotency(key, fingerprint, status, body, at) VALUES (?, ?, ?, ?, ?)'),
  };

  const toItem = (r: Record<string, unknown>) => ({
    externalId: r.external_id,
    code: r.code,
    status: r.status,
    version: String(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    service: JSON.parse(r.body as string),
  });

  // token bucket shared by all clients: capacity one second's worth
  let tokens = opts.rateLimit ?? 0;
  let refilled = Date.now();
  function takeToken(): number {
    if (!opts.rateLimit) return 0;
    const now = Date.now();
    tokens = Math.min(opts.rateLimit, tokens + ((now - refilled) / 1000) * opts.rateLimit);
    refilled = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - tokens) / opts.rateLimit));
  }

  function pageParams(url: URL): { page: number; pageSize: number } | Answer {
    const page = Number(url.searchParams.get('page') ?? '1');
    const pageSize = Number(url.searchParams.get('pageSize') ?? '100');
    if (!Number.isInteger(page) || page < 1) return problem(400, 'Bad Request', 'page must be an integer ≥ 1');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return problem(400, 'Bad Request', 'pageSize must be an integer from 1 to 1000');
    return { page, pageSize };
  }

  function validateBody(body: unknown, externalId: string): Answer | undefined {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(400, 'Bad Request', 'the body must be a JSON object (ServiceBody)');
    const b = body as Json;
    if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 200) return problem(400, 'Bad Request', 'name is required (1–200 characters)');
    if (typeof b.appId !== 'string' || !b.appId) return problem(400, 'Bad Request', 'appId is required');
    if (b.externalId !== externalId) return problem(422, 'Unprocessable Content', `externalId in the body (${String(b.externalId)}) differs from the path (${externalId})`);
    return undefined;
  }

  /** the write itself, with the idempotency record in the same transaction */
  const write = db.transaction((key: string, fingerprint: string, fn: () => Answer): Answer & { replayed?: boolean } => {
    const prev = q.idemGet.get(key) as { fingerprint: string; status: number; body: string } | undefined;
    if (prev) {
      if (prev.fingerprint !== fingerprint) {
        return problem(422, 'Unprocessable Content', 'this Idempotency-Key was already used for a different request', { idempotencyKey: key });
      }
      return { status: prev.status, body: JSON.parse(prev.body), headers: { 'idempotent-replayed': 'true' }, replayed: true };
    }
    const a = fn();
    q.idemPut.run(key, fingerprint, a.status, JSON.stringify(a.body), new Date().toISOString());
    return a;
  });

  function route(method: string, url: URL, req: IncomingMessage, body: unknown): Answer {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/catalog/items') {
      if (method !== 'GET') return problem(405, 'Method Not Allowed');
      const p = pageParams(url);
      if ('status' in p) return p;
      const items = (q.items.all(p.pageSize, (p.page - 1) * p.pageSize) as string[]).map((d) => JSON.parse(d));
      return { status: 200, body: { items, page: p.page, pageSize: p.pageSize, total: q.itemCount.get() } };
    }
    if (path === '/services') {
      if (method !== 'GET') return problem(405, 'Method Not Allowed');
      const p = pageParams(url);
      if ('status' in p) return p;
      const st = url.searchParams.get('status');
      if (st && st !== 'listed' && st !== 'unlisted') return problem(400, 'Bad Request', 'status is listed or unlisted');
      const rows = (st ? q.pageStatus.all(st, p.pageSize, (p.page - 1) * p.pageSize) : q.page.all(p.pageSize, (p.page - 1) * p.pageSize)) as Json[];
      return { status: 200, body: { items: rows.map(toItem), page: p.page, pageSize: p.pageSize, total: st ? q.countStatus.get(st) : q.count.get() } };
    }
    const m = /^\/services\/([^/]+)(\/unlist)?$/.exec(path);
    if (!m) return problem(404, 'Not Found', `no such resource: ${path}`);
    const externalId = decodeURIComponent(m[1]!);
    if (!EXTERNAL_ID.test(externalId)) return problem(400, 'Bad Request', 'externalId: letters, digits, . _ - (at most 128)');
    const unlist = Boolean(m[2]);
    if (!unlist && method === 'GET') {
      const r = q.get.get(externalId) as Json | undefined;
      return r ? { status: 200, body: toItem(r) } : problem(404, 'Not Found', `no service with external id ${externalId}`);
    }
    if ((unlist && method !== 'POST') || (!unlist && method !== 'PUT')) return problem(405, 'Method Not Allowed');
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
      return problem(400, 'Bad Request', 'an Idempotency-Key header is required on writes (8–255 characters: letters, digits, . _ : -)');
    }
    const fingerprint = createHash('sha256').update(`${method} ${path}\n${unlist ? '' : canonical(body)}`).digest('hex');
    if (!unlist) {
      const bad = validateBody(body, externalId);
      if (bad) return bad;
    }
    return write(key, fingerprint, () => {
      const now = new Date().toISOString();
      if (unlist) {
        const r = q.get.get(externalId) as Json | undefined;
        if (!r) return problem(404, 'Not Found', `no service with external id ${externalId}`);
        q.unlist.run(now, externalId);
        return { status: 200, body: toItem(q.get.get(externalId) as Json) };
      }
      const b = body as Json;
      const existed = q.get.get(externalId) !== undefined;
      q.put.run({ id: externalId, code: (typeof b.catalogCode === 'string' && b.catalogCode) || externalId, body: JSON.stringify(b), now });
      return { status: existed ? 200 : 201, body: toItem(q.get.get(externalId) as Json) };
    });
  }

  function send(res: ServerResponse, a: Answer) {
    const text = JSON.stringify(a.body);
    res.writeHead(a.status, {
      'content-type': a.status >= 400 ? 'application/problem+json' : 'application/json',
      'content-length': Buffer.byteLength(text),
      ...a.headers,
    });
    res.end(text);
  }

  const authOk = (req: IncomingMessage) => {
    if (!opts.token) return true;
    const h = req.headers.authorization ?? '';
    const want = Buffer.from(`Bearer ${opts.token}`);
    const got = Buffer.from(h);
    return got.length === want.length && timingSafeEqual(got, want);
  };

  async function readBody(req: IncomingMessage): Promise<{ body?: unknown; error?: Answer }> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 1_000_000) return { error: problem(413, 'Content Too Large', 'the body is over 1 MB') };
      chunks.push(c as Buffer);
    }
    if (!size) return {};
    try {
      return { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    } catch {
      return { error: problem(400, 'Bad Request', 'the body is not valid JSON') };
    }
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      if (url.pathname === '/health') return send(res, { status: 200, body: { status: 'ok' } });
      stats.requests++;
      const { body, error } = await readBody(req);
      const wait = takeToken();
      if (wait) {
        stats.rateLimited++;
        return send(res, { ...problem(429, 'Too Many Requests', `over the rate limit of ${opts.rateLimit} requests per second`), headers: { 'retry-after': String(wait) } });
      }
      if (!authOk(req)) return send(res, problem(401, 'Unauthorized', 'a valid bearer token is required'));
      if (opts.latencyMs) await sleep(opts.latencyMs);
      if (error) return send(res, error);
      const roll = opts.errorRate ? random() : 1;
      if (roll < (opts.errorRate ?? 0) / 2) {
        // fails before anything happens
        stats.injected5xx++;
        return send(res, roll < (opts.errorRate ?? 0) / 4 ? { ...problem(503, 'Service Unavailable', 'injected fault'), headers: { 'retry-after': '0' } } : problem(500, 'Internal Server Error', 'injected fault'));
      }
      const answer = route(method, url, req, body);
      if ((answer as { replayed?: boolean }).replayed) stats.replayed++;
      delete (answer as { replayed?: boolean }).replayed;
      if (roll < (opts.errorRate ?? 0)) {
        // the write went through, the answer is lost: the client must not create it twice
        stats.injected5xx++;
        return send(res, problem(500, 'Internal Server Error', 'injected fault after the request was applied'));
      }
      send(res, answer);
    } catch (e) {
      send(res, problem(500, 'Internal Server Error', (e as Error).message));
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${addr.address}:${addr.port}`,
    server,
    stats,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
