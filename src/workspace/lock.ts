// The workspace lock: two runs must never apply to a target at once (DESIGN §10). A file
// `.yimen/lock.json` created atomically (O_EXCL); a lock whose process is gone on this host is
// stale and broken with an event; otherwise `yimen unlock ID` breaks it.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { YimenError, ExitCode } from '../errors.js';
import { appendEvent } from '../store/open.js';
import { workspacePaths } from './paths.js';

export interface LockInfo {
  id: string;
  pid: number;
  host: string;
  actor: string;
  operation: string;
  started: string;
}

export function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // a half-written or garbled lock file: treat as held by nobody we can identify
    return { id: 'unreadable', pid: 0, host: '?', actor: '?', operation: '?', started: '?' };
  }
}

export function pidAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** stale: held by a process on this host that no longer runs */
export function isStale(l: LockInfo): boolean {
  return l.host === hostname() && !pidAlive(l.pid);
}

export interface HeldLock {
  info: LockInfo;
  /** the stale lock this acquisition broke, if any */
  broke?: LockInfo;
  release(): void;
}

/** locks this process holds, by path: a stage inside `yimen run` (publish) joins the run's lock */
const heldHere = new Map<string, { info: LockInfo; depth: number; broke?: LockInfo }>();

export function acquireLock(path: string, who: { actor: string; operation: string }): HeldLock {
  const mine = heldHere.get(path);
  if (mine && readLock(path)?.id === mine.info.id) {
    mine.depth++;
    let released = false;
    return {
      info: mine.info,
      // a stale lock broken by the outer acquisition (the command) is reported by the stage that records it
      broke: mine.broke,
      release() {
        if (released) return;
        released = true;
        if (--mine.depth === 0) {
          heldHere.delete(path);
          try {
            if (readLock(path)?.id === mine.info.id) unlinkSync(path);
          } catch {
            /* already gone */
          }
        }
      },
    };
  }
  heldHere.delete(path);
  const held = acquireFresh(path, who);
  const entry = { info: held.info, depth: 1, broke: held.broke };
  heldHere.set(path, entry);
  let released = false;
  return {
    info: held.info,
    broke: held.broke,
    release() {
      if (released) return;
      released = true;
      if (--entry.depth === 0) {
        if (heldHere.get(path) === entry) heldHere.delete(path);
        held.release();
      }
    },
  };
}

function acquireFresh(path: string, who: { actor: string; operation: string }): HeldLock {
  mkdirSync(dirname(path), { recursive: true });
  const info: LockInfo = { id: randomUUID(), pid: process.pid, host: hostname(), actor: who.actor, operation: who.operation, started: new Date().toISOString() };
  let broke: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = readLock(path);
      if (held && isStale(held) && held.id !== 'unreadable') {
        // the holder died (a crash, SIGKILL): its pending intents are reconciled by this run
        try {
          if (readLock(path)?.id === held.id) unlinkSync(path);
        } catch {
          /* someone else broke it first */
        }
        broke = held;
        continue;
      }
      if (!held) continue; // released meanwhile
      throw new YimenError(
        'E_LOCKED',
        `the workspace is locked by ${held.actor} (${held.operation}, pid ${held.pid} on ${held.host}, since ${held.started}); lock id ${held.id}`,
        { hint: `wait for that run to finish; if it is gone, break the lock with \`yimen unlock ${held.id}\``, exitCode: ExitCode.failure, details: { lock: held } },
      );
    }
    writeSync(fd, JSON.stringify(info, null, 2) + '\n');
    closeSync(fd);
    return {
      info,
      broke,
      release() {
        try {
          if (readLock(path)?.id === info.id) unlinkSync(path);
        } catch {
          /* already gone */
        }
      },
    };
  }
  throw new YimenError('E_LOCKED', 'could not take the workspace lock (it keeps changing hands)', { hint: 'try again' });
}

/** Breaks the lock with this id. Refuses a live holder on this host unless forced. */
export function breakLock(path: string, id: string, opts: { force?: boolean } = {}): LockInfo {
  const held = readLock(path);
  if (!held) throw new YimenError('E_NOT_LOCKED', 'the workspace is not locked', { exitCode: ExitCode.usage });
  if (held.id !== id && held.id !== 'unreadable') {
    throw new YimenError('E_LOCK_ID', `the lock id is ${held.id}, not ${id}`, { hint: 'copy the id from the lock message or `.yimen/lock.json`', exitCode: ExitCode.usage });
  }
  if (held.host === hostname() && pidAlive(held.pid) && !opts.force) {
    throw new YimenError('E_LOCK_LIVE', `the lock is held by a running process (pid ${held.pid}, ${held.operation})`, {
      hint: 'let it finish, stop it, or pass --force if you are sure it is not publishing',
      exitCode: ExitCode.failure,
    });
  }
  unlinkSync(path);
  return held;
}

/** `yimen unlock ID`: breaks the workspace's lock by its id and records who did, in the event log. */
export function unlockWorkspace(root: string, id: string, opts: { actor: string; force?: boolean }): LockInfo {
  const paths = workspacePaths(root);
  const lock = breakLock(paths.lock, id, { force: opts.force });
  appendEvent(paths.db, {
    actor: opts.actor,
    action: 'publish.unlock',
    entity: 'workspace',
    summary: `broke the lock ${lock.id} of ${lock.actor} (${lock.operation}, pid ${lock.pid} on ${lock.host})`,
    details: lock,
  });
  return lock;
}

/** Who holds the workspace's lock, if anyone. */
export function workspaceLock(root: string): LockInfo | undefined {
  return readLock(workspacePaths(root).lock);
}
