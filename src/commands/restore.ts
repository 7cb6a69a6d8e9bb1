import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { restoreWorkspace } from '../workspace/backup.js';
import type { RestoreResult } from '../store/maintenance.js';

export default class Restore extends BaseCommand {
  static description = 'bring back a backup of the state database (checked first; the current one is kept beside it)';
  static examples = ['<%= config.bin %> restore .yimen/backups/state-2026-12-06T08-00-00-000Z.db'];
  static args = { file: Args.string({ description: 'a file written by `yimen backup`', required: true }) };

  async run(): Promise<RestoreResult> {
    const { args, flags } = await this.parse(Restore);
    const ws = await this.workspace(flags, { checkFiles: false });
    const r = restoreWorkspace(ws, args.file, { actor: this.actor(flags) });
    this.log(`restored ${r.to} from ${r.from} (schema ${r.schemaVersion})`);
    if (r.previous) this.log(`the database it replaced is kept as ${r.previous}`);
    return r;
  }
}
