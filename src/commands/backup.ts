import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { backupWorkspace } from '../workspace/backup.js';
import type { BackupResult } from '../store/maintenance.js';

export default class Backup extends BaseCommand {
  static description = 'write a consistent copy of the state database, while other commands keep working';
  static examples = ['<%= config.bin %> backup', '<%= config.bin %> backup --out /backups/yimen-2026-12-06.db'];
  static flags = {
    out: Flags.string({ char: 'o', description: 'the file to write (default .yimen/backups/state-<time>.db); never overwritten' }),
  };

  async run(): Promise<BackupResult> {
    const { flags } = await this.parse(Backup);
    const ws = await this.workspace(flags, { checkFiles: false });
    const r = await backupWorkspace(ws, { actor: this.actor(flags), out: flags.out });
    this.log(`backed up ${r.from} → ${r.to} (${r.bytes.toLocaleString('en')} bytes, schema ${r.schemaVersion}); restore it with \`yimen restore ${r.to}\``);
    return r;
  }
}
