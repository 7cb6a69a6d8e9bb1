import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { renderIntegrity } from '../cli/format/workspace.js';
import { ExitCode } from '../errors.js';
import { doctorWorkspace } from '../workspace/backup.js';
import type { IntegrityReport } from '../store/maintenance.js';

export default class Doctor extends BaseCommand {
  static description = 'check the state database (SQLite integrity, schema, append-only event log, interrupted publishes) and explain what it finds';
  static examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --file .yimen/backups/state-2026-12-06.db', '<%= config.bin %> doctor --json'];
  static flags = {
    file: Flags.string({ description: 'check this database file (a backup) instead of the workspace’s' }),
    quick: Flags.boolean({ description: 'quick_check instead of the full integrity_check (faster on big workspaces)' }),
  };

  async run(): Promise<IntegrityReport> {
    const { flags } = await this.parse(Doctor);
    const ws = await this.workspace(flags, { checkFiles: false });
    const report = doctorWorkspace(ws, { file: flags.file, quick: flags.quick });
    this.log(renderIntegrity(report));
    if (!report.ok) process.exitCode = ExitCode.failure;
    return report;
  }
}
