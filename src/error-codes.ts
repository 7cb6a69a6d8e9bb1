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
  // adapters and extract
  E_ADAPTER_LOAD: { meaning: 'a third-party adapter module could not be loaded', exit: usage },
  E_ADAPTER_SHAPE: { meaning: 'a module does not export a yimen adapter', exit: usage, hint: 'export default defineAdapter({...}) from the module' },
  E_ADAPTER_UNKNOWN: { meaning: 'no adapter by that name', exit: usage },
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
