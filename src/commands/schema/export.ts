// `yimen schema export [NAME]`: a JSON Schema, of the catalog records or of the files people edit.
import { Args, Flags } from '@oclif/core';
import { writeFileSync } from 'node:fs';
import { BaseCommand } from '../../cli/base-command.js';
import { EXPORTABLE_SCHEMAS, exportJsonSchema, type ExportableSchema } from '../../cli/schemas.js';

export default class SchemaExport extends BaseCommand {
  static description =
    'write a JSON Schema: the canonical catalog schema (CatalogService, EntryPoint …), or Workspace (yimen.yaml) and Profile (mapping profiles) for editors to validate them';
  static examples = [
    '<%= config.bin %> schema export',
    '<%= config.bin %> schema export --out catalog-service.schema.json',
    '<%= config.bin %> schema export EntryPoint',
    '<%= config.bin %> schema export Workspace -o yimen.schema.json   # then in yimen.yaml: # yaml-language-server: $schema=yimen.schema.json',
    '<%= config.bin %> schema export Profile -o profile.schema.json',
  ];
  static args = {
    name: Args.string({ description: 'which schema', options: Object.keys(EXPORTABLE_SCHEMAS), default: 'CatalogService' }),
  };
  static flags = { out: Flags.string({ char: 'o', description: 'write to this file instead of stdout' }) };

  async run(): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(SchemaExport);
    const schema = exportJsonSchema(args.name as ExportableSchema);
    const text = JSON.stringify(schema, null, 2) + '\n';
    if (flags.out) {
      writeFileSync(flags.out, text);
      this.logToStderr(`wrote ${flags.out}`);
    } else if (!this.jsonEnabled()) process.stdout.write(text);
    return schema;
  }
}
