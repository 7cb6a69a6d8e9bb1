// The one HTTP client (axios) every adapter and publisher uses (DESIGN §8, §10): timeouts; retries
// with exponential backoff and jitter on network errors, 408, 429 and 5xx; Retry-After (seconds or
// an HTTP date) honoured up to a maximum wait; one rate budget shared by concurrent requests;
// bounded concurrency (p-limit); secrets redacted in every log line and error. Adapters never
// retry on their own. axios is loaded at the first request, not with the module: most processes
// that load the SDK (a read thread, `status`) never send one, and axios is a fifth of a second.
import type { AxiosInstance, AxiosResponse, AxiosStatic, Method } from 'axios';
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

/** what every request of one client shares: options, the effective policy, its limits and counters */
interface ClientState {
  opts: HttpClientOptions;
  retryBase: RetryPolicy;
  timeoutMs: number;
  bucket?: TokenBucket;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
  redactor: Redactor;
  name: string;
  log: HttpLogger;
  policy: HttpClient['policy'];
  counters: { requests: number; attempts: number; retries: number; failures: number; rateWaitMs: number };
  /** the axios instance, made at the first request */
  ax: () => Promise<AxiosInstance>;
  logPolicy: () => void;
}

/** a request as the retry loop sees it: method, policy, whether it may be repeated, how it is shown */
interface PreparedRequest {
  req: HttpRequest;
  method: string;
  policy: RetryPolicy;
  idempotent: boolean;
  signal?: AbortSignal;
  shownUrl: string;
  reqInfo: HttpError['request'];
}

function clientState(opts: HttpClientOptions): ClientState {
  const retryBase: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const concurrency = opts.concurrency ?? 4;
  const rate = opts.rateLimit === undefined ? undefined : typeof opts.rateLimit === 'number' ? { perSecond: opts.rateLimit } : opts.rateLimit;
  const now = opts.now ?? (() => Date.now());
  const bucket = rate ? new TokenBucket(rate.perSecond, rate.burst ?? Math.max(1, Math.ceil(rate.perSecond)), now) : undefined;
  const redactor = new Redactor(opts.secretFields, opts.secretValues ?? []);
  // credentials in the default headers are secrets whatever the caller said
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    if (redactor.isSecretField(k)) redactor.addValue(String(v).replace(/^(Bearer|Basic|Token)\s+/i, ''));
  }
  const name = opts.name ?? 'http';
  const log: HttpLogger = opts.logger ?? { info: () => {}, warn: () => {} };
  const policy = { ...retryBase, timeoutMs, concurrency, rateLimit: bucket ? { perSecond: bucket.perSecond, burst: bucket.burst } : undefined };
  let policyLogged = false;
  return {
    opts,
    retryBase,
    timeoutMs,
    bucket,
    sleep: opts.sleep ?? defaultSleep,
    random: opts.random ?? Math.random,
    now,
    redactor,
    name,
    log,
    policy,
    counters: { requests: 0, attempts: 0, retries: 0, failures: 0, rateWaitMs: 0 },
    ax: lazyAxios(opts),
    logPolicy: () => {
      if (policyLogged) return;
      policyLogged = true;
      const line = describePolicy(policy);
      if (loggedPolicies.has(`${name}|${line}`)) return;
      loggedPolicies.add(`${name}|${line}`);
      log.info(`${name}: http policy: ${line}`);
    },
  };
}

/** axios once loaded (fatalNetworkError asks it about errors of requests it sent, so it is loaded then) */
let axiosLoaded: AxiosStatic | undefined;
let axiosLoading: Promise<AxiosStatic> | undefined;

/** a client's axios instance, made when its first request needs it */
function lazyAxios(opts: HttpClientOptions): () => Promise<AxiosInstance> {
  let made: Promise<AxiosInstance> | undefined;
  return () =>
    (made ??= (axiosLoading ??= import('axios').then((m) => (axiosLoaded = m.default))).then((axios) => createAxios(axios, opts)));
}

function createAxios(axios: AxiosStatic, opts: HttpClientOptions): AxiosInstance {
  return axios.create({
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
}

function prepareRequest(st: ClientState, req: HttpRequest): PreparedRequest {
  const method = (req.method ?? 'GET').toUpperCase();
  const policy: RetryPolicy = req.retry === false ? { ...st.retryBase, retries: 0 } : { ...st.retryBase, ...req.retry };
  const headersAll = { ...st.opts.headers, ...req.headers };
  const idempotent = req.idempotent ?? (policy.methods.includes(method) || Object.keys(headersAll).some((h) => h.toLowerCase() === 'idempotency-key'));
  const fullUrl = (() => {
    try {
      const u = new URL(joinUrl(st.opts.baseURL, req.url));
      for (const [k, v] of Object.entries(req.params ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
      return u.toString();
    } catch {
      return req.url;
    }
  })();
  const shownUrl = st.redactor.url(fullUrl);
  return { req, method, policy, idempotent, signal: req.signal ?? st.opts.signal, shownUrl, reqInfo: { method, url: shownUrl, headers: st.redactor.headers(headersAll) } };
}

/** one attempt: waits for the rate budget, then sends */
async function attemptOnce(st: ClientState, p: PreparedRequest): Promise<AxiosResponse<string | Buffer>> {
  const { req, method, signal } = p;
  if (st.bucket) {
    const wait = st.bucket.reserve();
    if (wait > 0) {
      st.counters.rateWaitMs += wait;
      await st.sleep(wait, signal);
    }
  }
  st.counters.attempts++;
  const isJsonBody = req.data !== undefined && typeof req.data === 'object' && !Buffer.isBuffer(req.data);
  const ax = await st.ax();
  return ax.request<string | Buffer>({
    method: method as Method,
    responseType: req.responseType === 'buffer' ? 'arraybuffer' : 'text',
    url: req.url,
    params: req.params,
    headers: { Accept: 'application/json, application/problem+json;q=0.9, */*;q=0.1', ...(isJsonBody ? { 'Content-Type': 'application/json' } : {}), ...req.headers },
    data: isJsonBody ? JSON.stringify(req.data) : req.data,
    timeout: req.timeoutMs ?? st.timeoutMs,
    // a write is never silently sent on to another address (and skips follow-redirects' cost)
    maxRedirects: (method === 'GET' || method === 'HEAD') && req.followRedirects !== false ? 5 : 0,
    signal,
  });
}

const aborted = (p: PreparedRequest, attempts: number) =>
  new HttpError('E_HTTP_ABORTED', `${p.method} ${p.shownUrl}: aborted`, { request: p.reqInfo, attempts, retryable: false });

/** an error thrown by axios that ends the request at once (Ctrl-C, a body over the limit), or undefined */
function fatalNetworkError(st: ClientState, p: PreparedRequest, e: Error & { code?: string }, attempt: number): HttpError | undefined {
  if (p.signal?.aborted || axiosLoaded?.isCancel(e) || e.code === 'ERR_CANCELED') return aborted(p, attempt);
  if (e.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(e.message)) {
    return new HttpError('E_HTTP_TOO_LARGE', `${p.method} ${p.shownUrl}: the response is larger than ${st.opts.maxBodyBytes ?? 50 * 1024 * 1024} bytes`, {
      request: p.reqInfo,
      attempts: attempt,
      retryable: false,
      hint: 'raise maxBodyBytes, or ask for smaller pages',
    });
  }
  return undefined;
}

/** a 2xx (or accepted) answer: the body as asked (JSON parsed, text, bytes) */
function successResponse<T>(st: ClientState, p: PreparedRequest, res: AxiosResponse<string | Buffer>, bodyText: string, attempt: number, started: number): HttpResponse<T> {
  const { req, method, shownUrl } = p;
  const status = res.status;
  let data: unknown = req.responseType === 'buffer' ? Buffer.from(res.data as Buffer) : bodyText;
  if ((req.responseType ?? 'json') === 'json') {
    if (bodyText.trim() === '') data = undefined;
    else {
      try {
        data = JSON.parse(bodyText);
      } catch (e) {
        st.counters.failures++;
        throw new HttpError('E_HTTP_BAD_JSON', `${method} ${shownUrl} → ${status}: the body is not valid JSON (${(e as Error).message}): ${st.redactor.text(snippet(bodyText, 120))}`, {
          status,
          request: p.reqInfo,
          attempts: attempt,
          body: st.redactor.text(bodyText.slice(0, 2000)),
          retryable: false,
          hint: 'the server answered with something else than JSON: check the URL (a login page or an HTML error page?)',
        });
      }
    }
  }
  return { status, headers: lowerHeaders(res.headers), data: data as T, url: shownUrl, attempts: attempt, durationMs: st.now() - started };
}

/** waits before the next attempt; Ctrl-C during the wait ends the request */
async function waitToRetry(st: ClientState, p: PreparedRequest, wait: number, attempt: number): Promise<void> {
  st.counters.retries++;
  await st.sleep(wait, p.signal).catch(() => {
    throw aborted(p, attempt);
  });
}

/** the retry loop of one request */
async function send<T>(st: ClientState, req: HttpRequest): Promise<HttpResponse<T>> {
  st.logPolicy();
  st.counters.requests++;
  const p = prepareRequest(st, req);
  const { method, shownUrl, policy } = p;
  const started = st.now();
  for (let attempt = 1; ; attempt++) {
    let res: AxiosResponse<string | Buffer> | undefined;
    let netErr: (Error & { code?: string }) | undefined;
    try {
      res = await attemptOnce(st, p);
    } catch (e) {
      netErr = e as Error & { code?: string };
      const fatal = fatalNetworkError(st, p, netErr, attempt);
      if (fatal) {
        st.counters.failures++;
        throw fatal;
      }
    }

    if (res) {
      const status = res.status;
      const bodyText = typeof res.data === 'string' ? res.data : res.data == null ? '' : Buffer.isBuffer(res.data) ? res.data.toString('utf8') : String(res.data);
      if ((status >= 200 && status < 300) || req.acceptStatuses?.includes(status)) return successResponse<T>(st, p, res, bodyText, attempt, started);
      const headers = lowerHeaders(res.headers);
      const retryableStatus = policy.retryStatuses.includes(status) || (status >= 500 && !policy.noRetryStatuses.includes(status));
      if (retryableStatus && p.idempotent && attempt <= policy.retries) {
        const ra = parseRetryAfter(headers['retry-after'], st.now());
        const wait = ra !== undefined ? Math.min(ra, policy.maxRetryAfterMs) : backoffMs(attempt, policy, st.random);
        st.log.warn(
          `${st.name}: ${method} ${shownUrl} → ${status}${ra !== undefined ? ` (Retry-After ${headers['retry-after']}${ra > policy.maxRetryAfterMs ? `, capped to ${policy.maxRetryAfterMs / 1000} s` : ''})` : ''}; retry ${attempt}/${policy.retries} in ${(wait / 1000).toFixed(1)} s`,
        );
        await waitToRetry(st, p, wait, attempt);
        continue;
      }
      st.counters.failures++;
      throw statusError(st, status, headers, bodyText, p.reqInfo, attempt, retryableStatus);
    }

    // a network error or a timeout
    const code = netErr?.code ?? 'ERR_NETWORK';
    const retryable = RETRYABLE_NETWORK.has(code) || code === 'ERR_NETWORK';
    const what = code === 'ETIMEDOUT' || code === 'ECONNABORTED' ? `timed out after ${(req.timeoutMs ?? st.timeoutMs) / 1000} s` : `${code}: ${st.redactor.text(netErr?.message ?? '')}`;
    if (retryable && p.idempotent && attempt <= policy.retries) {
      const wait = backoffMs(attempt, policy, st.random);
      st.log.warn(`${st.name}: ${method} ${shownUrl} ${what}; retry ${attempt}/${policy.retries} in ${(wait / 1000).toFixed(1)} s`);
      await waitToRetry(st, p, wait, attempt);
      continue;
    }
    st.counters.failures++;
    throw new HttpError(code === 'ETIMEDOUT' || code === 'ECONNABORTED' ? 'E_HTTP_TIMEOUT' : 'E_HTTP_NETWORK', `${method} ${shownUrl} ${what}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`, {
      request: p.reqInfo,
      attempts: attempt,
      retryable,
      networkCode: code,
      hint: code === 'ENOTFOUND' ? 'the host name does not resolve: check the URL' : code === 'ECONNREFUSED' ? 'nothing listens there: is the server up and the port right?' : undefined,
    });
  }
}

/** a refused answer as an HttpError: the server's problem detail (RFC 9457) or a body snippet, and a hint */
function statusError(st: ClientState, status: number, headers: Record<string, string>, bodyText: string, reqInfo: HttpError['request'], attempts: number, retryable: boolean): HttpError {
  const { redactor, opts } = st;
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

/** The one client: requests share one concurrency limit, one rate budget, one redactor and counters. */
export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const st = clientState(opts);
  const limit = pLimit(st.policy.concurrency);
  const client: HttpClient = {
    request: <T>(req: HttpRequest) => limit(() => send<T>(st, req)),
    get: (url, req) => client.request({ ...req, url, method: 'GET' }),
    post: (url, data, req) => client.request({ ...req, url, data, method: 'POST' }),
    put: (url, data, req) => client.request({ ...req, url, data, method: 'PUT' }),
    patch: (url, data, req) => client.request({ ...req, url, data, method: 'PATCH' }),
    delete: (url, req) => client.request({ ...req, url, method: 'DELETE' }),
    policy: st.policy,
    redactor: st.redactor,
    stats: () => ({ ...st.counters }),
  };
  return client;
}

/** for tests: forget which policies were logged */
export function resetPolicyLog(): void {
  loggedPolicies.clear();
}
