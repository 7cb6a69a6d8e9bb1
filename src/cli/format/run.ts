// `yimen run`'s problems: what made a run a partial success (an app's source failed or was partly
// unreadable, some publishes failed), one line each, for stderr.
import type { runPipeline } from '../../pipeline.js';

type RunResult = Awaited<ReturnType<typeof runPipeline>>;

export function runProblems(result: RunResult): string[] {
  const problems: string[] = [];
  for (const id of result.extract.failed) problems.push(`extract failed for ${id}: ${result.extract.apps.find((a) => a.appId === id)?.error ?? 'see yimen extract ' + id}`);
  for (const id of result.extract.incomplete) problems.push(`${id}: part of the source could not be read (yimen quarantine --app ${id})`);
  if (result.publish && result.publish.exitCode !== 0) problems.push(`${result.publish.failures.length} publish operation(s) failed (yimen publish to retry)`);
  return problems;
}
