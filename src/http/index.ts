// The HTTP client every adapter and publisher shares: see client.ts.
export {
  createHttpClient,
  HttpError,
  parseRetryAfter,
  backoffMs,
  describePolicy,
  DEFAULT_RETRY,
  resetPolicyLog,
  joinUrl,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  type HttpLogger,
  type RetryPolicy,
  type ProblemDetail,
} from './client.js';
export { Redactor, DEFAULT_SECRET_FIELDS, MASK } from './redact.js';
export { TokenBucket } from './rate.js';
