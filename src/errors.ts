// Typed errors: every failure a user can cause carries a code (registered in src/error-codes.ts),
// a message that says what and where, and a hint. One place (src/cli/base-command.ts) turns them
// into output and exit codes.
import { ExitCode, errorCodeInfo } from './error-codes.js';

export { ExitCode, ERROR_CODES, errorCodeInfo, isRegisteredCode, type ErrorCode, type ErrorCodeInfo } from './error-codes.js';

export interface YimenErrorOptions {
  hint?: string;
  exitCode?: ExitCode;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class YimenError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: ExitCode;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, opts: YimenErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'YimenError';
    this.code = code;
    // the throw site knows best; else the registry's default for the code
    const info = errorCodeInfo(code);
    this.hint = opts.hint ?? info?.hint;
    this.exitCode = opts.exitCode ?? info?.exit ?? ExitCode.failure;
    this.details = opts.details;
  }
}

/** yimen.yaml, a profile or another config file is wrong: exit 2. */
export class ConfigError extends YimenError {
  readonly file: string;
  readonly path?: string;
  constructor(file: string, path: string | undefined, message: string, hint?: string) {
    super('E_CONFIG', `${file}${path ? `: ${path}` : ''}: ${message}`, { hint, exitCode: ExitCode.usage });
    this.name = 'ConfigError';
    this.file = file;
    this.path = path;
  }
}

/** The user asked for something that does not exist or cannot be done as asked: exit 2. */
export class UsageError extends YimenError {
  constructor(message: string, hint?: string) {
    super('E_USAGE', message, { hint, exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

export function isYimenError(e: unknown): e is YimenError {
  return e instanceof YimenError;
}
