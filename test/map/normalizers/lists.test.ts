import { describe, expect, it } from 'vitest';
import { parseList, parseMaterials, splitList, stripNumbering } from '../../../src/map/normalizers/index.js';

describe('splitList', () => {
  it.each<[string, string[]]>([
    ['身份证、户口簿', ['身份证', '户口簿']],
    ['身份证；户口簿;结婚证', ['身份证', '户口簿', '结婚证']],
    ['身份证，户口簿,结婚证', ['身份证', '户口簿', '结婚证']],
    ['身份证\n户口簿\r\n结婚证', ['身份证', '户口簿', '结婚证']],
    ['1.身份证\n2.户口簿', ['身份证', '户口簿']],
    ['1、身份证\n2、户口本', ['身份证', '户口本']],
    ['1. 身份证 2. 户口簿 3. 结婚证', ['身份证', '户口簿', '结婚证']],
    ['1.身份证2.户口簿3.结婚证', ['身份证', '户口簿', '结婚证']],
    ['①身份证②户口簿③结婚证', ['身份证', '户口簿', '结婚证']],
    ['① 身份证；② 户口簿', ['身份证', '户口簿']],
    ['(1)申请书\n(2)身份证明', ['申请书', '身份证明']],
    ['（1）申请书；（2）身份证明', ['申请书', '身份证明']],
    ['1）申请书\n2）身份证明', ['申请书', '身份证明']],
    ['一、申请表\n二、身份证', ['申请表', '身份证']],
    ['营业执照（原件、复印件）；申请表', ['营业执照（原件、复印件）', '申请表']],
    ['申请书。\n身份证。', ['申请书', '身份证']],
    ['身份证、、户口簿', ['身份证', '户口簿']],
    ['', []],
    ['无', ['无']],
  ])('%j → %j', (t, items) => expect(splitList(t)).toEqual(items));
  it('does not split numbers that are not numbering', () => {
    expect(splitList('缴纳3.5万元保证金')).toEqual(['缴纳3.5万元保证金']);
    expect(splitList('2024年度报告')).toEqual(['2024年度报告']);
  });
  it('arrays pass through, each item cleaned', () => expect(splitList([' 1.身份证 ', '户口簿'])).toEqual(['身份证', '户口簿']));
  it('a numbered item with its own numbered lines keeps them as its note; under a heading each is an item', () => {
    expect(splitList('1.申请书；\n(1)个人申请书\n(2)单位申请书\n2.身份证')).toEqual(['申请书（个人申请书；单位申请书）', '身份证']);
    expect(splitList('1.申请书\n2.身份证\n（1）原件\n（2）复印件')).toEqual(['申请书', '身份证（原件；复印件）']);
    expect(splitList('一、个人办理：\n1.身份证\n2.户口簿\n二、单位办理：\n1.营业执照\n2.公章')).toEqual(['身份证（个人办理）', '户口簿（个人办理）', '营业执照（单位办理）', '公章（单位办理）']);
    // on one line, as before: the sub-list stays in its item as written
    expect(splitList('1.身份证明（1）个人（2）单位 2.申请表')).toEqual(['身份证明（1）个人（2）单位', '申请表']);
    expect(parseMaterials('1.申请书\n2.身份证\n（1）原件\n（2）复印件').value?.[1]).toMatchObject({ name: '身份证', note: '原件；复印件', form: 'paper' });
  });
  it("a cell's heading is not part of its first item", () => {
    expect(splitList('申请材料：身份证；户口簿')).toEqual(['身份证', '户口簿']);
    expect(splitList('所需材料清单：身份证')).toEqual(['身份证']);
    // a colon of an item's own stays
    expect(splitList('委托书：需公证；身份证')).toEqual(['委托书：需公证', '身份证']);
  });
  it('stripNumbering', () => {
    expect(stripNumbering('第一项 申请书')).toBe('申请书');
    expect(stripNumbering('• 申请书')).toBe('申请书');
  });
});

describe('parseMaterials', () => {
  it('reads names, notes, counts, form and necessity', () => {
    expect(parseMaterials('1.居民身份证（原件1份，复印件2份）\n2.申请表（容缺后补）\n3.委托书（如有）\n4.电子证照').value).toEqual([
      { name: '居民身份证', note: '原件1份，复印件2份', form: 'paper', originals: 1, copies: 2 },
      { name: '申请表', note: '容缺后补', necessity: 'deferred' },
      { name: '委托书', note: '如有', necessity: 'optional' },
      { name: '电子证照', form: 'electronic' },
    ]);
  });
  it('原件、复印件 are two forms of one material, not two materials', () => {
    expect(parseMaterials('居民身份证原件、复印件；户口簿').value).toEqual([
      { name: '居民身份证原件、复印件', form: 'paper' },
      { name: '户口簿' },
    ]);
    expect(parseMaterials('身份证原件1份、复印件2份').value).toEqual([{ name: '身份证原件1份、复印件2份', form: 'paper', originals: 1, copies: 2 }]);
    expect(parseList('营业执照原件，复印件').value).toEqual(['营业执照原件、复印件']);
  });
  it('不可容缺 is required, 必要时提供 is optional', () => {
    expect(parseMaterials('身份证（不可容缺）；户口簿（不予容缺）').value?.map((m) => m.necessity)).toEqual(['required', 'required']);
    expect(parseMaterials('情况说明（必要时提供）').value).toEqual([{ name: '情况说明', note: '必要时提供', necessity: 'optional' }]);
  });
  it('empty is nothing, and so is a cell that says so', () => {
    expect(parseMaterials('')).toEqual({});
    expect(parseMaterials('无')).toEqual({});
    expect(parseMaterials('无需材料')).toEqual({});
    expect(parseList('暂无')).toEqual({});
    expect(parseList('无、身份证').value).toEqual(['身份证']);
  });
});

describe('lists from JSON sources', () => {
  it('objects in a list give their name', () => {
    expect(splitList([{ name: '身份证' }, { label: '户口簿' }, { 名称: '结婚证' }, { id: 3 }])).toEqual(['身份证', '户口簿', '结婚证']);
  });
  it('material objects keep necessity, counts and notes', () => {
    expect(
      parseMaterials([
        { name: '居民身份证', required: true, originals: 1, copies: '2' },
        { materialName: '委托书', required: '否', note: '代办时提供' },
        { name: '无' },
        '申请表（原件）',
      ]).value,
    ).toEqual([
      { name: '居民身份证', necessity: 'required', originals: 1, copies: 2 },
      { name: '委托书', necessity: 'optional', note: '代办时提供' },
      { name: '申请表', note: '原件', form: 'paper' },
    ]);
  });
});
