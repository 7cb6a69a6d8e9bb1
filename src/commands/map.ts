// `yimen map [APP…]`: raw service records → catalog services, through each app's mapping profile.
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { renderTable } from '../cli/render.js';
import { UsageError } from '../errors.js';
import { mapApps, previewRecord, type MapPreview, type MapSummary } from '../map/stage.js';

export default class Map extends BaseCommand {
  static description = 'map extracted records to catalog services with each app\'s profile, and validate them';
  static examples = [
    '<%= config.bin %> map',
    '<%= config.bin %> map wujiang',
    '<%= config.bin %> map --json',
    '<%= config.bin %> map wujiang --show WJ-0001   # how one record maps, nothing written',
  ];
  static strict = false;
  static args = { apps: Args.string({ description: 'app ids (default: every app in yimen.yaml)', required: false }) };
  static flags = {
    show: Flags.string({ description: 'show how the record with this source key maps (one app), without writing anything' }),
  };

  async run(): Promise<MapSummary | MapPreview> {
    const { flags, argv } = await this.parse(Map);
    const ws = await this.workspace(flags);
    if (flags.show !== undefined) {
      if (argv.length !== 1) throw new UsageError('--show needs exactly one app', 'e.g. yimen map wujiang --show WJ-0001');
      const p = previewRecord(ws, this.store(ws), String(argv[0]), flags.show);
      this.renderPreview(p);
      return p;
    }
    const summary = await mapApps(ws, this.store(ws), { actor: this.actor(flags), apps: argv as string[] });
    const rows = summary.apps.map((a) => [a.appId, a.services, a.new, a.changed, a.unchanged, a.removed, a.invalid, a.warnings, a.extras.fields, a.quarantined]);
    const t = summary.totals;
    if (summary.apps.length > 1) rows.push(['total', t.services, t.new, t.changed, t.unchanged, t.removed, t.invalid, t.warnings, t.extrasFields, t.quarantined]);
    this.log(
      renderTable(['app', 'services', 'new', 'changed', 'unchanged', 'removed', 'invalid', 'warnings', 'extra fields', 'quarantined'], rows, {
        align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      }),
    );
    for (const a of summary.apps) {
      if (a.extras.fields) this.log(`${a.appId}: unmapped columns kept in extras: ${a.extras.names.join(', ')}`);
      if (a.missingColumns.length) this.warn(`${a.appId}: ${a.profile} reads columns no record has: ${a.missingColumns.join(', ')} (a typo, or the export changed?)`);
    }
    if (t.invalid || t.quarantined) this.log(`${t.invalid} invalid services and ${t.quarantined} quarantined records: see \`yimen quarantine\``);
    this.log(`region codes checked against ${summary.regionTable}`);
    return summary;
  }

  private renderPreview(p: MapPreview): void {
    this.log(`${p.appId} ${p.sourceKey} (${p.locator}) through ${p.profile}`);
    this.log(renderTable(['source column', 'value'], Object.entries(p.record).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])));
    if (!p.service) {
      this.log(p.quarantine ?? '');
      return;
    }
    const { id, appId, source, issues, extras, ...fields } = p.service;
    void appId;
    void source;
    const rows = Object.entries(fields)
      .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
    this.log(renderTable([`field (${id})`, 'value'], rows));
    if (Object.keys(extras).length) this.log(`extras: ${Object.keys(extras).join(', ')}`);
    if (issues.length) this.log(renderTable(['field', 'severity', 'code', 'message'], issues.map((i) => [i.field, i.severity, i.code, i.message])));
    else this.log('no issues');
  }
}
