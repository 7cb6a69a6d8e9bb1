// The exit codes a user (or a script, or CI) sees, and what each means: the one table. The numbers
// live with the error registry at the bottom layer (src/error-codes.ts) so a stage can say
// "partial" without importing the CLI; what they mean to a user, and how an error becomes one,
// is the CLI's.
import { ExitCode } from '../error-codes.js';
import { isYimenError } from '../errors.js';

export { ExitCode };

export const EXIT_CODES: ReadonlyArray<{ code: ExitCode; name: keyof typeof ExitCode; meaning: string }> = [
  { code: ExitCode.ok, name: 'ok', meaning: 'done' },
  { code: ExitCode.failure, name: 'failure', meaning: 'failed (an app, the target or the store); nothing half-done is left unrecorded' },
  { code: ExitCode.usage, name: 'usage', meaning: 'usage or configuration error: a flag, an argument, yimen.yaml or a profile is wrong' },
  { code: ExitCode.partial, name: 'partial', meaning: 'partial success: some items or apps failed (or Ctrl-C stopped the run), the rest went through' },
  { code: ExitCode.planChanges, name: 'planChanges', meaning: '`plan --detailed-exitcode`: changes are pending' },
  { code: ExitCode.workRemains, name: 'workRemains', meaning: '`run --detailed-exitcode`: work remains for people (services in review, quarantined records, invalid services)' },
  { code: ExitCode.interrupted, name: 'interrupted', meaning: 'a second Ctrl-C: quit at once (the next run reconciles)' },
];

/** The exit code for an error that reached the command: a YimenError's own, else a failure. */
export function exitCodeOf(err: unknown): ExitCode {
  return isYimenError(err) ? err.exitCode : ExitCode.failure;
}
