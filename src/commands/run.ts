// `yimen run`: every stage once, in order; then the status. Ctrl-C stops after the stage in progress.
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { renderStatus } from '../cli/format/status.js';
import { renderPending, runProblems } from '../cli/format/run.js';
import { appById } from '../workspace/loader.js';
import { runPipeline } from '../pipeline.js';
import { workspaceStatus } from '../status/index.js';

export default class Run extends BaseCommand {
  static description = 'run every stage: catalog import, extract, map, decide, publish, redirects plan; then show the status';
  static examples = ['<%= config.bin %> run', '<%= config.bin %> run -w examples/jiangsu', '<%= config.bin %> run wujiang --no-publish'];
  static strict = false;
  static args = { apps: Args.string({ description: 'app ids (default: all)' }) };
  static flags = {
    'no-publish': Flags.boolean({ description: 'stop before publishing: extract, map, decide and plan redirects only' }),
    'detailed-exitcode': Flags.boolean({ description: 'exit 5 when work remains for people (services in review, quarantined records, invalid services), 0 when none' }),
    'accept-shrink': Flags.boolean({ description: 'confirm that a source really has far fewer services than its last snapshot (recorded in the event log)' }),
  };

  async run() {
    const { flags, argv } = await this.parse(Run);
    const ws = await this.workspace(flags);
    const apps = (argv as string[]).map((id) => appById(ws, id).id);
    const store = this.store(ws);
    const result = await runPipeline(ws, store, {
      actor: this.actor(flags),
      apps,
      signal: this.abortSignal('stopping after the stage in progress (Ctrl-C again to quit at once)'),
      noPublish: flags['no-publish'],
      acceptShrink: flags['accept-shrink'],
      onStage: (s) => {
        if (!this.jsonEnabled()) this.logToStderr(`» ${s}`);
      },
    });
    const status = workspaceStatus(ws, store);
    this.log(renderStatus(status));
    this.log(renderPending(result.pending));
    const problems = runProblems(result);
    if (problems.length) {
      for (const p of problems) process.stderr.write(`warning: ${p}\n`); // also under --json
      process.exitCode = ExitCode.partial;
    } else if (flags['detailed-exitcode'] && (result.pending.review || result.pending.quarantined || result.pending.invalid)) {
      process.exitCode = ExitCode.workRemains;
    }
    return { ...result, status, problems };
  }
}
