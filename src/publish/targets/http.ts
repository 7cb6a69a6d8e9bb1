// The `http` target: the catalog API contract (api/catalog-api.openapi.yaml) over HTTP. Retries,
// backoff, Retry-After and the rate budget belong to src/http; this file only speaks the contract.
import { type OpResult, type PublishTarget, type RemoteItem } from './types.js';
import { ConfigError } from '../../errors.js';
import { makeTransport, type Transport } from './http-transport.js';
import type { HttpLogger } from '../../http/index.js';

export interface HttpTargetConfig {
  type: 'http';
  baseUrl: string;
  tokenEnv?: string;
  concurrency?: number;
  rateLimit?: number;
  retries?: number;
}

export function httpTarget(cfg: HttpTargetConfig, opts: { transport?: Transport; env?: NodeJS.ProcessEnv; logger?: HttpLogger } = {}): PublishTarget {
  const env = opts.env ?? process.env;
  const base = cfg.baseUrl.replace(/\/+$/, '');
  // made on first use: `yimen plan` without --refresh needs no token and no network
  let transport = opts.transport;
  const ready = () => {
    if (!transport) {
      let token: string | undefined;
      if (cfg.tokenEnv) {
        token = env[cfg.tokenEnv];
        if (!token) throw new ConfigError('yimen.yaml', 'target.tokenEnv', `the environment variable ${cfg.tokenEnv} is not set`, `export ${cfg.tokenEnv}=… (the token never goes in yimen.yaml)`);
      }
      transport = makeTransport({ rateLimit: cfg.rateLimit, token, tokenEnv: cfg.tokenEnv, retries: cfg.retries, logger: opts.logger });
    }
    return transport;
  };
  const t = {
    send: (req: Parameters<Transport['send']>[0]) => ready().send(req),
    close: async () => transport?.close?.(),
  };
  const svc = (id: string) => `${base}/services/${encodeURIComponent(id)}`;

  async function call(method: string, url: string, init: { body?: unknown; idempotencyKey?: string; allow404?: boolean } = {}) {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
    // non-2xx answers arrive as errors from src/http (HttpError: status, problem, attempts)
    const res = await t.send({ method, url, headers, json: init.body, accept: init.allow404 ? [404] : undefined });
    if (res.status === 404 && init.allow404) return undefined;
    return res;
  }

  return {
    name: 'http',
    description: base,
    async prepare() {
      ready();
    },
    async get(externalId) {
      const r = await call('GET', svc(externalId), { allow404: true });
      return r ? (r.json as RemoteItem) : undefined;
    },
    async put(externalId, body, idempotencyKey): Promise<OpResult> {
      const r = (await call('PUT', svc(externalId), { body, idempotencyKey }))!;
      return { created: r.status === 201, item: r.json as RemoteItem, replayed: r.headers['idempotent-replayed'] === 'true' };
    },
    async unlist(externalId, idempotencyKey): Promise<OpResult> {
      const r = await call('POST', `${svc(externalId)}/unlist`, { idempotencyKey, allow404: true });
      // unlisting what the target does not hold leaves it not listed: the goal is reached
      return r ? { item: r.json as RemoteItem, replayed: r.headers['idempotent-replayed'] === 'true' } : {};
    },
    async *list() {
      // stops on an empty page, never on a short one (DESIGN §8); a cap guards against loops
      for (let page = 1; page <= 100_000; page++) {
        const r = (await call('GET', `${base}/services?page=${page}&pageSize=500`))!;
        const items = ((r.json as { items?: RemoteItem[] }).items ?? []) as RemoteItem[];
        if (!items.length) return;
        yield* items;
      }
    },
    async close() {
      await t.close?.();
    },
  };
}
