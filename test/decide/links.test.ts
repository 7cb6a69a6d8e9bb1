// What a service's links say before matching: all on the unified app → merge into the item the
// link names; all on other sites → a person decides; anything else → decided as usual.
import { describe, expect, it } from 'vitest';
import { codeFromServiceUrl, linkVerdict } from '../../src/decide/links.js';

const SERVICE_URL = 'https://xyb.example.gov.cn/service/{catalogCode}';
const names = new Map([['002021009000', '不动产登记资料查询']]);
const name = (c: string) => names.get(c);

describe('links before matching', () => {
  it('reads the catalog code from a unified-app address that follows serviceUrl', () => {
    expect(codeFromServiceUrl('https://xyb.example.gov.cn/service/002021009000?channel=x', SERVICE_URL)).toBe('002021009000');
    expect(codeFromServiceUrl('https://XYB.example.gov.cn/service/002021009000', SERVICE_URL)).toBe('002021009000');
    expect(codeFromServiceUrl('https://xyb.example.gov.cn/news/1', SERVICE_URL)).toBeUndefined();
  });

  it('merges a service whose every link is already the unified app’s item', () => {
    const v = linkVerdict([{ address: 'https://xyb.example.gov.cn/service/002021009000', status: 'migrated' }], SERVICE_URL, '湘易办', name);
    expect(v).toMatchObject({ action: 'merge', target: '002021009000', rule: 'already-unified' });
    expect(v!.reason).toContain('不动产登记资料查询');
  });

  it('leaves a unified-app link that names no catalog item to the matcher', () => {
    expect(linkVerdict([{ address: 'https://xyb.example.gov.cn/service/999999999999', status: 'migrated' }], SERVICE_URL, '湘易办', name)).toBeUndefined();
  });

  it('sends a service whose every link is another site’s to a person', () => {
    const v = linkVerdict([{ address: 'https://etc.bank.example.com/apply', status: 'external' }], SERVICE_URL, '湘易办', name);
    expect(v).toMatchObject({ action: 'review', rule: 'external-link' });
    expect(v!.reason).toContain('etc.bank.example.com');
  });

  it('decides as usual when a link is the app’s own, or there is none', () => {
    expect(linkVerdict([{ address: 'https://app.example.cn/s/1' }, { address: 'https://etc.bank.example.com/x', status: 'external' }], SERVICE_URL, '湘易办', name)).toBeUndefined();
    expect(linkVerdict([], SERVICE_URL, '湘易办', name)).toBeUndefined();
  });
});
