import { Args, Flags } from '@oclif/core';
import { BaseCommand, ExitCode } from '../cli/base-command.js';
import { renderStatus } from '../cli/status-view.js';
import { appById } from '../workspace/loader.js';
import { runPipeline } from '../pipeline.js';
import { workspaceStatus } from '../status/index.js';

export default class Run extends BaseCommand {
  static description = 'run every stage: catalog import, extract, map, decide, publish, redirects plan; then show the status';
  static examples = ['<%= config.bin %> run', '<%= config.bin %> run -w examples/jiangsu', '<%= config.bin %> run wujiang --no-publish'];
  static strict = false;
  static args = { apps: Args.string({ description: 'app ids (default: all)' }) };
  static flags = { 'no-publish': Flags.boolean({ description: 'stop before publishing: extract, map, decide and plan redirects only' }) };

  async run() {
    const { flags, argv } = await this.parse(Run);
    const ws = await this.workspace(flags);
    const apps = (argv as string[]).map((id) => appById(ws, id).id);
    const store = this.store(ws);
    const ac = new AbortController();
    const onInt = () => {
      if (ac.signal.aborted) process.exit(130); // a second Ctrl-C: quit at once (publish reconciles next time)
      ac.abort();
      process.stderr.write('\nstopping after the stage in progress (Ctrl-C again to quit at once)\n');
    };
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onInt);
    try {
      const result = await runPipeline(ws, store, {
        actor: this.actor(flags),
        apps,
        signal: ac.signal,
        noPublish: flags['no-publish'],
        onStage: (s) => {
          if (!this.jsonEnabled()) this.logToStderr(`» ${s}`);
        },
      });
      const status = workspaceStatus(ws, store);
      this.log(renderStatus(status));
      // partial success: an app's source failed or was partly unreadable, or some publishes failed
      const problems: string[] = [];
      for (const id of result.extract.failed) problems.push(`extract failed for ${id}: ${result.extract.apps.find((a) => a.appId === id)?.error ?? 'see yimen extract ' + id}`);
      for (const id of result.extract.incomplete) problems.push(`${id}: part of the source could not be read (yimen quarantine --app ${id})`);
      if (result.publish && result.publish.exitCode !== 0) problems.push(`${result.publish.failures.length} publish operation(s) failed (yimen publish to retry)`);
      if (problems.length) {
        for (const p of problems) process.stderr.write(`warning: ${p}\n`); // also under --json
        process.exitCode = ExitCode.partial;
      }
      return { ...result, status, problems };
    } finally {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onInt);
    }
  }
}
