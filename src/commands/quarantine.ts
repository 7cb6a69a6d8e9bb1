// `yimen quarantine`: quarantined records and invalid services, with reason, field and locator.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { renderQuarantine } from '../cli/format/quarantine.js';
import { quarantineReport, type QuarantineReport } from '../status/quarantine.js';

export default class Quarantine extends BaseCommand {
  static description = 'list quarantined records and invalid services (error issues), with reason, field and locator, so the app owners can fix their data';
  static examples = [
    '<%= config.bin %> quarantine',
    '<%= config.bin %> quarantine --app wujiang',
    '<%= config.bin %> quarantine --export out/quarantine.xlsx',
    '<%= config.bin %> quarantine --json',
  ];
  static flags = {
    app: Flags.string({ description: 'only this app' }),
    export: Flags.string({ description: 'also write an XLSX workbook (formula injection neutralised) to this file' }),
    warnings: Flags.boolean({ description: 'list warnings of services too, not only errors' }),
    limit: Flags.integer({ description: 'rows shown in the table (--json and --export always have all)', default: 200 }),
  };

  async run(): Promise<QuarantineReport> {
    const { flags } = await this.parse(Quarantine);
    const ws = await this.workspace(flags, { checkFiles: false });
    const report = await quarantineReport(ws, this.store(ws), { app: flags.app, warnings: flags.warnings, exportTo: flags.export });
    this.log(renderQuarantine(report, flags.limit));
    return report;
  }
}
