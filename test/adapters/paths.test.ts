// The one field-path language (yimen/sdk): JSON paths, HTML paths, and entry points in any shape.
import { describe, it, expect } from 'vitest';
import { selectAll, selectFirst, selectList, compilePath, isFieldPath, parseHtmlPath, entryPointsOf, EntryPointSpec, childrenOf, childKeys, kindOf, FieldPathError } from 'yimen/sdk';

const doc = {
  appId: 'wx0001',
  data: { list: [{ id: 1, name: '甲', dept: { name: '局A' }, tags: ['x', 'y'] }, { id: 2, title: '乙', deptName: '局B' }] },
  'odd.key': { v: 3 },
  menu: [{ name: 'g', children: [{ id: 'a', url: '/a' }], items: [{ id: 'b' }] }],
};

describe('JSON field paths', () => {
  it('reads dotted paths, indexes (also negative) and quoted keys', () => {
    expect(selectFirst(doc, 'data.list[0].dept.name')).toBe('局A');
    expect(selectFirst(doc, 'data.list.1.id')).toBe(2);
    expect(selectFirst(doc, 'data.list[-1].id')).toBe(2);
    expect(selectFirst(doc, "['odd.key'].v")).toBe(3);
    expect(selectFirst(doc, '$.appId')).toBe('wx0001');
    expect(selectFirst(doc, '')).toBe(doc);
    expect(selectFirst(doc, 'data.nope.x')).toBeUndefined();
  });

  it('wildcards name every element, alternatives take the first path with a value', () => {
    expect(selectAll(doc, 'data.list[*].id')).toEqual([1, 2]);
    expect(selectAll(doc, 'data.list.*.tags[*]')).toEqual(['x', 'y']);
    expect(selectAll(doc, 'data.list[*].name|data.list[*].title')).toEqual(['甲']);
    expect(selectFirst(doc.data.list[1], 'dept.name|deptName')).toBe('局B');
    // blank values do not count as found
    expect(selectFirst({ a: '  ', b: 'B' }, 'a|b')).toBe('B');
  });

  it('.. reads a key at any depth, in document order', () => {
    expect(selectAll(doc, 'menu..id')).toEqual(['a', 'b']);
    expect(selectAll(doc, '..deptName')).toEqual(['局B']);
  });

  it('selectList gives the elements of one array found', () => {
    expect(selectList(doc, 'data.list')).toHaveLength(2);
    expect(selectList(doc, 'data.list[*].id')).toEqual([1, 2]);
  });

  it('a malformed path is a FieldPathError with a hint, and isFieldPath says no', () => {
    expect(() => compilePath('a[0')).toThrow(FieldPathError);
    expect(() => compilePath('a[x]')).toThrow(/bad field path/);
    expect(isFieldPath('a.b[*].c|d')).toBe(true);
    expect(isFieldPath('a[')).toBe(false);
  });

  it('never throws on hostile values', () => {
    for (const v of [null, undefined, 3, 'text', [], [[null]], { a: null }]) expect(selectAll(v, 'a[*].b..c')).toEqual([]);
  });

  it('children: several child keys, only lists of objects', () => {
    expect(childKeys('children|items|subMenus')).toEqual(['children', 'items', 'subMenus']);
    expect(childrenOf(doc.menu[0]!, childKeys(['children', 'items'])).map((c) => c.key)).toEqual(['children', 'items']);
    expect(childrenOf({ items: ['材料一', '材料二'] }, ['items'])).toEqual([]);
  });
});

describe('HTML field paths', () => {
  it('a selector and an attribute, the item itself, text, alternatives', () => {
    expect(parseHtmlPath('a.svc@href')).toEqual([{ selector: 'a.svc', attr: 'href' }]);
    expect(parseHtmlPath('@data-visits')).toEqual([{ selector: '', attr: 'data-visits' }]);
    expect(parseHtmlPath('.svc-pv')).toEqual([{ selector: '.svc-pv' }]);
    expect(parseHtmlPath('.svc-pv@text|@data-pv')).toEqual([{ selector: '.svc-pv' }, { selector: '', attr: 'data-pv' }]);
    expect(parseHtmlPath('a[href="x|y"]@href')).toEqual([{ selector: 'a[href="x|y"]', attr: 'href' }]);
    expect(() => parseHtmlPath('a@')).toThrow(FieldPathError);
  });
});

describe('entry points in any shape', () => {
  const spec = (s: unknown) => EntryPointSpec.parse(s);
  const detail = {
    itemId: 7,
    h5Url: '/h5/7',
    qr: '',
    entries: [
      { type: 'h5', url: 'https://i.example.gov.cn/h5/7' },
      { type: 'deeplink', url: 'ex://detail?id=7' },
      { type: '二维码', content: 'https://i.example.gov.cn/qr/7' },
      { type: '小程序', pagePath: 'pages/d/index?id=7', appid: 'wx9' },
      { type: 'fax', url: '0731-1' },
      { type: 'h5', url: '' },
    ],
  };
  it('one field, a list with kind words, empty cells absent, unknown kinds passed on for the runner to refuse', () => {
    const found = entryPointsOf(detail, [spec({ field: 'h5Url', kind: 'web' }), spec({ field: 'qr', kind: 'qrcode' }), spec({ each: 'entries', appId: 'appid' })], {
      serviceKey: '7',
      label: '事项',
      resolve: (a, k) => (k === 'web' && a.startsWith('/') ? `https://i.example.gov.cn${a}` : a),
    });
    expect(found.map((f) => [f.data.kind, f.data.address, f.at])).toEqual([
      ['web', 'https://i.example.gov.cn/h5/7', '.h5Url'],
      ['web', 'https://i.example.gov.cn/h5/7', '.entries[0]'],
      ['deeplink', 'ex://detail?id=7', '.entries[1]'],
      ['qrcode', 'https://i.example.gov.cn/qr/7', '.entries[2]'],
      ['miniprogram', 'wx9:pages/d/index?id=7', '.entries[3]'],
      ['fax', '0731-1', '.entries[4]'],
    ]);
    expect(found[4]!.data).toMatchObject({ miniprogram: { appId: 'wx9', path: 'pages/d/index?id=7' }, serviceKey: '7', label: '事项' });
  });

  it('route pairs (from → to), tabs and store links by configured field names', () => {
    const cfg = { legacy: [{ from: '/old/a', to: '/new/a', svc: 'A' }], tabBar: { list: [{ pagePath: 'pages/index/index', text: '首页' }] }, download: { ios: 'https://apps.apple.com/cn/app/id1' } };
    const found = entryPointsOf(
      cfg,
      [
        spec({ each: 'legacy', address: 'from', kind: 'deeplink', serviceKey: 'svc', label: 'to' }),
        spec({ each: 'tabBar.list', address: 'pagePath', kind: 'miniprogram', label: 'text' }),
        spec({ field: 'download.*', kind: 'appstore' }),
      ],
      { appId: 'wxROOT', resolve: (a, k) => (k === 'deeplink' && a.startsWith('/') ? `ex:/${a}` : a) },
    );
    expect(found.map((f) => f.data)).toEqual([
      { kind: 'deeplink', address: 'ex://old/a', label: '/new/a', serviceKey: 'A' },
      { kind: 'miniprogram', address: 'wxROOT:pages/index/index', miniprogram: { appId: 'wxROOT', path: 'pages/index/index' }, label: '首页' },
      { kind: 'appstore', address: 'https://apps.apple.com/cn/app/id1' },
    ]);
  });

  it('kind words', () => {
    expect([kindOf('H5'), kindOf('小程序'), kindOf('QR'), kindOf('下载'), kindOf('scheme'), kindOf('wap', {}), kindOf('pc', { pc: 'web' }), kindOf('')]).toEqual(['web', 'miniprogram', 'qrcode', 'appstore', 'deeplink', 'web', 'web', undefined]);
  });

  it('a spec needs exactly one of field or each, and valid paths', () => {
    expect(EntryPointSpec.safeParse({ kind: 'web' }).success).toBe(false);
    expect(EntryPointSpec.safeParse({ field: 'a', each: 'b' }).success).toBe(false);
    expect(EntryPointSpec.safeParse({ field: 'a[' }).success).toBe(false);
  });
});
