// What an app's menu writes around a name is not the name: invisible characters, spaces and line
// breaks, symbols and emoji, marketing tags, other bracket kinds. A metamorphic check: each such
// change to a real service name leaves the catalog's answer as it was (the dev set's names against
// the real base catalog of test/fixtures/matching).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../../src/map/match/matcher.js';
import { matchName } from '../../../src/map/match/normalize.js';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'matching');

describe('matchName', () => {
  it.each([
    ['社保\u200b卡 申领', '社保卡申领'],
    ['社保卡\n申领…', '社保卡申领'],
    ['★社保卡申领🔥', '社保卡申领'],
    ['社保卡申领【热门】', '社保卡申领'],
    ['[新]社保卡申领(HOT)', '社保卡申领'],
    ['公积金提取〔购房〕', '公积金提取（购房）'],
    ['【浏阳】社保卡申领', '社保卡申领（浏阳）'],
    // a qualifier in brackets is the service's, not a tag: kept
    ['网络预约出租汽车运输证发放（新增）', '网络预约出租汽车运输证发放（新增）'],
    ['（个人）社保缴费', '（个人）社保缴费'],
  ])('%j → %j', (name, read) => {
    expect(matchName(name)).toBe(read);
    expect(matchName(read)).toBe(read);
  });
});

describe('a menu\'s decorations do not change the catalog\'s answer', () => {
  const catalog = (parse(readFileSync(join(FIX, 'base-catalog.csv')), { columns: true, bom: true }) as Record<string, string>[]).map((r, i) => ({
    id: `${r['基本编码']}#${i}`,
    name: r['事项名称']!,
    department: r['实施部门'],
  }));
  const names = [...new Set(readFileSync(join(FIX, 'dev-set.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0]!).filter((n) => n && !n.startsWith('#')))].slice(0, 200);
  const m = new Matcher({});
  const index = m.catalogIndex(catalog);
  const decorations: Array<[string, (s: string) => string]> = [
    ['a zero-width space', (s) => `${s.slice(0, 2)}\u200b${s.slice(2)}`],
    ['a soft hyphen', (s) => `${s.slice(0, 2)}\u00ad${s.slice(2)}`],
    ['a space', (s) => `${s.slice(0, 2)} ${s.slice(2)}`],
    ['an ideographic space', (s) => `${s.slice(0, 2)}\u3000${s.slice(2)}`],
    ['a line break', (s) => `${s.slice(0, 3)}\n${s.slice(3)}`],
    ['a star', (s) => `★${s}`],
    ['an emoji', (s) => `${s}🔥`],
    ['an ellipsis', (s) => `${s}…`],
    ['a 热门 tag', (s) => `${s}【热门】`],
    ['a (新) tag', (s) => `${s}(新)`],
    ['tortoise-shell brackets', (s) => s.replace(/[（(]/g, '〔').replace(/[）)]/g, '〕')],
  ];
  it.each(decorations)('%s', (_, decorate) => {
    expect(names.length).toBeGreaterThan(50);
    const changed: string[] = [];
    for (const name of names) {
      const v = decorate(name);
      if (v === name) continue;
      const [a] = index.search({ id: 'q', name }, 3);
      const [b] = index.search({ id: 'q', name: v }, 3);
      if (a?.id !== b?.id || a?.score !== b?.score) changed.push(`${name}: ${a?.id} ${a?.score} → ${b?.id} ${b?.score}`);
    }
    expect(changed).toEqual([]);
  });
});
