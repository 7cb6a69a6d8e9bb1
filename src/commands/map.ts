// `yimen map [APP…]`: raw service records → catalog services, through each app's mapping profile.
import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { renderTable } from '../cli/render.js';
import { mapApps, type MapSummary } from '../map/stage.js';

export default class Map extends BaseCommand {
  static description = 'map extracted records to catalog services with each app\'s profile, and validate them';
  static examples = ['<%= config.bin %> map', '<%= config.bin %> map wujiang', '<%= config.bin %> map --json'];
  static strict = false;
  static args = { apps: Args.string({ description: 'app ids (default: every app in yimen.yaml)', required: false }) };

  async run(): Promise<MapSummary> {
    const { flags, argv } = await this.parse(Map);
    const ws = await this.workspace(flags);
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
}
