// Renders `yimen init` (what was created and what to do next) and `yimen unlock` (the lock).
import { renderTable } from './table.js';
import type { IntegrityReport } from '../../store/maintenance.js';
import type { InitResult } from '../../workspace/init.js';
import type { LockInfo } from '../../workspace/lock.js';

export function renderInit(r: InitResult): string {
  const out = [
    `${r.overwritten ? 'Re-initialised' : 'Created'} a yimen workspace in ${r.dir}${r.example ? ` (example: ${r.example})` : ''}: ` + `${r.files.length} files, apps: ${r.apps.join(', ')}`,
    '\nNext steps:',
  ];
  for (const s of r.nextSteps) out.push(`  ${s}`);
  return out.join('\n');
}

export function renderLockHolder(lock: LockInfo | undefined): string {
  return lock ? `locked by ${lock.actor} (${lock.operation}, pid ${lock.pid} on ${lock.host}, since ${lock.started}); id ${lock.id}` : 'the workspace is not locked';
}

export function renderUnlocked(lock: LockInfo): string {
  return `lock ${lock.id} broken; the next publish reconciles whatever that run left pending`;
}

/** `yimen doctor`: each check with its finding and what to do. */
export function renderIntegrity(report: IntegrityReport): string {
  return [
    report.path,
    renderTable(['check', 'result', 'finding', 'what to do'], report.findings.map((f) => [f.check, f.severity, f.message, f.hint ?? ''])),
    report.ok ? 'no problems that stop work' : 'problems found: see above',
  ].join('\n');
}
