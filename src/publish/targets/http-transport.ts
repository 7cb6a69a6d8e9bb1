// The seam between the http target and the one HTTP client (src/http). Until src/http exists this
// sends each request once with fetch: no retries here (they belong to src/http).
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  json?: unknown;
}
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}
export interface Transport {
  send(req: TransportRequest): Promise<TransportResponse>;
  close?(): Promise<void>;
}

export function makeTransport(opts: { rateLimit?: number; token?: string }): Transport {
  return {
    async send(req) {
      const headers = { ...req.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (req.json !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(req.url, { method: req.method, headers, body: req.json === undefined ? undefined : JSON.stringify(req.json) });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = { detail: text.slice(0, 500) };
      }
      const h: Record<string, string> = {};
      res.headers.forEach((v, k) => (h[k] = v));
      return { status: res.status, headers: h, json };
    },
  };
}
