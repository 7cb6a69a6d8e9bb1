// `yimen adapters check APP`: can the app's adapter reach and read its source? A clear yes, or why not.
import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { adapterCheckFailure, renderAdapterCheck } from '../../cli/format/adapters.js';
import { checkApp, type AppCheck } from '../../extract/check.js';

export default class AdaptersCheck extends BaseCommand {
  static description = "check that an app's adapter can reach and read its source, and list the streams it offers";
  static examples = ['<%= config.bin %> adapters check wujiang', '<%= config.bin %> adapters check wujiang --json'];
  static args = { app: Args.string({ description: 'the app id in yimen.yaml', required: true }) };

  async run(): Promise<AppCheck> {
    const { flags, args } = await this.parse(AdaptersCheck);
    const ws = await this.workspace(flags, { checkFiles: false });
    const r = await checkApp(ws, args.app);
    if (r.ok) this.log(renderAdapterCheck(r));
    else {
      if (!this.jsonEnabled()) process.stderr.write(adapterCheckFailure(r));
      process.exitCode = ExitCode.failure;
    }
    return r;
  }
}
