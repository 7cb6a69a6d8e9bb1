// Backups, restores and integrity checks of the SQLite state database (`yimen backup`,
// `yimen restore`, `yimen doctor`). A backup uses SQLite's online backup API, so a copy is
// consistent while other commands keep reading and writing; a restore replaces the database only
// after the copy it brings back has passed the same checks, and never under a held lock.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { YimenError, ExitCode } from '../errors.js';
import { LATEST_VERSION } from './migrations.js';

export type FindingSeverity = 'ok' | 'warning' | 'error';
export interface Finding {
  check: string;
  severity: FindingSeverity;
  message: string;
  hint?: string;
}
export interface IntegrityReport {
  path: string;
  ok: boolean;
  schemaVersion: number;
  findings: Finding[];
}

const LATEST = () => LATEST_VERSION;
const TRIGGERS = ['events_no_update', 'events_no_delete'];

/**
 * Checks a state database file and explains what it finds. `quick` uses SQLite's quick_check
 * (O(n), skips index cross-checks): what publish runs before it starts.
 */
export function checkStateFile(path: string, opts: { quick?: boolean } = {}): IntegrityReport {
  if (!existsSync(path)) {
    return {
      path,
      ok: false,
      schemaVersion: 0,
      findings: [{ check: 'file', severity: 'error', message: `no state database at ${path}`, hint: 'run `yimen run` (or any stage) to create it, or `yimen restore FILE`' }],
    };
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    return { path, ok: false, schemaVersion: 0, findings: [{ check: 'open', severity: 'error', message: `cannot open: ${(e as Error).message}`, hint: 'restore a backup with `yimen restore FILE`' }] };
  }
  try {
    db.pragma('busy_timeout = 5000');
    return { path, ...inspect(db, opts.quick ?? false) };
  } catch (e) {
    // a file that is not a database at all fails on its first read
    return { path, ok: false, schemaVersion: 0, findings: [{ check: 'open', severity: 'error', message: `not a readable SQLite database: ${(e as Error).message}`, hint: 'restore a backup with `yimen restore FILE`' }] };
  } finally {
    db.close();
  }
}

function inspect(db: Database.Database, quick: boolean): Omit<IntegrityReport, 'path'> {
  const findings: Finding[] = [];
  const rows = db.pragma(quick ? 'quick_check(20)' : 'integrity_check(20)', { simple: false }) as Array<Record<string, string>>;
  const problems = rows.map((r) => Object.values(r)[0]!).filter((m) => m !== 'ok');
  findings.push(
    problems.length
      ? { check: 'integrity', severity: 'error', message: `SQLite reports damage: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}`, hint: 'restore the latest backup (`yimen restore FILE`); the damaged file is kept beside it' }
      : { check: 'integrity', severity: 'ok', message: quick ? 'quick check passed' : 'integrity check passed' },
  );

  const fk = db.pragma('foreign_key_check') as unknown[];
  findings.push(fk.length ? { check: 'foreign keys', severity: 'error', message: `${fk.length} rows point at rows that do not exist`, hint: 'restore the latest backup' } : { check: 'foreign keys', severity: 'ok', message: 'every reference resolves' });

  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST()) {
    findings.push({ check: 'schema', severity: 'error', message: `schema version ${version} is newer than this yimen knows (${LATEST()})`, hint: 'upgrade yimen; an older yimen must not write a newer workspace' });
  } else if (version < LATEST()) {
    findings.push({ check: 'schema', severity: 'warning', message: `schema version ${version}; this yimen migrates it to ${LATEST()} on the next writing command` });
  } else {
    findings.push({ check: 'schema', severity: 'ok', message: `schema version ${version} (current)` });
  }

  if (version >= 1) {
    const have = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]));
    const missing = TRIGGERS.filter((t) => !have.has(t));
    findings.push(
      missing.length
        ? { check: 'event log', severity: 'error', message: `the event log is no longer append-only (missing ${missing.join(', ')})`, hint: 'someone edited the database by hand: restore a backup, or re-create the triggers from src/store/migrations.ts' }
        : { check: 'event log', severity: 'ok', message: `append-only, ${db.prepare('SELECT count(*) FROM events').pluck().get()} events` },
    );
    const pending = tableExists(db, 'publish_journal') ? (db.prepare("SELECT count(*) FROM publish_journal WHERE status = 'pending'").pluck().get() as number) : 0;
    if (pending) findings.push({ check: 'publish journal', severity: 'warning', message: `${pending} publish operations were interrupted`, hint: 'the next `yimen publish` reconciles them against the target before anything else' });
  }
  return { ok: !findings.some((f) => f.severity === 'error'), schemaVersion: version, findings };
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export interface BackupResult {
  from: string;
  to: string;
  bytes: number;
  schemaVersion: number;
}

/** pages per backup step: all of them (better-sqlite3's largest) */
const ALL_PAGES = 0x7fffffff;

/** A consistent copy while other connections go on (SQLite's online backup API). */
export async function backupStateFile(path: string, to: string): Promise<BackupResult> {
  if (!existsSync(path)) {
    throw new YimenError('E_NO_STATE', `no state database at ${path}`, { hint: 'nothing to back up yet: run a stage first', exitCode: ExitCode.usage });
  }
  if (existsSync(to)) {
    throw new YimenError('E_BACKUP_EXISTS', `${to} already exists`, { hint: 'choose another --out, or remove the old file first', exitCode: ExitCode.usage });
  }
  mkdirSync(dirname(to), { recursive: true });
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const partial = `${to}.partial`;
  try {
    db.pragma('busy_timeout = 5000');
    // every page in one step: SQLite restarts a stepwise backup whenever another connection commits
    // between two steps, so under a steady writer (a long run) it could start over for ever
    await db.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  // the finished copy appears under its name only once whole
  renameSync(partial, to);
  const report = checkStateFile(to, { quick: true });
  if (!report.ok) {
    throw new YimenError('E_BACKUP_CHECK', `the backup written to ${to} fails its own check: ${report.findings.find((f) => f.severity === 'error')?.message}`, {
      hint: 'run `yimen doctor`: the state database itself may be damaged',
    });
  }
  return { from: path, to, bytes: statSync(to).size, schemaVersion: report.schemaVersion };
}

export interface RestoreResult {
  from: string;
  to: string;
  /** where the database that was replaced was kept */
  previous?: string;
  schemaVersion: number;
}

/**
 * Brings a backup back. The caller holds the workspace lock, so no other yimen writes meanwhile.
 * The current database is kept beside it (`state.db.before-restore-<time>`), never deleted.
 */
export function restoreStateFile(path: string, from: string, stamp = new Date().toISOString().replace(/[:.]/g, '-')): RestoreResult {
  const report = checkStateFile(from);
  if (!report.ok) {
    const bad = report.findings.find((f) => f.severity === 'error')!;
    throw new YimenError('E_RESTORE_CHECK', `${from} is not a sound yimen state database: ${bad.message}`, { hint: 'pick another backup; `yimen doctor --file FILE` explains a file', exitCode: ExitCode.usage });
  }
  if (report.schemaVersion === 0) {
    throw new YimenError('E_RESTORE_CHECK', `${from} is an SQLite file but not a yimen state database (schema version 0)`, { hint: 'pick a file written by `yimen backup`', exitCode: ExitCode.usage });
  }
  mkdirSync(dirname(path), { recursive: true });
  const incoming = join(dirname(path), `.restore-${stamp}.db`);
  copyFileSync(from, incoming);
  let previous: string | undefined;
  if (existsSync(path)) {
    // fold the WAL into the main file first, so the kept copy is whole on its own
    const db = new Database(path);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    previous = `${path}.before-restore-${stamp}`;
    renameSync(path, previous);
  }
  for (const side of ['-wal', '-shm']) rmSync(`${path}${side}`, { force: true });
  renameSync(incoming, path);
  return { from, to: path, previous, schemaVersion: report.schemaVersion };
}
