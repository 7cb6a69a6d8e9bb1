// `yimen run`'s problems: what made a run a partial success (an app's source failed or was partly
// unreadable, some publishes failed), one line each, for stderr.
import type { PendingWork, runPipeline } from '../../pipeline.js';

type RunResult = Awaited<ReturnType<typeof runPipeline>>;

export function runProblems(result: RunResult): string[] {
  const problems: string[] = [];
  for (const id of result.extract.failed) problems.push(`extract failed for ${id}: ${result.extract.apps.find((a) => a.appId === id)?.error ?? 'see yimen extract ' + id}`);
  for (const id of result.extract.incomplete) problems.push(`${id}: part of the source could not be read (yimen quarantine --app ${id})`);
  if (result.publish && result.publish.exitCode !== 0) problems.push(`${result.publish.failures.length} publish operation(s) failed (yimen publish to retry)`);
  return problems;
}

/** The last line of `yimen run`: what waits for people (CI gates on it with --detailed-exitcode). */
export function renderPending(p: PendingWork): string {
  return `left for people: ${p.review} in review (yimen review), ${p.quarantined} quarantined (yimen quarantine), ${p.invalid} invalid services (yimen services list)`;
}
