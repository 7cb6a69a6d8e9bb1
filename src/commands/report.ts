// `yimen report`: an HTML dashboard, an XLSX workbook and a Markdown summary for project managers;
// with --since / --compare, what changed. Thin: parse, call generateReport, say where the files are.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { renderReport } from '../cli/format/report.js';
import { generateReport, REPORT_FORMATS, type ReportFormat, type ReportResult } from '../report/index.js';

export default class Report extends BaseCommand {
  static description = 'write the progress report: a self-contained HTML dashboard, an XLSX workbook and a Markdown summary (Chinese by default)';
  static examples = [
    '<%= config.bin %> report',
    '<%= config.bin %> report --out out/report --lang en',
    '<%= config.bin %> report --format md --since 2026-11-23',
    '<%= config.bin %> report --format xlsx --compare 2026-11-16 2026-11-23',
    '<%= config.bin %> report --app wujiang --format html',
  ];
  static flags = {
    out: Flags.string({ description: 'folder for the report files', default: 'out/report' }),
    format: Flags.string({ description: 'formats to write (repeatable); default html and xlsx', options: [...REPORT_FORMATS], multiple: true }),
    lang: Flags.string({ description: 'language of the report', options: ['zh', 'en'], default: 'zh' }),
    since: Flags.string({ description: 'also report what changed since DATE (YYYY-MM-DD, Asia/Shanghai) or event #ID', exclusive: ['compare'] }),
    compare: Flags.string({ description: 'what changed between two points: dates or event ids (--compare A B)', multiple: true, exclusive: ['since'] }),
    app: Flags.string({ description: 'only these apps (repeatable)', multiple: true }),
    'table-limit': Flags.integer({ description: 'service rows embedded in the HTML (problem rows first, then a sample)', default: 5000 }),
  };

  async run(): Promise<Omit<ReportResult, 'markdown'> & { markdown?: string }> {
    const { flags } = await this.parse(Report);
    if (flags.compare && flags.compare.length !== 2) this.error('--compare takes two points: --compare A B', { exit: 2 });
    const formats = (flags.format?.length ? flags.format : ['html', 'xlsx']) as ReportFormat[];
    const ws = await this.workspace(flags, { checkFiles: false });
    const r = await generateReport(ws, this.store(ws), {
      out: flags.out,
      formats,
      lang: flags.lang as 'zh' | 'en',
      apps: flags.app,
      since: flags.since,
      compare: flags.compare as [string, string] | undefined,
      tableLimit: flags['table-limit'],
    });
    this.log(renderReport(r, formats));
    return r;
  }
}
