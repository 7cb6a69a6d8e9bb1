// The seam between the http target and the one HTTP client (src/http): retries with backoff and
// jitter, Retry-After, the shared rate budget and redaction all happen there, never here.
import { createHttpClient, type HttpClient, type HttpLogger } from '../../http/index.js';

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  json?: unknown;
  /** statuses answered as responses rather than thrown (404 on a lookup) */
  accept?: number[];
}
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}
export interface Transport {
  send(req: TransportRequest): Promise<TransportResponse>;
  close?(): Promise<void>;
  stats?(): Record<string, number>;
}

export interface TransportOptions {
  rateLimit?: number;
  token?: string;
  tokenEnv?: string;
  retries?: number;
  timeoutMs?: number;
  logger?: HttpLogger;
}

export function makeTransport(opts: TransportOptions): Transport {
  const client: HttpClient = createHttpClient({
    name: 'publish http',
    // in-flight operations are bounded by publish --concurrency; the client must not queue them again
    concurrency: 256,
    rateLimit: opts.rateLimit,
    headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : undefined,
    secretValues: [opts.token],
    authHint: opts.tokenEnv ? `check the token in $${opts.tokenEnv}` : 'the target wants a token: set target.tokenEnv in yimen.yaml',
    retry: opts.retries === undefined ? undefined : { retries: opts.retries },
    timeoutMs: opts.timeoutMs,
    logger: opts.logger,
  });
  return {
    async send(req) {
      const res = await client.request({ method: req.method, url: req.url, headers: req.headers, data: req.json, acceptStatuses: req.accept });
      return { status: res.status, headers: res.headers, json: res.data };
    },
    stats: () => client.stats(),
  };
}
