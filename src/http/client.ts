// The one HTTP client (axios) every adapter and publisher uses (DESIGN §8, §10): timeouts; retries
// with exponential backoff and jitter on network errors, 408, 429 and 5xx; Retry-After (seconds or
// an HTTP date) honoured up to a maximum wait; one rate budget shared by concurrent requests;
// bounded concurrency (p-limit); secrets redacted in every log line and error. Adapters never
// retry on their own.
import axios, { type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import pLimit from 'p-limit';
import { YimenError, ExitCode } from '../errors.js';
import { Redactor } from './redact.js';
import { TokenBucket } from './rate.js';

export interface RetryPolicy {
  /** retries after the first attempt (0 = no retry) */
  retries: number;
  /** the first backoff; doubled each retry */
  baseDelayMs: number;
  /** the longest backoff */
  maxDelayMs: number;
  /** the longest wait a Retry-After may ask for; a longer one is capped to this */
  maxRetryAfterMs: number;
  /** statuses retried (5xx are always retried unless listed in `noRetryStatuses`) */
  retryStatuses: number[];
  noRetryStatuses: number[];
  /** methods retried; POST/PATCH only when the request carries an Idempotency-Key header or `idempotent: true` */
  methods: string[];
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 300,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  retryStatuses: [408, 429],
  noRetryStatuses: [501, 505],
  methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
};

export interface HttpLogger {
  info(msg: string): void;
  warn(msg: string): void;
  debug?(msg: string): void;
}

export interface HttpClientOptions {
  /** for log lines: whose requests these are (e.g. `rest-json wujiang`, `publish http`) */
  name?: string;
  baseURL?: string;
  /** per attempt (default 30 s) */
  timeoutMs?: number;
  headers?: Record<string, string>;
  retry?: Partial<RetryPolicy>;
  /** requests in flight at once (default 4) */
  concurrency?: number;
  /** requests per second shared by all requests of this client; `burst` tokens may be spent at once */
  rateLimit?: number | { perSecond: number; burst?: number };
  /** extra field names to redact (headers, query parameters, JSON body fields) */
  secretFields?: string[];
  /** secret values (tokens, passwords) scrubbed wherever they appear */
  secretValues?: Array<string | undefined>;
  logger?: HttpLogger;
  /** how to fix a 401/403, e.g. "check the token in $WUJIANG_TOKEN" */
  authHint?: string;
  /** largest response body accepted, bytes (default 50 MB) */
  maxBodyBytes?: number;
  /** use the environment's HTTP(S)_PROXY (default false: requests go direct) */
  useEnvProxy?: boolean;
  signal?: AbortSignal;
  /** for tests */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface HttpRequest {
  method?: string;
  url: string;
  params?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** a JSON body (objects) or a string/Buffer as is */
  data?: unknown;
  /** `json` (default): the body is parsed, malformed JSON is an error; `text`: the body as a string; `buffer`: the bytes */
  responseType?: 'json' | 'text' | 'buffer';
  timeoutMs?: number;
  signal?: AbortSignal;
  /** false: never retry this request; an object: override the policy */
  retry?: false | Partial<RetryPolicy>;
  /** the request may be repeated safely (e.g. carries an idempotency key in the body) */
  idempotent?: boolean;
  /** statuses returned as responses instead of thrown (e.g. [404] for a lookup) */
  acceptStatuses?: number[];
  /** false: a 3xx is returned as it is (redirect verification); reads follow up to 5 by default */
  followRedirects?: boolean;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  data: T;
  /** the final URL, redacted */
  url: string;
  attempts: number;
  durationMs: number;
}

/** an RFC 9457 problem detail, when the server sent one */
export interface ProblemDetail {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  [k: string]: unknown;
}

export class HttpError extends YimenError {
  readonly status?: number;
  readonly problem?: ProblemDetail;
  readonly request: { method: string; url: string; headers: Record<string, string> };
  readonly attempts: number;
  /** the response body (redacted, at most 2,000 characters) */
  readonly body?: string;
  readonly retryable: boolean;
  /** a network error code (ECONNRESET, ETIMEDOUT …) when there was no response */
  readonly networkCode?: string;

  constructor(
    code: string,
    message: string,
    init: {
      status?: number;
      problem?: ProblemDetail;
      request: { method: string; url: string; headers: Record<string, string> };
      attempts: number;
      body?: string;
      retryable: boolean;
      networkCode?: string;
      hint?: string;
    },
  ) {
    super(code, message, {
      hint: init.hint,
      exitCode: ExitCode.failure,
      details: { status: init.status, problem: init.problem, request: init.request, attempts: init.attempts, networkCode: init.networkCode },
    });
    this.name = 'HttpError';
    this.status = init.status;
    this.problem = init.problem;
    this.request = init.request;
    this.attempts = init.attempts;
    this.body = init.body;
    this.retryable = init.retryable;
    this.networkCode = init.networkCode;
  }
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
  get<T = unknown>(url: string, req?: Omit<HttpRequest, 'url' | 'method'>): Promise<HttpResponse<T>>;
  post<T = unknown>(url: string, data?: unknown, req?: Omit<HttpRequest, 'url' | 'method' | 'data'>): Promise<HttpResponse<T>>;
  put<T = unknown>(url: string, data?: unknown, req?: Omit<HttpRequest, 'url' | 'method' | 'data'>): Promise<HttpResponse<T>>;
  patch<T = unknown>(url: string, data?: unknown, req?: Omit<HttpRequest, 'url' | 'method' | 'data'>): Promise<HttpResponse<T>>;
  delete<T = unknown>(url: string, req?: Omit<HttpRequest, 'url' | 'method'>): Promise<HttpResponse<T>>;
  /** the effective policy, as logged */
  readonly policy: RetryPolicy & { timeoutMs: number; concurrency: number; rateLimit?: { perSecond: number; burst: number } };
  readonly redactor: Redactor;
  /** counts since the client was made */
  stats(): { requests: number; attempts: number; retries: number; failures: number; rateWaitMs: number };
}

const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_SOCKET']);

/** a request URL as axios builds it: absolute URLs stand, relative ones are appended to the base */
export function joinUrl(base: string | undefined, url: string): string {
  if (!base || /^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  return base.replace(/\/+$/, '') + '/' + url.replace(/^\/+/, '');
}

/** Retry-After as seconds or an HTTP date → milliseconds from now (undefined when absent or unreadable) */
export function parseRetryAfter(v: string | undefined | null, now = Date.now()): number | undefined {
  if (v == null) return undefined;
  const s = String(v).trim();
  if (!s) return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/** exponential backoff with "equal jitter": half the step fixed, half random */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

export function describePolicy(p: HttpClient['policy']): string {
  const rate = p.rateLimit ? `${p.rateLimit.perSecond}/s shared (burst ${p.rateLimit.burst})` : 'no rate limit';
  return (
    `timeout ${p.timeoutMs / 1000} s per attempt; ${p.retries} retries on network errors, ${p.retryStatuses.join(', ')} and 5xx` +
    `${p.noRetryStatuses.length ? ` (not ${p.noRetryStatuses.join(', ')})` : ''} for ${p.methods.join('/')} (and requests with an idempotency key); ` +
    `backoff ${p.baseDelayMs} ms doubling to ${p.maxDelayMs / 1000} s with jitter; Retry-After honoured up to ${p.maxRetryAfterMs / 1000} s; ` +
    `concurrency ${p.concurrency}; ${rate}`
  );
}

// the effective policy is logged once per run (per process), however many clients share it
const loggedPolicies = new Set<string>();

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function lowerHeaders(h: AxiosResponse['headers'] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (v != null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

function snippet(s: string, n = 300): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? one.slice(0, n) + '…' : one;
}

function statusWord(status: number): string {
  const words: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    408: 'Request Timeout',
    409: 'Conflict',
    422: 'Unprocessable Content',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return words[status] ?? '';
}

export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const retryBase: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const concurrency = opts.concurrency ?? 4;
  const rate = opts.rateLimit === undefined ? undefined : typeof opts.rateLimit === 'number' ? { perSecond: opts.rateLimit } : opts.rateLimit;
  const now = opts.now ?? (() => Date.now());
  const bucket = rate ? new TokenBucket(rate.perSecond, rate.burst ?? Math.max(1, Math.ceil(rate.perSecond)), now) : undefined;
  const limit = pLimit(concurrency);
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const redactor = new Redactor(opts.secretFields, opts.secretValues ?? []);
  // credentials in the default headers are secrets whatever the caller said
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    if (redactor.isSecretField(k)) redactor.addValue(String(v).replace(/^(Bearer|Basic|Token)\s+/i, ''));
  }
  const name = opts.name ?? 'http';
  const log: HttpLogger = opts.logger ?? { info: () => {}, warn: () => {} };
  const policy = { ...retryBase, timeoutMs, concurrency, rateLimit: bucket ? { perSecond: bucket.perSecond, burst: bucket.burst } : undefined };
  const counters = { requests: 0, attempts: 0, retries: 0, failures: 0, rateWaitMs: 0 };

  const ax: AxiosInstance = axios.create({
    baseURL: opts.baseURL,
    adapter: 'http',
    headers: opts.headers,
    proxy: opts.useEnvProxy ? undefined : false,
    maxRedirects: 5,
    maxContentLength: opts.maxBodyBytes ?? 50 * 1024 * 1024,
    responseType: 'text',
    transformResponse: [(d: unknown) => d],
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
  });

  let policyLogged = false;
  const logPolicy = () => {
    if (policyLogged) return;
    policyLogged = true;
    const line = describePolicy(policy);
    if (loggedPolicies.has(`${name}|${line}`)) return;
    loggedPolicies.add(`${name}|${line}`);
    log.info(`${name}: http policy: ${line}`);
  };

  async function attemptOnce(req: HttpRequest, method: string, signal: AbortSignal | undefined): Promise<AxiosResponse<string | Buffer>> {
    if (bucket) {
      const wait = bucket.reserve();
      if (wait > 0) {
        counters.rateWaitMs += wait;
        await sleep(wait, signal);
      }
    }
    counters.attempts++;
    const isJsonBody = req.data !== undefined && typeof req.data === 'object' && !Buffer.isBuffer(req.data);
    return ax.request<string | Buffer>({
      method: method as Method,
      responseType: req.responseType === 'buffer' ? 'arraybuffer' : 'text',
      url: req.url,
      params: req.params,
      headers: { Accept: 'application/json, application/problem+json;q=0.9, */*;q=0.1', ...(isJsonBody ? { 'Content-Type': 'application/json' } : {}), ...req.headers },
      data: isJsonBody ? JSON.stringify(req.data) : req.data,
      timeout: req.timeoutMs ?? timeoutMs,
      // a write is never silently sent on to another address (and skips follow-redirects' cost)
      maxRedirects: (method === 'GET' || method === 'HEAD') && req.followRedirects !== false ? 5 : 0,
      signal,
    });
  }

  async function run<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    logPolicy();
    counters.requests++;
    const method = (req.method ?? 'GET').toUpperCase();
    const policyNow: RetryPolicy = req.retry === false ? { ...retryBase, retries: 0 } : { ...retryBase, ...req.retry };
    const headersAll = { ...opts.headers, ...req.headers };
    const idempotent =
      req.idempotent ?? (policyNow.methods.includes(method) || Object.keys(headersAll).some((h) => h.toLowerCase() === 'idempotency-key'));
    const signal = req.signal ?? opts.signal;
    const fullUrl = (() => {
      try {
        const u = new URL(joinUrl(opts.baseURL, req.url));
        for (const [k, v] of Object.entries(req.params ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
        return u.toString();
      } catch {
        return req.url;
      }
    })();
    const shownUrl = redactor.url(fullUrl);
    const reqInfo = { method, url: shownUrl, headers: redactor.headers(headersAll) };
    const started = now();
    let attempt = 0;
    for (;;) {
      attempt++;
      let res: AxiosResponse<string | Buffer> | undefined;
      let netErr: (Error & { code?: string }) | undefined;
      try {
        res = await attemptOnce(req, method, signal);
      } catch (e) {
        netErr = e as Error & { code?: string };
        if (signal?.aborted || axios.isCancel(e) || netErr.code === 'ERR_CANCELED') {
          counters.failures++;
          throw new HttpError('E_HTTP_ABORTED', `${method} ${shownUrl}: aborted`, { request: reqInfo, attempts: attempt, retryable: false });
        }
        if (netErr.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(netErr.message)) {
          counters.failures++;
          throw new HttpError('E_HTTP_TOO_LARGE', `${method} ${shownUrl}: the response is larger than ${opts.maxBodyBytes ?? 50 * 1024 * 1024} bytes`, {
            request: reqInfo,
            attempts: attempt,
            retryable: false,
            hint: 'raise maxBodyBytes, or ask for smaller pages',
          });
        }
      }

      if (res) {
        const status = res.status;
        const headers = lowerHeaders(res.headers);
        const bodyText = typeof res.data === 'string' ? res.data : res.data == null ? '' : Buffer.isBuffer(res.data) ? res.data.toString('utf8') : String(res.data);
        if ((status >= 200 && status < 300) || req.acceptStatuses?.includes(status)) {
          let data: unknown = req.responseType === 'buffer' ? Buffer.from(res.data as Buffer) : bodyText;
          if ((req.responseType ?? 'json') === 'json') {
            if (bodyText.trim() === '') data = undefined;
            else {
              try {
                data = JSON.parse(bodyText);
              } catch (e) {
                counters.failures++;
                throw new HttpError('E_HTTP_BAD_JSON', `${method} ${shownUrl} → ${status}: the body is not valid JSON (${(e as Error).message}): ${redactor.text(snippet(bodyText, 120))}`, {
                  status,
                  request: reqInfo,
                  attempts: attempt,
                  body: redactor.text(bodyText.slice(0, 2000)),
                  retryable: false,
                  hint: 'the server answered with something else than JSON: check the URL (a login page or an HTML error page?)',
                });
              }
            }
          }
          return { status, headers, data: data as T, url: shownUrl, attempts: attempt, durationMs: now() - started };
        }
        const retryableStatus = policyNow.retryStatuses.includes(status) || (status >= 500 && !policyNow.noRetryStatuses.includes(status));
        if (retryableStatus && idempotent && attempt <= policyNow.retries) {
          const ra = parseRetryAfter(headers['retry-after'], now());
          const wait = ra !== undefined ? Math.min(ra, policyNow.maxRetryAfterMs) : backoffMs(attempt, policyNow, random);
          counters.retries++;
          log.warn(
            `${name}: ${method} ${shownUrl} → ${status}${ra !== undefined ? ` (Retry-After ${headers['retry-after']}${ra > policyNow.maxRetryAfterMs ? `, capped to ${policyNow.maxRetryAfterMs / 1000} s` : ''})` : ''}; retry ${attempt}/${policyNow.retries} in ${(wait / 1000).toFixed(1)} s`,
          );
          await sleep(wait, signal).catch(() => {
            throw new HttpError('E_HTTP_ABORTED', `${method} ${shownUrl}: aborted`, { request: reqInfo, attempts: attempt, retryable: false });
          });
          continue;
        }
        counters.failures++;
        throw statusError(status, headers, bodyText, reqInfo, attempt, retryableStatus);
      }

      // a network error or a timeout
      const code = netErr?.code ?? 'ERR_NETWORK';
      const retryable = RETRYABLE_NETWORK.has(code) || code === 'ERR_NETWORK';
      const what = code === 'ETIMEDOUT' || code === 'ECONNABORTED' ? `timed out after ${(req.timeoutMs ?? timeoutMs) / 1000} s` : `${code}: ${redactor.text(netErr?.message ?? '')}`;
      if (retryable && idempotent && attempt <= policyNow.retries) {
        const wait = backoffMs(attempt, policyNow, random);
        counters.retries++;
        log.warn(`${name}: ${method} ${shownUrl} ${what}; retry ${attempt}/${policyNow.retries} in ${(wait / 1000).toFixed(1)} s`);
        await sleep(wait, signal).catch(() => {
          throw new HttpError('E_HTTP_ABORTED', `${method} ${shownUrl}: aborted`, { request: reqInfo, attempts: attempt, retryable: false });
        });
        continue;
      }
      counters.failures++;
      throw new HttpError(code === 'ETIMEDOUT' || code === 'ECONNABORTED' ? 'E_HTTP_TIMEOUT' : 'E_HTTP_NETWORK', `${method} ${shownUrl} ${what}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`, {
        request: reqInfo,
        attempts: attempt,
        retryable,
        networkCode: code,
        hint: code === 'ENOTFOUND' ? 'the host name does not resolve: check the URL' : code === 'ECONNREFUSED' ? 'nothing listens there: is the server up and the port right?' : undefined,
      });
    }
  }

  function statusError(status: number, headers: Record<string, string>, bodyText: string, reqInfo: HttpError['request'], attempts: number, retryable: boolean): HttpError {
    let problem: ProblemDetail | undefined;
    try {
      const parsed = JSON.parse(bodyText) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const p = parsed as Record<string, unknown>;
        if ((headers['content-type'] ?? '').includes('problem+json') || 'title' in p || 'detail' in p) problem = redactor.body(p) as ProblemDetail;
        else if (typeof p.message === 'string' || typeof p.error === 'string' || typeof p.msg === 'string')
          problem = { title: redactor.text(String(p.message ?? p.error ?? p.msg)) };
      }
    } catch {
      // not JSON: the snippet speaks for itself
    }
    const said = problem ? [problem.title, problem.detail].filter(Boolean).join(': ') : redactor.text(snippet(bodyText, 200));
    const base = `${reqInfo.method} ${reqInfo.url} → ${status}${statusWord(status) ? ' ' + statusWord(status) : ''}`;
    let hint: string | undefined;
    let code = `E_HTTP_${status}`;
    if (status === 401) {
      code = 'E_HTTP_UNAUTHORIZED';
      hint = opts.authHint ?? 'the credentials were refused or are missing: check the token or password and the environment variable it comes from';
    } else if (status === 403) {
      code = 'E_HTTP_FORBIDDEN';
      hint = opts.authHint ? `${opts.authHint}; the account may lack the permission` : 'the credentials are valid but lack the permission for this resource';
    } else if (status === 404) hint = 'check the URL and the path in the config';
    else if (status === 429) hint = 'the server kept refusing for rate: lower rateLimit or concurrency';
    else if (status >= 500) hint = attempts > 1 ? `the server kept failing (${attempts} attempts)` : 'the server failed';
    return new HttpError(code, `${base}${said ? `: ${said}` : ''}${status === 401 ? ' (the credentials were refused)' : ''}`, {
      status,
      problem,
      request: reqInfo,
      attempts,
      body: redactor.text(bodyText.slice(0, 2000)),
      retryable,
      hint,
    });
  }

  const client: HttpClient = {
    request: <T>(req: HttpRequest) => limit(() => run<T>(req)),
    get: (url, req) => client.request({ ...req, url, method: 'GET' }),
    post: (url, data, req) => client.request({ ...req, url, data, method: 'POST' }),
    put: (url, data, req) => client.request({ ...req, url, data, method: 'PUT' }),
    patch: (url, data, req) => client.request({ ...req, url, data, method: 'PATCH' }),
    delete: (url, req) => client.request({ ...req, url, method: 'DELETE' }),
    policy,
    redactor,
    stats: () => ({ ...counters }),
  };
  return client;
}

/** for tests: forget which policies were logged */
export function resetPolicyLog(): void {
  loggedPolicies.clear();
}
