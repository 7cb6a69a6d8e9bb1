// `yimen quarantine`: quarantined records and invalid services, with reason, field and locator.
import { Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { BaseCommand } from '../cli/base-command.js';
import { renderTable } from '../cli/render.js';
import { exportQuarantineXlsx, listQuarantine, type QuarantineReport } from '../map/quarantine.js';

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
    const report = listQuarantine(ws, this.store(ws), { app: flags.app, warnings: flags.warnings });
    if (!report.items.length) this.log('nothing in quarantine and no invalid services');
    else {
      this.log(
        renderTable(
          ['app', 'kind', 'stage', 'locator', 'field', 'reason'],
          report.items.slice(0, flags.limit).map((i) => [i.appId, i.kind === 'service' ? `service${i.severity === 'warning' ? ' (warning)' : ''}` : 'record', i.stage, i.locator, i.field ?? '', i.name ? `${i.name}: ${i.reason}` : i.reason]),
        ),
      );
      if (report.items.length > flags.limit) this.log(`… ${report.items.length - flags.limit} more rows: use --export FILE.xlsx or --json for all`);
      this.log(`${report.counts.records} quarantined records, ${report.counts.invalidServices} invalid services`);
    }
    if (flags.export) {
      const file = resolve(flags.export);
      await exportQuarantineXlsx(report, file);
      report.exported = file;
      this.log(`written ${file}`);
    }
    return report;
  }
}
