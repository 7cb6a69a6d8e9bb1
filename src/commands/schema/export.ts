import { Args, Flags } from '@oclif/core';
import { writeFileSync } from 'node:fs';
import { BaseCommand } from '../../cli/base-command.js';
import { SCHEMAS, toJsonSchema, type SchemaName } from '../../schema/index.js';

export default class SchemaExport extends BaseCommand {
  static description = 'write the canonical catalog schema as JSON Schema';
  static examples = ['<%= config.bin %> schema export', '<%= config.bin %> schema export --out catalog-service.schema.json', '<%= config.bin %> schema export EntryPoint'];
  static args = {
    name: Args.string({ description: 'which schema', options: Object.keys(SCHEMAS), default: 'CatalogService' }),
  };
  static flags = { out: Flags.string({ char: 'o', description: 'write to this file instead of stdout' }) };

  async run(): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(SchemaExport);
    const schema = toJsonSchema(args.name as SchemaName);
    const text = JSON.stringify(schema, null, 2) + '\n';
    if (flags.out) {
      writeFileSync(flags.out, text);
      this.logToStderr(`wrote ${flags.out}`);
    } else if (!this.jsonEnabled()) process.stdout.write(text);
    return schema;
  }
}
