// Chinese enumerations in one cell (issue 12, item 3): numbered cells are cut at their numbers,
// never inside brackets or inside numbers; real item names from the 广安区 guide list as fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMaterials, splitList } from '../../../src/map/normalizers/index.js';

describe('splitList: enumerations as they are written', () => {
  it.each<[string, string[]]>([
    // the shapes the issue names
    ['（1）申请书 （2）身份证', ['申请书', '身份证']],
    ['(1)申请书(2)身份证(3)户口簿', ['申请书', '身份证', '户口簿']],
    ['1.申请书 2.身份证', ['申请书', '身份证']],
    ['1、申请书 2、身份证', ['申请书', '身份证']],
    ['①申请书②身份证', ['申请书', '身份证']],
    ['一、申请表 二、身份证', ['申请表', '身份证']],
    ['一、申请表二、身份证', ['申请表', '身份证']],
    ['（一）申请表（二）身份证', ['申请表', '身份证']],
    ['第1项：申请表 第2项：身份证', ['申请表', '身份证']],
    // full-width digits number items too; the items keep their own full-width digits
    ['１、申请书２、身份证', ['申请书', '身份证']],
    ['１.申请书 ２.身份证', ['申请书', '身份证']],
    ['（１）申请书（２）近３年财务报表', ['申请书', '近３年财务报表']],
    ['１、申请书\n２、身份证', ['申请书', '身份证']],
    ['申请表；身份证;户口簿', ['申请表', '身份证', '户口簿']],
    ['申请表\n身份证\r\n户口簿', ['申请表', '身份证', '户口簿']],
    // brackets and numbers stay whole
    ['身份证（原件、复印件）', ['身份证（原件、复印件）']],
    ['1.5寸照片', ['1.5寸照片']],
    ['2024年度审计报告', ['2024年度审计报告']],
    ['1.申请表 2.1.5寸照片3张', ['申请表', '1.5寸照片3张']],
    ['1、身份证（原件，复印件）2、1寸免冠照片2张', ['身份证（原件，复印件）', '1寸免冠照片2张']],
    ['（1）营业执照（原件、复印件各1份）（2）法定代表人身份证', ['营业执照（原件、复印件各1份）', '法定代表人身份证']],
    ['1.营业执照（1.原件 2.复印件）2.申请书', ['营业执照（1.原件 2.复印件）', '申请书']],
    // the numbers mark the items: 、 and ， inside a numbered item belong to it; ； and new lines still split
    ['1.申请人身份证、户口簿原件及复印件；2.申请表', ['申请人身份证、户口簿原件及复印件', '申请表']],
    ['1.身份证\n2.户口簿\n结婚证', ['身份证', '户口簿', '结婚证']],
    // a nested list stays inside its outer item
    ['1.申请人身份证明（1）个人：身份证（2）单位：营业执照\n2.申请表', ['申请人身份证明（1）个人：身份证（2）单位：营业执照', '申请表']],
    // a heading before the numbers is not an item
    ['申请材料：1.申请表 2.身份证', ['申请表', '身份证']],
    // numbers that do not run 1, 2, 3 … are not numbering
    ['缴纳3.5万元保证金', ['缴纳3.5万元保证金']],
    ['近三个月工资流水', ['近三个月工资流水']],
    ['统一社会信用代码证、近3年财务报表', ['统一社会信用代码证', '近3年财务报表']],
  ])('%j → %j', (text, items) => expect(splitList(text)).toEqual(items));

  it('materials from an enumerated line keep their notes and counts', () => {
    expect(parseMaterials('（1）身份证（原件1份、复印件2份）（2）申请表（容缺后补）').value).toEqual([
      { name: '身份证', note: '原件1份、复印件2份', form: 'paper', originals: 1, copies: 2 },
      { name: '申请表', note: '容缺后补', necessity: 'deferred' },
    ]);
  });
});

describe('splitList on real item names (广安区 guides)', () => {
  const csv = readFileSync(join(import.meta.dirname, 'fixtures', 'sichuan-guangan-service-guides.csv'), 'utf8');
  // the third column (name); quoted cells may hold commas
  const names = csv
    .split('\n')
    .slice(1)
    .map((l) => [...l.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'))[2] ?? '')
    .filter(Boolean);
  // names with separators inside brackets, or digits: the ones a naive splitter breaks (names with a
  // separator outside brackets are two items to any splitter, so they are left out)
  const outside = (n: string) => n.replace(/[（(][^（()）]*[)）]/g, '').replace(/[（(][^（()）]*[)）]/g, '');
  const hard = names.filter((n) => (/[（(][^）)]*[、，；][^）)]*[）)]/.test(n) || /\d/.test(n)) && !/[、，,；;]/.test(outside(n)));

  it('the fixture has such names', () => expect(hard.length).toBeGreaterThanOrEqual(10));
  it('each stays one item on its own', () => {
    for (const n of hard) expect(splitList(n), n).toEqual([n]);
  });
  it.each<[string, (i: number) => string, string]>([
    ['(1)', (i) => `（${i + 1}）`, ' '],
    ['1.', (i) => `${i + 1}.`, ''],
    ['1、', (i) => `${i + 1}、`, ' '],
    ['①', (i) => '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'[i]!, ''],
    ['一、', (i) => `${'一二三四五六七八九十'[i % 10]}、`, '\n'],
  ])('numbered %s on one line, they come back whole', (_style, mark, gap) => {
    const some = hard.slice(0, 10);
    expect(splitList(some.map((n, i) => `${mark(i)}${n}`).join(gap))).toEqual(some);
  });
  it('separated by ；, they come back whole', () => expect(splitList(hard.join('；'))).toEqual(hard));
});
