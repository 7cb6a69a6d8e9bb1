// JSON exporter: the whole plan in a documented schema (redirects.schema.json beside it), for any
// other server, CDN or script. Rules whose destination fails the re-check are in `refused`, not
// in `rules`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RedirectRule } from '../../schema/index.js';
import { writeJsonWithArray, writeSchema } from './json-file.js';
import { RefusedRule, emptyResult, recheck, type ExportContext, type Exporter, type FormatResult } from './types.js';

export const RedirectsFile = z
  .object({
    kind: z.literal('yimen-redirects'),
    version: z.literal(1),
    generatedAt: z.string().describe('ISO time of the export'),
    unifiedApp: z.object({ name: z.string(), allowlist: z.array(z.string()) }),
    apps: z.array(z.object({ id: z.string(), name: z.string() })),
    rules: z.array(RedirectRule).describe('one per old entry point: redirect (301 + destination), notice and unresolved (410 + notice page), pending (old page stays)'),
    refused: z.array(RefusedRule).describe('rules whose destination failed the check at export'),
  })
  .describe('yimen redirect plan export');
export type RedirectsFile = z.infer<typeof RedirectsFile>;

export const jsonExporter: Exporter = {
  name: 'json',
  description: 'the whole plan as redirects.json, with redirects.schema.json',
  async run(ctx: ExportContext): Promise<FormatResult> {
    const res = emptyResult('json');
    const rules: RedirectRule[] = [];
    for (let i = 0; i < ctx.rules.length; i++) {
      const bad = recheck(ctx, i);
      if (bad) res.refused.push(bad);
      else rules.push(ctx.rules[i]!);
    }
    const dir = join(ctx.outDir, 'json');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'redirects.json');
    await writeJsonWithArray(
      file,
      { kind: 'yimen-redirects', version: 1, generatedAt: ctx.at, unifiedApp: { name: ctx.unifiedApp.name, allowlist: ctx.unifiedApp.allowlist }, apps: ctx.apps },
      'rules',
      rules,
      { refused: res.refused },
    );
    writeSchema(join(dir, 'redirects.schema.json'), 'redirects.schema.json', RedirectsFile);
    res.rules = rules.length;
    res.files.push({ path: file, rules: rules.length });
    return res;
  },
};
