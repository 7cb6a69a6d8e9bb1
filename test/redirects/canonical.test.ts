// Canonical entry-point addresses per kind (src/schema/entry-address.ts, re-exported by redirects).
import { describe, expect, it } from 'vitest';
import { canonicalAddress, canonicalWebUrl } from '../../src/redirects/canonical.js';

const ok = (r: ReturnType<typeof canonicalAddress>) => (r.ok ? r.address : `REFUSED: ${r.reason}`);

describe('canonicalAddress', () => {
  it('web: host and scheme lower-cased, default port and fragment dropped, significant params sorted, path case kept', () => {
    expect(ok(canonicalAddress('web', 'HTTPS://Old.Example.CN:443/H5/Svc?b=2&a=1&utm_medium=x#top', { significantParams: ['a', 'b'] }))).toBe('https://old.example.cn/H5/Svc?a=1&b=2');
    expect(ok(canonicalAddress('web', 'detail?sid=3&from=home', { base: 'https://zwfw.example.cn/h5/index.html', significantParams: ['sid'] }))).toBe('https://zwfw.example.cn/h5/detail?sid=3');
  });

  it('web: client routes after # (#/…, #!/…) are kept by default, anchors dropped; keepFragment: false drops both', () => {
    expect(ok(canonicalAddress('web', 'https://a.example.cn/m/#/item/NX01?x=1', { keepFragment: true }))).toBe('https://a.example.cn/m/#/item/NX01?x=1');
    expect(ok(canonicalAddress('web', 'https://a.example.cn/m/#top', { keepFragment: true }))).toBe('https://a.example.cn/m/');
    expect(ok(canonicalAddress('web', 'https://a.example.cn/m/#/item/NX01'))).toBe('https://a.example.cn/m/#/item/NX01');
    expect(ok(canonicalAddress('web', 'https://a.example.cn/m/#!/item/NX01'))).toBe('https://a.example.cn/m/#!/item/NX01');
    expect(ok(canonicalAddress('web', 'https://a.example.cn/m/#/item/NX01', { keepFragment: false }))).toBe('https://a.example.cn/m/');
  });

  it('deeplink: scheme://host/path plus significant params; miniprogram: appId:path without the leading slash', () => {
    expect(ok(canonicalAddress('deeplink', 'iLiuyang://Service/Detail?id=7&from=qr', { significantParams: ['id'] }))).toBe('iliuyang://service/Detail?id=7');
    expect(ok(canonicalAddress('miniprogram', 'wx3c9e5b7a2d4f8160:/pages/service/detail?scene=1&id=101', { significantParams: ['id'] }))).toBe('wx3c9e5b7a2d4f8160:pages/service/detail?id=101');
  });

  it('hostile addresses: control characters and backslashes refused, quotes and spaces percent-encoded', () => {
    expect(ok(canonicalAddress('web', 'https://a.example.cn/x\r\nLocation: https://evil.example'))).toMatch(/REFUSED: .*control character \(CR\)/);
    expect(ok(canonicalAddress('web', 'https://a.example.cn/x\u0000'))).toMatch(/REFUSED: .*NUL/);
    expect(ok(canonicalAddress('web', 'https://a.example.cn\\@evil.example/'))).toMatch(/REFUSED: .*backslash/);
    expect(ok(canonicalAddress('web', 'https://user:pw@a.example.cn/'))).toMatch(/REFUSED: .*user name/);
    expect(ok(canonicalAddress('web', "https://a.example.cn/a b\"c';return 301 {x}"))).toBe('https://a.example.cn/a%20b%22c%27;return%20301%20%7Bx%7D');
    expect(ok(canonicalAddress('miniprogram', 'wx1:pages/a b'))).toBe('wx1:pages/a%20b');
    expect(ok(canonicalAddress('web', 'https://a.example.cn/' + 'x'.repeat(2100)))).toMatch(/REFUSED: .*over the limit/);
  });

  it('canonicalWebUrl keeps its old contract', () => {
    expect(canonicalWebUrl('HTTPS://Old.Example.CN:443/H5/Svc?b=2&a=1#top', ['a'])).toBe('https://old.example.cn/H5/Svc?a=1');
  });
});
