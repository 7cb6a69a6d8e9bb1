// `yimen map [APP…]`: raw service records → catalog services, through each app's mapping profile.
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { mapWarnings, renderMapPreview, renderMapSummary } from '../cli/format/map.js';
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
      this.log(renderMapPreview(p));
      return p;
    }
    const summary = await mapApps(ws, this.store(ws), { actor: this.actor(flags), apps: argv as string[] });
    this.log(renderMapSummary(summary));
    for (const w of mapWarnings(summary)) this.warn(w);
    return summary;
  }

}
