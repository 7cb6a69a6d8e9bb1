import { describe, expect, it } from 'vitest';
import {
  parseCode,
  parseCrossRegionScope,
  parseHandlingForms,
  parsePhone,
  parseServiceObjects,
  parseTaskType,
  parseUseLevel,
  parseVisits,
  parseOnlineDepth,
} from '../../../src/map/normalizers/index.js';

describe('phones', () => {
  it.each([
    ['(0519)87654321', '0519-87654321'],
    ['（0519）87654321', '0519-87654321'],
    ['(0519) 8765 4321', '0519-87654321'],
    ['0519-87654321', '0519-87654321'],
    ['0519 8721 8888', '0519-87218888'],
    ['051987654321', '0519-87654321'],
    ['０５１９－８７６５４３２１', '0519-87654321'],
    ['010-12345678', '010-12345678'],
    ['01012345678', '010-12345678'],
    ['025-8888 6666', '025-88886666'],
    ['02588886666', '025-88886666'],
    ['0826-2345678', '0826-2345678'],
    ['08262345678', '0826-2345678'],
    ['+86 512 6301 4384', '0512-63014384'],
    ['+86 13812345678', '13812345678'],
    ['12345', '12345'],
    ['12315', '12315'],
    ['110', '110'],
    ['95566', '95566'],
    ['0512-12329', '0512-12329'],
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['400-123-4567', '400-123-4567'],
    ['4001234567', '400-123-4567'],
    ['87654321', '87654321'],
    ['0519-87654321转123', '0519-87654321转123'],
    ['0519-87654321-123', undefined],
    ['电话：0519-87654321', '0519-87654321'],
    ['0826-2222222、12345', '0826-2222222; 12345'],
    ['0826-2222222；0826-3333333', '0826-2222222; 0826-3333333'],
    ['0826-2222222或12345', '0826-2222222; 12345'],
    [51987654321, undefined],
    ['0512-63014384（工作日）', '0512-63014384'],
    ['0512-63014384(上午8:30-12:00)', '0512-63014384'],
    ['咨询电话：0512-63014384 投诉电话：12345', '0512-63014384; 12345'],
    ['0512—63014384', '0512-63014384'],
    ['0512－63014384', '0512-63014384'],
    ['63014384（吴江）', '63014384'],
    ['0512-63014384,63014385', '0512-63014384; 63014385'],
    ['12345热线', '12345'],
    ['12345政务服务便民热线', '12345'],
    ['电话0512-63014384转801', '0512-63014384转801'],
    ['0512-63014384、0512-63014384', '0512-63014384; 0512-63014384'],
    // an extension in brackets is kept, not dropped with the brackets
    ['0512-63014384（转801）', '0512-63014384转801'],
    ['（0512）63014384(分机801)', '0512-63014384转801'],
  ])('%s → %s', (t, want) => {
    const r = parsePhone(t);
    if (want === undefined) expect(r.findings?.[0]).toMatchObject({ severity: 'warning', code: 'phone-unparsed' });
    else {
      expect(r.value).toBe(want);
      expect(r.findings ?? []).toEqual([]);
    }
  });
  it('numbers amid other words are kept, the words reported', () => {
    const r = parsePhone('0512-63014384 请找王科长');
    expect(r.value).toBe('0512-63014384');
    expect(r.findings?.[0]?.code).toBe('phone-partly-unparsed');
  });
  it('an extension that cannot be read is reported, not dropped', () => {
    const r = parsePhone('0512-63014384（转801、802）');
    expect(r.value).toBe('0512-63014384');
    expect(r.findings?.[0]?.code).toBe('phone-partly-unparsed');
  });
  it('junk is kept with a warning', () => {
    const r = parsePhone('请拨打热线');
    expect(r.value).toBe('请拨打热线');
    expect(r.findings?.[0]?.code).toBe('phone-unparsed');
  });
});

describe('task types', () => {
  it.each([
    ['1', '01'], ['01', '01'], [1, '01'], ['5', '05'], ['7', '07'], ['8', '08'], ['9', '09'], ['10', '10'], ['20', '20'], ['99', '99'],
    ['行政许可', '01'], ['许可', '01'], ['行政许可事项', '01'], ['行政审批', '01'], ['行政处罚', '02'], ['行政强制', '03'], ['行政征收', '04'],
    ['行政给付', '05'], ['给付', '05'], ['行政检查', '06'], ['行政确认', '07'], ['确认', '07'], ['行政奖励', '08'], ['行政裁决', '09'],
    ['其他行政权力', '10'], ['其他权力', '10'], ['其他职权', '10'], ['公共服务', '20'], ['公共服务事项', '20'], ['公共服务类', '20'], ['便民服务', '20'],
    ['01 行政许可', '01'], ['20-公共服务', '20'], ['其他', '99'], ['行 政 许 可', '01'],
  ])('%s → %s', (t, code) => {
    const r = parseTaskType(t);
    expect(r.value?.code).toBe(code);
    expect(r.findings ?? []).toEqual([]);
  });
  it('unknown: label kept, warning', () => {
    const r = parseTaskType('乱码');
    expect(r.value).toEqual({ label: '乱码' });
    expect(r.findings?.[0]?.code).toBe('task-type-unknown');
    expect(parseTaskType('33').findings?.[0]?.code).toBe('task-type-unknown');
  });
});

describe('service objects', () => {
  it.each<[string, string[]]>([
    ['自然人', ['1']],
    ['个人', ['1']],
    ['自然人、企业法人', ['1', '2']],
    ['自然人,法人', ['1', '2']],
    ['个人和法人', ['1', '2']],
    ['法人或其他组织', ['2', '9']],
    ['公民、法人和其他组织', ['1', '2', '9']],
    ['个人/企业', ['1', '2']],
    ['企业法人、事业法人、社会组织法人', ['2', '3', '4']],
    ['个体工商户', ['5']],
    ['行政机关', ['6']],
    ['其他组织', ['9']],
    ['1；2', ['1', '2']],
    ['自然人；自然人', ['1']],
  ])('%s → %j', (t, codes) => {
    const r = parseServiceObjects(t);
    expect(r.value?.map((o) => o.code)).toEqual(codes);
  });
  it('unknown labels kept, with a warning', () => {
    const r = parseServiceObjects('自然人、外星人');
    expect(r.value).toEqual([{ code: '1', label: '自然人' }, { label: '外星人' }]);
    expect(r.findings?.[0]?.code).toBe('service-object-unknown');
  });
});

describe('other coded fields', () => {
  it.each([
    ['县级', '4'], ['4', '4'], ['区县级', '4'], ['乡镇级', '5'], ['村级', '6'], ['省级', '2'], ['分级管理', '7'],
    // the catalogue standard's written forms and common short ones
    ['设区的市级', '3'], ['市（州）级', '3'], ['县（市、区）级', '4'], ['乡级', '5'], ['镇（乡、街道）级', '5'], ['村（社区）级', '6'], ['省（自治区、直辖市）级', '2'],
  ])('use level %s → %s', (t, c) => expect(parseUseLevel(t).value?.code).toBe(c));
  it('an unknown use level is kept with a warning', () => {
    expect(parseUseLevel('跨级').value).toEqual({ label: '跨级' });
    expect(parseUseLevel('跨级').findings?.[0]?.code).toBe('use-level-unknown');
  });
  it('handling forms', () => {
    expect(parseHandlingForms('窗口办理、网上办理、快递送达').value).toEqual(['window', 'pc', 'express']);
    expect(parseHandlingForms('掌上办；线下').value).toEqual(['window', 'mobile']);
  });
  it.each([
    ['全国通办', 'national'], ['跨省通办', 'national'], ['长三角通办', 'cross-province'], ['全省通办', 'province'], ['全市通办', 'city'], ['全区通办', 'county'], ['无', 'none'],
  ])('scope %s → %s', (t, s) => expect(parseCrossRegionScope(t).value).toBe(s));
  it.each([
    ['4', 4], ['四级', 4], ['Ⅲ级', 3], ['二级', 2], ['全程网办', 4], [1, 1],
  ])('online depth %s → %d', (t, n) => expect(parseOnlineDepth(t).value).toBe(n));
  it('an online depth out of range warns', () => expect(parseOnlineDepth('五级').findings?.[0]?.code).toBe('online-depth-unknown'));
  it.each([
    ['0次', 0], ['1次', 1], ['最多跑一次', 1], ['零跑腿', 0], ['2', 2], [0, 0],
    ['10次', 10], ['最多跑2次', 2], ['最多跑两次', 2], ['无需到现场', 0], ['零次', 0],
  ])('visits %s → %d', (t, n) => expect(parseVisits(t).value).toBe(n));
  it('codes: half-width, spaces removed, upper case; lost digits flagged', () => {
    expect(parseCode(' ｍａ２ｙｊ 1xr9g ').value).toBe('MA2YJ1XR9G');
    expect(parseCode(320509).value).toBe('320509');
    expect(parseCode(1.15113010833722e17).findings?.[0]?.code).toBe('code-precision-lost');
    expect(parseCode('1.15113E+17').findings?.[0]?.code).toBe('code-precision-lost');
  });
});
