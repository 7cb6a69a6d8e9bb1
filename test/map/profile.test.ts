import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
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
