// `yimen schema export Workspace|Profile`: JSON Schemas editors can validate yimen.yaml and
// profiles with. Checked with a real JSON Schema validator (Ajv, draft 2020-12) against the
// bundled example (valid) and against broken documents (invalid, at the right place).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { exportJsonSchema, EXPORTABLE_SCHEMAS } from '../../src/cli/schemas.js';
import { yimen } from '../helpers/cli.js';
import { ROOT, tempDir } from '../support/workspace.js';

const EXAMPLE = join(ROOT, 'examples', 'jiangsu');

function validator(name: 'Workspace' | 'Profile') {
  // formats zod writes that Ajv does not know (e.g. "includes") are left to the patterns beside them
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  return ajv.compile(exportJsonSchema(name));
}

describe('schema export: Workspace and Profile', () => {
  it('lists them beside the catalog schemas', () => {
    expect(Object.keys(EXPORTABLE_SCHEMAS)).toEqual(expect.arrayContaining(['CatalogService', 'Workspace', 'Profile']));
  });

  it("accepts the bundled example's yimen.yaml and rejects broken ones where they break", () => {
    const validate = validator('Workspace');
    const doc = parse(readFileSync(join(EXAMPLE, 'yimen.yaml'), 'utf8'));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);

    expect(validate({ ...doc, province: 32 })).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/province')).toBe(true);
    const { apps, ...noApps } = doc as { apps: unknown[] };
    expect(apps.length).toBeGreaterThan(0);
    expect(validate(noApps)).toBe(false);
    expect(validate({ ...doc, apps: [{ ...(apps[0] as object), division: '3205' }] })).toBe(false);
    expect(validate({ ...doc, surprise: 1 })).toBe(false); // strict: a typo in a key is caught
  });

  it("accepts the bundled example's profiles and rejects a misspelt key", () => {
    const validate = validator('Profile');
    const dir = join(EXAMPLE, 'profiles');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const doc = parse(readFileSync(join(dir, f), 'utf8'));
      expect(validate(doc), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate({ fields: { name: '事项名称' }, ignored: ['x'] })).toBe(false);
    expect(validate({ fields: { name: { from: '事项名称', transfrom: 'text' } } })).toBe(false);
  });

  it('writes them from the CLI', () => {
    const out = join(tempDir(), 'yimen.schema.json');
    const r = yimen(['schema', 'export', 'Workspace', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ title: 'Workspace', type: 'object' });
    const bad = yimen(['schema', 'export', 'Nope']);
    expect(bad.code).toBe(2);
  });
});
