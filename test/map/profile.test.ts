import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile, CATALOG_FIELD_NAMES, profileJsonSchema } from '../../src/map/profile.js';
import { applyProfile } from '../../src/map/apply.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

function profile(text: string, appId?: string) {
  const dir = tempDir();
  mkdirSync(join(dir, 'profiles'));
  const file = join(dir, 'profiles', 'p.yaml');
  writeFileSync(file, text);
  return loadProfile(file, 'profiles/p.yaml', appId);
}

function errorOf(text: string): ConfigError {
  try {
    profile(text);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

// the exact format of interfaces.md
const INTERFACE_EXAMPLE = `
fields:
  name: 事项名称                              # shorthand: one source column
  catalogCode: { from: [基本编码, 事项编码] }  # first non-empty wins
  localCode: { from: [内部编号] }
  taskType: { from: [事项类型], transform: taskType }
  agency.name: { from: [实施主体] }
  agency.code: { from: [实施主体编码] }
  division.code: { from: [行政区划], default: "320509" }
  promisedLimit: { from: [承诺办结时限, 承诺时限], transform: timeLimit }
  legalLimit: { from: [法定办结时限], transform: timeLimit }
  fee: { from: [是否收费], transform: fee }
  consult.phone: { from: [咨询电话], transform: phone }
  materials: { from: [申请材料], transform: materials }
  serviceObjects: { from: [服务对象], transform: serviceObjects }
  usage.monthlyVisits: { from: [月访问量], transform: number }
ignore: [序号]
`;

describe('mapping profiles', () => {
  it('accepts the format of interfaces.md and maps a record', () => {
    const p = profile(INTERFACE_EXAMPLE);
    const r = applyProfile(p, {
      序号: '1',
      事项名称: ' 公积金提取（租房） ',
      基本编码: '',
      事项编码: '５１１Ｆ33033003',
      内部编号: 'WJ-0001',
      事项类型: '公共服务',
      实施主体: '苏州市住房公积金管理中心吴江分中心',
      承诺办结时限: '',
      承诺时限: '五个工作日',
      法定办结时限: '20个工作日（不含公示时间）',
      是否收费: '不收费',
      咨询电话: '(0512)63014384',
      申请材料: '1.身份证\n2.租房合同',
      服务对象: '个人',
      月访问量: '1,540',
      上架状态: '已上架',
      空列: '',
    });
    expect(r.fields).toEqual({
      name: '公积金提取（租房）',
      catalogCode: '511F33033003',
      localCode: 'WJ-0001',
      taskType: { code: '20', label: '公共服务' },
      agency: { name: '苏州市住房公积金管理中心吴江分中心' },
      division: { code: '320509' },
      promisedLimit: { value: 5, unit: 'workday' },
      legalLimit: { value: 20, unit: 'workday', text: '20个工作日（不含公示时间）' },
      fee: { charged: false, items: [] },
      consult: { phone: '0512-63014384' },
      materials: [{ name: '身份证' }, { name: '租房合同' }],
      serviceObjects: [{ code: '1', label: '自然人' }],
      usage: { monthlyVisits: 1540 },
    });
    // 序号 is ignored, 空列 is empty: only 上架状态 lands in extras
    expect(r.extras).toEqual({ 上架状态: '已上架' });
    expect(r.issues).toEqual([]);
  });

  it('an unknown catalog field is an error naming file, line and field', () => {
    const e = errorOf('fields:\n  name: 事项名称\n  description: 说明\n');
    expect(e.message).toContain('profiles/p.yaml:3');
    expect(e.message).toContain('fields.description');
    expect(e.message).toContain('not a catalog field');
    expect(e.hint).toContain('ignore');
    expect(e.exitCode).toBe(2);
  });

  it('an unknown transform is an error naming the field', () => {
    const e = errorOf('fields:\n  name: 事项名称\n  fee: { from: [收费], transform: money }\n');
    expect(e.message).toMatch(/profiles\/p\.yaml:3: fields\.fee\.transform: unknown transform "money"/);
    expect(e.hint).toContain('timeLimit');
  });

  it('unknown keys, wrong types and a missing name are errors', () => {
    expect(errorOf('fields:\n  name: 事项名称\n  fee: { form: [收费] }\n').message).toMatch(/fields\.fee.*unknown field "form"/);
    expect(errorOf('fields:\n  name: 事项名称\nignore: 序号\n').message).toMatch(/ignore/);
    expect(errorOf('fields:\n  catalogCode: 编码\n').message).toMatch(/fields\.name: missing/);
    expect(errorOf('field:\n  name: 事项名称\n').message).toMatch(/unknown field "field"|fields/);
    expect(errorOf('fields:\n  name: 事项名称\n  fee: {}\n').message).toMatch(/fields\.fee: needs from:/);
    expect(errorOf('fields: [\n').message).toMatch(/not valid YAML/);
  });

  it('a missing profile file is a config error', () => {
    expect(() => loadProfile('/nonexistent/p.yaml', 'profiles/missing.yaml')).toThrow(/profiles\/missing\.yaml.*file not found/);
  });

  it('value: constants, default:, transform chains and dotted paths into JSON', () => {
    const p = profile(`
fields:
  name: guide.title
  useLevel: { value: 县级 }
  division.code: { from: [区划], default: "320509" }
  localCode: { from: [code], transform: [halfWidth, code] }
  consult.phone: guide.contact.phone
`);
    const r = applyProfile(p, { guide: { title: '社保卡申领', contact: { phone: '0512 6301 4384' } }, code: 'ｗｊ-１' });
    expect(r.fields).toEqual({
      name: '社保卡申领',
      useLevel: { code: '4', label: '县级' },
      division: { code: '320509' },
      localCode: 'WJ-1',
      consult: { phone: '0512-63014384' },
    });
    expect(r.extras).toEqual({});
  });

  it('per-app overrides replace fields and add ignored columns', () => {
    const text = `
fields:
  name: 事项名称
  division.code: { from: [区划], default: "320509" }
apps:
  liyang:
    fields:
      division.code: { value: "320481" }
    ignore: [备注]
`;
    const base = applyProfile(profile(text), { 事项名称: 'a', 备注: 'x' });
    expect(base.fields.division).toEqual({ code: '320509' });
    expect(base.extras).toEqual({ 备注: 'x' });
    const ly = applyProfile(profile(text, 'liyang'), { 事项名称: 'a', 备注: 'x' });
    expect(ly.fields.division).toEqual({ code: '320481' });
    expect(ly.extras).toEqual({});
  });

  it('transform findings become issues on the field', () => {
    const p = profile('fields:\n  name: 名称\n  promisedLimit: 时限\n');
    const r = applyProfile(p, { 名称: 'x', 时限: '视情况而定' });
    expect(r.issues).toEqual([{ field: 'promisedLimit', severity: 'warning', code: 'time-limit-unparsed', message: 'time limit not understood: "视情况而定"' }]);
  });

  it('an object a transform cannot read is a warning, not a silent loss', () => {
    const p = profile('fields:\n  name: 名称\n  fee: 收费\n');
    const r = applyProfile(p, { 名称: 'x', 收费: { amount: 5 } });
    expect(r.fields.fee).toBeUndefined();
    expect(r.issues).toMatchObject([{ field: 'fee', severity: 'warning', code: 'value-not-understood' }]);
  });

  it('exports the profile format as JSON Schema with the closed list of fields', () => {
    const js = profileJsonSchema() as { properties: { fields: { propertyNames: { enum: string[] } } }; transforms: string[] };
    expect(js.properties.fields.propertyNames.enum).toEqual(CATALOG_FIELD_NAMES);
    expect(js.transforms).toContain('timeLimit');
  });

  it('lists the catalog fields', () => {
    expect(CATALOG_FIELD_NAMES).toContain('usage.monthlyVisits');
    expect(CATALOG_FIELD_NAMES).not.toContain('id');
    expect(CATALOG_FIELD_NAMES).not.toContain('issues');
  });

  it('extends: a base profile, fields replaced by the child, ignore merged; errors name the file they are in', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'profiles'));
    writeFileSync(join(dir, 'profiles', 'base.yaml'), 'fields:\n  name: 事项名称\n  promisedLimit: 承诺时限\nignore: [序号]\n');
    writeFileSync(join(dir, 'profiles', 'child.yaml'), 'extends: base.yaml\nfields:\n  promisedLimit: 办理时限\nignore: [备注]\n');
    const p = loadProfile(join(dir, 'profiles', 'child.yaml'), 'profiles/child.yaml');
    const r = applyProfile(p, { 事项名称: 'x', 承诺时限: '5天', 办理时限: '即办', 序号: '1', 备注: 'n' });
    expect(r.fields).toEqual({ name: 'x', promisedLimit: { value: 0, unit: 'workday' } });
    expect(r.extras).toEqual({ 承诺时限: '5天' });

    writeFileSync(join(dir, 'profiles', 'base.yaml'), 'fields:\n  name: 事项名称\n  summary: 摘要\n');
    expect(() => loadProfile(join(dir, 'profiles', 'child.yaml'), 'profiles/child.yaml')).toThrow(/profiles\/base\.yaml:3: fields\.summary/);
    writeFileSync(join(dir, 'profiles', 'base.yaml'), 'extends: child.yaml\nfields:\n  name: 事项名称\n');
    expect(() => loadProfile(join(dir, 'profiles', 'child.yaml'), 'profiles/child.yaml')).toThrow(/loop/);
    writeFileSync(join(dir, 'profiles', 'child.yaml'), 'extends: nope.yaml\nfields: {}\n');
    expect(() => loadProfile(join(dir, 'profiles', 'child.yaml'), 'profiles/child.yaml')).toThrow(/nope\.yaml.*file not found/);
  });
});

// docs/mapping.md, "Routing values by pattern": its YAML block and its table, run as written
function docsRoutingExample(): { yaml: string; rows: Array<Record<string, string>> } {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'mapping.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Routing values by pattern'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  const lines = section.slice(section.indexOf('\n| ')).trim().split('\n');
  const table = lines.slice(0, lines.findIndex((l) => !l.startsWith('|')));
  const cells = (l: string) => l.split('|').slice(1, -1).map((c) => c.trim().replace(/^`|`$/g, ''));
  const head = cells(table[0]!);
  const rows = table.slice(2).map((l) => Object.fromEntries(cells(l).map((c, i) => [head[i]!, c])));
  return { yaml, rows };
}

describe('routes: values sent to one field or another by pattern', () => {
  it('runs the docs example exactly', () => {
    const { yaml, rows } = docsRoutingExample();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const p = profile(yaml);
    for (const row of rows) {
      const r = applyProfile(p, { 事项名称: '事项', 事项编码: row['事项编码'] ?? '', 咨询方式: row['咨询方式'] ?? '' });
      const f = r.fields as { catalogCode?: string; localCode?: string; consult?: { phone?: string; url?: string } };
      const shown = (v: string | undefined) => v || undefined;
      expect(f.catalogCode, JSON.stringify(row)).toBe(shown(row['catalogCode']));
      expect(f.localCode, JSON.stringify(row)).toBe(shown(row['localCode']));
      expect(f.consult?.phone, JSON.stringify(row)).toBe(shown(row['consult.phone']));
      expect(f.consult?.url, JSON.stringify(row)).toBe(shown(row['consult.url']));
      expect(r.issues.map((i) => i.code), JSON.stringify(row)).toEqual(row['warning'] ? [row['warning']] : []);
    }
  });

  it('never publishes a local code as a catalog code; an unmatched value stays in extras', () => {
    const p = profile("fields:\n  name: 名称\nroutes:\n  - from: 编码\n    to:\n      - { field: catalogCode, match: '^\\d{12}$' }\n");
    const local = applyProfile(p, { 名称: 'x', 编码: 'GA-0032' });
    expect(local.fields).toEqual({ name: 'x' });
    expect(local.extras).toEqual({ 编码: 'GA-0032' });
    expect(local.issues).toMatchObject([{ field: 'catalogCode', severity: 'warning', code: 'route-unmatched' }]);
    expect(local.issues[0]!.message).toContain('GA-0032');
    expect(applyProfile(p, { 名称: 'x', 编码: 511602000001 }).fields).toEqual({ name: 'x', catalogCode: '511602000001' });
  });

  it('a field filled by fields: keeps its value; the route fills what is empty', () => {
    const p = profile("fields:\n  name: 名称\n  catalogCode: 基本编码\nroutes:\n  - from: 编码\n    to: [{ field: catalogCode, match: '^\\d{12}$' }, { field: localCode }]\n");
    expect(applyProfile(p, { 名称: 'x', 基本编码: '511602000009', 编码: '511602000001' }).fields).toEqual({ name: 'x', catalogCode: '511602000009' });
    expect(applyProfile(p, { 名称: 'x', 基本编码: '', 编码: '511602000001' }).fields).toEqual({ name: 'x', catalogCode: '511602000001' });
  });

  it('match: on a field takes the first column whose value fits, and says what it refused', () => {
    const p = profile("fields:\n  name: 名称\n  catalogCode: { from: [基本编码, 事项编码], match: '^\\d{12}$' }\n");
    expect(applyProfile(p, { 名称: 'x', 基本编码: 'GA-1', 事项编码: '511602000001' }).fields).toEqual({ name: 'x', catalogCode: '511602000001' });
    const refused = applyProfile(p, { 名称: 'x', 基本编码: 'GA-1', 事项编码: '' });
    expect(refused.fields).toEqual({ name: 'x' });
    expect(refused.issues).toMatchObject([{ field: 'catalogCode', code: 'value-not-matched' }]);
    // another field reads the column: the refused value goes there, no warning
    const both = profile("fields:\n  name: 名称\n  catalogCode: { from: [编码], match: '^\\d{12}$' }\n  localCode: 编码\n");
    expect(applyProfile(both, { 名称: 'x', 编码: 'GA-1' })).toMatchObject({ fields: { name: 'x', localCode: 'GA-1' }, issues: [] });
  });

  it('per-app routes replace the profile routes; a child profile replaces the base routes', () => {
    const text = "fields:\n  name: 名称\nroutes:\n  - from: 编码\n    to: [{ field: catalogCode, match: '^\\d{12}$' }, { field: localCode }]\napps:\n  wg:\n    routes:\n      - from: 编码\n        to: [{ field: localCode }]\n";
    expect(applyProfile(profile(text), { 名称: 'x', 编码: '511602000001' }).fields).toEqual({ name: 'x', catalogCode: '511602000001' });
    expect(applyProfile(profile(text, 'wg'), { 名称: 'x', 编码: '511602000001' }).fields).toEqual({ name: 'x', localCode: '511602000001' });
    const dir = tempDir();
    mkdirSync(join(dir, 'profiles'));
    writeFileSync(join(dir, 'profiles', 'base.yaml'), "fields:\n  name: 名称\nroutes:\n  - from: 编码\n    to: [{ field: catalogCode, match: '^\\d{12}$' }, { field: localCode }]\n");
    writeFileSync(join(dir, 'profiles', 'child.yaml'), 'extends: base.yaml\nfields:\n  hours: 时间\n');
    const child = loadProfile(join(dir, 'profiles', 'child.yaml'), 'profiles/child.yaml');
    expect(applyProfile(child, { 名称: 'x', 编码: 'GA-1', 时间: '工作日' }).fields).toEqual({ name: 'x', localCode: 'GA-1', hours: '工作日' });
    writeFileSync(join(dir, 'profiles', 'base.yaml'), "fields:\n  name: 名称\nroutes:\n  - from: 编码\n    to: [{ field: catalogKode }]\n");
    expect(() => loadProfile(join(dir, 'profiles', 'child.yaml'), 'profiles/child.yaml')).toThrow(/profiles\/base\.yaml:5: routes\[0\]\.to\[0\]\.field/);
  });

  it.each<[string, RegExp]>([
    ["routes:\n  - from: 编码\n    to:\n      - { field: catalogCode, match: '^(\\d{12}$' }\n", /profiles\/p\.yaml:6: routes\[0\]\.to\[0\]\.match: match: is not a valid regular expression/],
    ["routes:\n  - from: 编码\n    to:\n      - { field: catalogKode, match: '^\\d{12}$' }\n", /profiles\/p\.yaml:6: routes\[0\]\.to\[0\]\.field: "catalogKode" is not a catalog field/],
    ["routes:\n  - from: 编码\n    to:\n      - { field: localCode }\n      - { field: catalogCode, match: '^\\d{12}$' }\n", /profiles\/p\.yaml:6: routes\[0\]\.to\[0\]: a target without match: takes every value/],
    ["routes:\n  - from: 编码\n    to:\n      - { field: localCode, transform: money }\n", /profiles\/p\.yaml:6: routes\[0\]\.to\[0\]\.transform: unknown transform "money"/],
    ["routes:\n  - from: 编码\n    to: []\n", /profiles\/p\.yaml:5: routes\[0\]\.to/],
    ["routes:\n  - from: 编码\n    to:\n      - { field: localCode, when: x }\n", /profiles\/p\.yaml:6: routes\[0\]\.to\[0\]/],
  ])('a faulty route is a profile error with its file and line (%#)', (routes, message) => {
    const e = errorOf(`fields:\n  name: 名称\n${routes}`);
    expect(`${e.message}`).toMatch(message);
  });
});

describe('usage counts', () => {
  it('usage.monthlyVisits reads counts as people write them, with or without transform: number', () => {
    for (const spec of ['月访问量', '{ from: [月访问量], transform: number }', '{ from: [月访问量], transform: integer }']) {
      const p = profile(`fields:\n  name: 名称\n  usage.monthlyVisits: ${spec}\n  usage.registeredUsers: 注册用户\n`);
      expect(applyProfile(p, { 名称: 'x', 月访问量: '月访问 4,731次', 注册用户: '约1.2万' }).fields).toEqual({ name: 'x', usage: { monthlyVisits: 4731, registeredUsers: 12000 } });
      const unknown = applyProfile(p, { 名称: 'x', 月访问量: '未统计', 注册用户: '—' });
      expect(unknown).toMatchObject({ fields: { name: 'x' }, issues: [] });
      const junk = applyProfile(p, { 名称: 'x', 月访问量: '很多', 注册用户: '' });
      expect(junk.fields).toEqual({ name: 'x' });
      expect(junk.issues).toMatchObject([{ field: 'usage.monthlyVisits', severity: 'warning', code: 'count-unparsed' }]);
    }
  });
});
