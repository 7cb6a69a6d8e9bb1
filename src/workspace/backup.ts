// A workspace's state database kept safe: backups while work goes on, restores under the
// workspace lock, and an explained integrity check. The event log records each backup and restore.
import { join, resolve } from 'node:path';
import type { Workspace } from './loader.js';
import { acquireLock } from './lock.js';
import { appendEvent } from '../store/open.js';
import { backupStateFile, checkStateFile, restoreStateFile, type BackupResult, type IntegrityReport, type RestoreResult } from '../store/maintenance.js';

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export function defaultBackupPath(ws: Workspace): string {
  return join(ws.paths.stateDir, 'backups', `state-${stamp()}.db`);
}

export async function backupWorkspace(ws: Workspace, opts: { actor: string; out?: string }): Promise<BackupResult> {
  const to = opts.out ? resolve(opts.out) : defaultBackupPath(ws);
  const result = await backupStateFile(ws.paths.db, to);
  appendEvent(ws.paths.db, { actor: opts.actor, action: 'backup', entity: 'workspace', summary: `backed up the state database to ${to} (${result.bytes} bytes)`, details: result });
  return result;
}

export function restoreWorkspace(ws: Workspace, from: string, opts: { actor: string }): RestoreResult {
  // no publish, run or other restore may write while the file is swapped
  const lock = acquireLock(ws.paths.lock, { actor: opts.actor, operation: 'restore' });
  try {
    const result = restoreStateFile(ws.paths.db, resolve(from));
    appendEvent(ws.paths.db, {
      actor: opts.actor,
      action: 'restore',
      entity: 'workspace',
      summary: `restored the state database from ${result.from}${result.previous ? `; the one it replaced is kept as ${result.previous}` : ''}`,
      details: result,
    });
    return result;
  } finally {
    lock.release();
  }
}

export function doctorWorkspace(ws: Workspace, opts: { file?: string; quick?: boolean } = {}): IntegrityReport {
  return checkStateFile(opts.file ? resolve(opts.file) : ws.paths.db, { quick: opts.quick });
}
