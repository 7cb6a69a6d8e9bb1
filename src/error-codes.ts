// The one registry of error codes: every `YimenError` code yimen (or a built-in adapter) throws is
// listed here with what it means, its default hint and its default exit code. The lowest layer:
// it imports nothing, so errors.ts, the SDK and adapters can all read it. A test fails when a
// code is thrown somewhere but not registered here.

/** Process exit codes. What they mean to a user is documented in src/cli/exit-codes.ts. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2, // usage or configuration error
  partial: 3, // partial success: some items failed, the rest went through
  planChanges: 4, // `plan --detailed-exitcode`: changes pending
  workRemains: 5, // `run --detailed-exitcode`: services in review, quarantined records or invalid services wait for people
  interrupted: 130, // a second Ctrl-C: quit at once
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorCodeInfo {
  /** what went wrong, in a few words */
  meaning: string;
  /** the exit code when the throw site does not give one */
  exit: ExitCode;
  /** the hint when the throw site does not give one */
  hint?: string;
}

const usage = ExitCode.usage;
const failure = ExitCode.failure;

export const ERROR_CODES = {
  // configuration and usage
  E_CONFIG: { meaning: 'yimen.yaml, a profile or another config file is wrong', exit: usage },
  E_USAGE: { meaning: 'a command was asked for something that does not exist or cannot be done as asked', exit: usage },
  E_NO_WORKSPACE: { meaning: 'no yimen.yaml where the workspace should be', exit: usage, hint: 'run `yimen init` to create a workspace, or point --workspace (or YIMEN_WORKSPACE) at one' },
  E_UNKNOWN_APP: { meaning: 'an app id that yimen.yaml does not list', exit: usage },
  E_EXISTS: { meaning: 'init would overwrite existing files', exit: usage, hint: 'pass --force to overwrite, or choose another folder' },
  E_NO_RECORD: { meaning: 'no extracted record with that key', exit: usage },
  // the store
  E_STORE_OPEN: { meaning: 'the workspace store cannot be opened', exit: failure, hint: 'check the path and its permissions' },
  E_STORE_BUSY: { meaning: 'another process has held a write on the workspace store for longer than the busy timeout', exit: failure, hint: 'wait for the other yimen command to finish and try again' },
  E_STORE_STAGED: { meaning: 'a staged run was opened twice on one store (a bug)', exit: failure },
  E_STORE_DAMAGED: { meaning: 'the workspace store fails its integrity check', exit: failure, hint: 'run `yimen doctor`, then `yimen restore FILE` from a backup' },
  E_SOURCE_SHRANK: { meaning: "a source yields far fewer records than its last snapshot (extract.shrinkGuard); the last snapshot stays current", exit: failure, hint: 'check the source; if the drop is real, run again with --accept-shrink' },
  E_TABLE_TOO_BIG: { meaning: 'a table file is beyond a documented cap (expanded size, rows, cell length)', exit: failure },
  E_STORE_VERSION: { meaning: 'the workspace store is newer than this yimen', exit: failure, hint: 'upgrade yimen; an older yimen must not write a newer workspace' },
  E_WORKER: { meaning: 'a worker thread (the second core) stopped or failed outside the work it was given; nothing it read was written', exit: failure, hint: 'run again; YIMEN_THREADS=1 keeps every stage on one thread' },
  // adapters and extract
  E_ADAPTER_LOAD: { meaning: 'a third-party adapter module could not be loaded', exit: usage },
  E_ADAPTER_SHAPE: { meaning: 'a module does not export a yimen adapter', exit: usage, hint: 'export default defineAdapter({...}) from the module' },
  E_ADAPTER_UNKNOWN: { meaning: 'no adapter by that name', exit: usage },
  E_ADAPTER_CONFIG: { meaning: "a source config names something the source does not have (a column, a selector)", exit: usage },
  E_SOURCE_FILE: { meaning: 'a file a source config names does not exist', exit: usage },
  E_SOURCE_TOO_LARGE: { meaning: 'a source file is over the size the adapter accepts', exit: failure },
  E_SOURCE_API: { meaning: 'the source API answered with an error of its own', exit: failure },
  E_SOURCE_AUTH: { meaning: "the source's authentication did not give a token", exit: failure },
  E_SOURCE_PAGES: { meaning: 'a paginated source did not end within its page cap', exit: failure },
  E_SOURCE_REDIRECTS: { meaning: 'a source page redirected more than 5 times', exit: failure, hint: 'configure the address the page finally lives at' },
  // catalog
  E_CATALOG_FORMAT: { meaning: 'the base catalog file or answer is not in a readable shape', exit: failure },
  E_CATALOG_PAGES: { meaning: "the target's catalog paging does not end", exit: failure },
  E_CATALOG_EMPTY: { meaning: 'no row of the base catalog became an item', exit: failure },
  // decide and review
  E_INVALID_SERVICE: { meaning: 'a service with error-severity issues cannot be migrated', exit: usage },
  E_XLSX: { meaning: 'not a readable XLSX workbook', exit: usage },
  // publish and the workspace lock
  E_PLAN_TARGET: { meaning: 'a saved plan was made for another target', exit: usage },
  E_PLAN_STALE: { meaning: 'a saved plan no longer matches the workspace state', exit: usage, hint: 'make a new plan with `yimen plan --out FILE`, review it, and publish that' },
  E_LOCKED: { meaning: 'another run holds the workspace lock', exit: failure },
  E_NOT_LOCKED: { meaning: 'the workspace is not locked', exit: usage },
  E_LOCK_ID: { meaning: 'the lock id given is not the one held', exit: usage },
  E_LOCK_LIVE: { meaning: 'the lock is held by a process that still runs', exit: failure },
  E_INTERRUPTED: { meaning: 'stopped by Ctrl-C between units of work; the workspace is consistent', exit: ExitCode.partial },
  // the http client (E_HTTP_<status> for any other status, e.g. E_HTTP_404, E_HTTP_503)
  E_HTTP_ABORTED: { meaning: 'an HTTP request was aborted', exit: failure },
  E_HTTP_TOO_LARGE: { meaning: 'an HTTP response is larger than allowed', exit: failure },
  E_HTTP_BAD_JSON: { meaning: 'an HTTP response body is not the JSON promised', exit: failure },
  E_HTTP_TIMEOUT: { meaning: 'an HTTP request timed out', exit: failure },
  E_HTTP_NETWORK: { meaning: 'an HTTP request failed below HTTP (connection refused or reset, DNS)', exit: failure },
  E_HTTP_UNAUTHORIZED: { meaning: 'the server refused the credentials (401)', exit: failure },
  E_HTTP_FORBIDDEN: { meaning: 'the server forbids the request (403)', exit: failure },
  E_HTTP_STATUS: { meaning: 'an HTTP error status; the code is E_HTTP_<status>', exit: failure },
  // backups, restores, doctor; tables; hits, verify, report; exports
  E_BACKUP_CHECK: { meaning: 'a backup just written fails its own integrity check', exit: failure, hint: 'run `yimen doctor`: the state database itself may be damaged' },
  E_BACKUP_EXISTS: { meaning: 'the backup file already exists', exit: usage, hint: 'choose another --out, or remove the old file first' },
  E_NO_STATE: { meaning: 'the workspace has no state database yet', exit: usage, hint: 'run a stage first (e.g. `yimen run`)' },
  E_RESTORE_CHECK: { meaning: 'the file to restore is not a sound yimen state database', exit: usage, hint: 'pick another backup; `yimen doctor --file FILE` explains a file' },
  E_FIELD_PATH: { meaning: 'a field path in an adapter config cannot be parsed', exit: usage, hint: 'see docs/adapters.md, Field paths' },
  E_TABLE_NOT_FOUND: { meaning: 'a table file or sheet named in the config does not exist', exit: usage },
  E_TABLE_TOO_LARGE: { meaning: "a table file is over the reader's size cap", exit: failure },
  E_TABLE_UNREADABLE: { meaning: 'a table file cannot be read as CSV, TSV or XLSX', exit: failure },
  E_HITS_HOST: { meaning: 'a log line names no host and none was given', exit: usage, hint: 'pass --host, or --app for an app with one host' },
  E_HITS_READ: { meaning: 'an access log cannot be read', exit: failure },
  E_VERIFY_BASE: { meaning: 'the --base or --destination-base URL is not an http(s) origin', exit: usage },
  E_REPORT_POINT: { meaning: 'a --since/--compare point is not a date, a timestamp or an event id', exit: usage, hint: 'a date like 2026-11-23, an ISO timestamp, or #123' },
  E_EXPORT_EMPTY: { meaning: 'there are no redirect rules to export', exit: usage, hint: 'run `yimen redirects plan` (or `yimen run`) first' },
  E_EXPORT_FORMAT: { meaning: 'an unknown or missing export format', exit: usage },
  E_EXPORT_NOTICE_URL: { meaning: "an app's notice page fails the destination check", exit: usage, hint: 'fix unifiedApp.noticeUrl or unifiedApp.allowlist in yimen.yaml' },
  E_EXPORT_NGINX_CHECK: { meaning: '`nginx -t` refused the nginx export', exit: failure },
  E_EXPORT_XLSX_SIZE: { meaning: "an XLSX sheet would exceed Excel's row limit", exit: failure },
  E_EXPORT_CLOUDFLARE_QUOTA: { meaning: 'the Cloudflare list quota is not a positive number', exit: usage },
  E_EXPORT_MINIPROGRAM_QR_PREFIXES: { meaning: 'more QR-code prefix rules than a mini-program accepts (100)', exit: failure },
  // per-rule refusals (a rule is refused and listed with this code; the command goes on)
  E_DEST_BACKSLASH: { meaning: 'a destination holds a backslash', exit: failure },
  E_DEST_CONTROL: { meaning: 'a destination holds a control character, space or quote', exit: failure },
  E_DEST_DOT_SEGMENT: { meaning: 'a destination holds a dot segment', exit: failure },
  E_DEST_EMPTY: { meaning: 'a destination is empty', exit: failure },
  E_DEST_ENCODED: { meaning: 'a destination holds an encoded slash, backslash or dot', exit: failure },
  E_DEST_INVISIBLE: { meaning: 'a destination holds an invisible or bidi character', exit: failure },
  E_DEST_IP_HOST: { meaning: 'a destination host is an IP address', exit: failure },
  E_DEST_LOOKALIKE: { meaning: 'a destination host looks like an allowed one', exit: failure },
  E_DEST_NON_ASCII: { meaning: 'a destination host is not ASCII or mixes scripts', exit: failure },
  E_DEST_NOT_ALLOWED: { meaning: 'a destination host is not on the allowlist', exit: failure },
  E_DEST_NOT_URL: { meaning: 'a destination is not an absolute URL', exit: failure },
  E_DEST_PROTOCOL_RELATIVE: { meaning: 'a destination is protocol-relative', exit: failure },
  E_DEST_PUNYCODE: { meaning: 'a destination host is punycode', exit: failure },
  E_DEST_SCHEME: { meaning: 'a destination scheme is not http(s)', exit: failure },
  E_DEST_TOO_LONG: { meaning: 'a destination is over 2,048 characters', exit: failure },
  E_DEST_TRAILING_DOT: { meaning: 'a destination host ends with a dot', exit: failure },
  E_DEST_USERINFO: { meaning: 'a destination holds a user name or password', exit: failure },
  E_EXPORT_CLOUDFLARE_DUPLICATE: { meaning: 'a rule duplicates another source in a Cloudflare list', exit: failure },
  E_EXPORT_CLOUDFLARE_FRAGMENT: { meaning: 'a source routes after # (browsers never send it)', exit: failure },
  E_EXPORT_CLOUDFLARE_HOST_PATH: { meaning: 'more than 16 sources share one host and path', exit: failure },
  E_EXPORT_CLOUDFLARE_QUERY: { meaning: 'a source needs a query string, which Bulk Redirects cannot match', exit: failure },
  E_EXPORT_CLOUDFLARE_SOURCE: { meaning: 'a source cannot be written as a Cloudflare source URL', exit: failure },
  E_EXPORT_MINIPROGRAM_SOURCE: { meaning: 'a source is not a mini-program page path', exit: failure },
  E_EXPORT_NGINX_DUPLICATE: { meaning: 'a rule duplicates another nginx map key', exit: failure },
  E_EXPORT_NGINX_FRAGMENT: { meaning: 'a source routes after # (browsers never send it)', exit: failure },
  E_EXPORT_NGINX_QUERY: { meaning: 'a source has more significant parameters than the nginx export matches', exit: failure },
  E_EXPORT_NGINX_SOURCE: { meaning: 'a source cannot be written safely as an nginx map key', exit: failure },
  E_EXPORT_NGINX_VALUE: { meaning: 'a destination cannot be written safely as an nginx map value', exit: failure },
  E_EXPORT_ROUTES_SOURCE: { meaning: 'a source is not a deep link or route the route table can hold', exit: failure },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The registry entry of a code; E_HTTP_<3 digits> falls under E_HTTP_STATUS. */
export function errorCodeInfo(code: string): ErrorCodeInfo | undefined {
  if (Object.hasOwn(ERROR_CODES, code)) return ERROR_CODES[code as ErrorCode];
  if (/^E_HTTP_\d{3}$/.test(code)) return ERROR_CODES.E_HTTP_STATUS;
  return undefined;
}

export function isRegisteredCode(code: string): boolean {
  return errorCodeInfo(code) !== undefined;
}
