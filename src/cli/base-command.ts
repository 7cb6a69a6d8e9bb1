// The base of every command: --workspace/-w (and YIMEN_WORKSPACE), --actor, --verbose, --json;
// opens the workspace and its store; owns Ctrl-C (one handler for every long command) and the
// progress bars; the one place that turns errors into messages and exit codes. Also the CLI's edges
// of hardening (docs/hardening.md): a writing command takes the workspace lock before its first
// stage; the workspace's secrets are redacted from all output and from what the store records;
// messages are printed with control characters escaped.
import { Command, Flags, Errors } from '@oclif/core';
import { YimenError, isYimenError } from '../errors.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { Progress } from './progress.js';
import { findWorkspaceRoot } from '../workspace/paths.js';
import { loadWorkspace, type Workspace } from '../workspace/loader.js';
import { resolveActor } from '../workspace/actor.js';
import { openStore } from '../store/open.js';
import { storeError } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { acquireLock, type HeldLock } from '../workspace/lock.js';
import { redactText, workspaceRedactor } from '../workspace/secrets.js';
import { terminalSafe } from './format/table.js';

/**
 * The commands that write to the workspace: each takes the workspace lock before its first stage
 * and holds it to the end (E_LOCKED at once when another run holds it, never SQLite's raw "database
 * is locked" after four stages). Publish and restore take it themselves too, joining this one.
 */
const WRITING = new Set([
  'run',
  'extract',
  'map',
  'decide',
  'publish',
  'catalog:import',
  'redirects:plan',
  'redirects:export',
  'redirects:verify',
  'redirects:hits:import',
  'restore',
]);

type Write = typeof process.stdout.write;

export abstract class BaseCommand extends Command {
  static enableJsonFlag = true;

  static baseFlags = {
    workspace: Flags.string({
      char: 'w',
      description: 'workspace folder (holds yimen.yaml); default: $YIMEN_WORKSPACE, else the nearest folder up with yimen.yaml',
      env: 'YIMEN_WORKSPACE',
      helpGroup: 'GLOBAL',
    }),
    actor: Flags.string({ description: 'who is acting, recorded on every change; default: $YIMEN_ACTOR, git user, OS user', helpGroup: 'GLOBAL' }),
    verbose: Flags.boolean({ description: 'show stack traces and debug detail', helpGroup: 'GLOBAL' }),
  };

  private _store?: Store;
  private _ws?: Workspace;
  private _abort?: { ac: AbortController; handler: () => void };
  private _progress?: Progress;
  private _lock?: HeldLock;
  private _redact: (s: string) => string = (s) => s;
  private _writes?: { out: Write; err: Write };
  protected verbose = false;

  protected get interactive(): boolean {
    return Boolean(process.stdout.isTTY) && !this.jsonEnabled();
  }

  protected async workspace(flags: { workspace?: string }, opts: { checkFiles?: boolean } = {}): Promise<Workspace> {
    if (!this._ws) {
      const ws = await loadWorkspace(findWorkspaceRoot(flags.workspace), opts);
      this.redactOutput(redactText(workspaceRedactor(ws.config)));
      if (this.id && WRITING.has(this.id) && !process.argv.includes('--dry-run')) {
        this._lock = acquireLock(ws.paths.lock, { actor: this.actor(flags as { actor?: string }), operation: this.id.replace(/:/g, ' ') });
      }
      this._ws = ws;
    }
    return this._ws;
  }

  protected store(ws: Workspace): Store {
    if (!this._store) this._store = openStore(ws.paths.db, { redact: this._redact });
    return this._store;
  }

  /**
   * From here on, everything this process writes to stdout and stderr (tables, JSON, warnings, the
   * error printer, adapters' log lines) has the workspace's secret values masked.
   */
  private redactOutput(redact: (s: string) => string): void {
    this._redact = redact;
    if (this._writes) return;
    const out = process.stdout.write.bind(process.stdout) as Write;
    const err = process.stderr.write.bind(process.stderr) as Write;
    this._writes = { out, err };
    const wrap =
      (w: Write): Write =>
      ((chunk: unknown, ...rest: unknown[]) =>
        (w as (c: unknown, ...r: unknown[]) => boolean)(typeof chunk === 'string' ? this._redact(chunk) : Buffer.isBuffer(chunk) ? this._redact(chunk.toString('utf8')) : chunk, ...rest)) as Write;
    process.stdout.write = wrap(out);
    process.stderr.write = wrap(err);
  }

  /** a line for a person: secrets masked (by the output wrapper) and control characters escaped */
  log(message = '', ...args: unknown[]): void {
    super.log(this.jsonEnabled() ? message : terminalSafe(message), ...(args as string[]));
  }

  logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(terminalSafe(message), ...(args as string[]));
  }

  protected actor(flags: { actor?: string }): string {
    return resolveActor(flags.actor);
  }

  /**
   * The signal a long stage stops on. Ctrl-C (or SIGTERM) once: the signal aborts, the stage
   * finishes its current unit (an app, a stage, the operations in flight) and stops, and `notice`
   * says so; a second time: quit at once (exit 130; the next run reconciles). One handler per
   * process, removed when the command ends.
   */
  protected abortSignal(notice?: string): AbortSignal {
    if (!this._abort) {
      const ac = new AbortController();
      const handler = () => {
        if (ac.signal.aborted) process.exit(ExitCode.interrupted);
        ac.abort();
        if (notice) process.stderr.write(`\n${notice}\n`);
      };
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      this._abort = { ac, handler };
    }
    return this._abort.ac.signal;
  }

  /** A progress bar with this cli-progress format: drawn on a terminal only, never under --json. */
  protected progress(format: string): Progress {
    this._progress ??= new Progress(this.interactive ? format : undefined);
    return this._progress;
  }

  /** print a line unless --json is on (oclif's `log` already respects it) */
  protected say(msg = ''): void {
    this.log(msg);
  }

  protected async finally(err: Error | undefined): Promise<unknown> {
    this._progress?.stop();
    if (this._abort) {
      process.off('SIGINT', this._abort.handler);
      process.off('SIGTERM', this._abort.handler);
    }
    this._store?.close();
    this._lock?.release();
    // the output stays redacted: oclif prints a command's --json result after finally
    return super.finally(err);
  }

  protected async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    // SQLite's raw "database is locked" never reaches a person: E_STORE_BUSY with a hint
    err = storeError(err) as typeof err;
    if (isYimenError(err)) {
      this._store?.close();
      this._lock?.release();
      const lines = [`error ${err.code}: ${terminalSafe(this._redact(err.message))}`];
      if (err.hint) lines.push(`hint: ${terminalSafe(this._redact(err.hint))}`);
      if (this.verbose || process.argv.includes('--verbose')) lines.push(String(err.stack));
      if (this.jsonEnabled()) {
        this.logJson({ error: { code: err.code, message: err.message, hint: err.hint, details: err.details } });
      } else {
        process.stderr.write(lines.join('\n') + '\n');
      }
      const code = exitCodeOf(err);
      process.exitCode = code;
      this.exit(code);
    }
    // oclif's own usage errors (bad flag, missing argument) are usage errors: exit 2
    if (err instanceof Errors.CLIError && !(err instanceof Errors.ExitError) && err.oclif?.exit === undefined) {
      (err as { oclif: { exit: number } }).oclif = { exit: ExitCode.usage };
    }
    if (!(err instanceof Errors.ExitError) && !(err instanceof Errors.CLIError) && !process.argv.includes('--verbose')) {
      // an unexpected failure: say what, not a stack trace; --verbose shows it
      process.stderr.write(`error: ${terminalSafe(this._redact(err.message))}\nhint: run again with --verbose for the stack trace, and report it if it persists\n`);
      this.exit(ExitCode.failure);
    }
    return super.catch(err);
  }
}

export { YimenError, ExitCode };
