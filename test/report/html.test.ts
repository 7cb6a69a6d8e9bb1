// The HTML dashboard in a real headless Chromium (playwright-core, the system /usr/bin/chromium):
// no console errors, no request beyond the file itself, the drill-down province → city → county →
// app and the service search work, Chinese renders, hostile names stay text. Screenshots of the
// overview and of an app page go to test-artifacts/.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generateReport } from '../../src/report/index.js';
import { ARTIFACTS, HOSTILE, TODAY, reportFixture, type Fixture } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing in CI: .ci/run must install chromium and fonts-noto-cjk`);
if (!haveChromium) console.warn(`skipping the browser tests of the HTML report: ${CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)`);

describe.skipIf(!haveChromium)('HTML report in Chromium', () => {
  let fx: Fixture;
  let browser: Browser;
  let html: string;
  let url: string;

  beforeAll(async () => {
    fx = await reportFixture();
    const r = await generateReport(fx.ws, fx.store, { out: join(fx.dir, 'out', 'report'), formats: ['html'], lang: 'zh', today: TODAY });
    html = r.files[0]!.path;
    url = pathToFileURL(html).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    fx?.store.close();
  });

  /** a page that records console errors, page errors, requests and dialogs */
  async function open(hash = '') {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const seen = { errors: [] as string[], requests: [] as string[], dialogs: [] as string[] };
    page.on('console', (m) => {
      if (m.type() === 'error') seen.errors.push(m.text());
    });
    page.on('pageerror', (e) => seen.errors.push(String(e)));
    page.on('request', (r) => seen.requests.push(r.url()));
    page.on('dialog', async (d) => {
      seen.dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(url + hash, { waitUntil: 'load' });
    return { page, seen };
  }

  async function visibleSection(page: Page): Promise<string[]> {
    return page.$$eval('section.view', (els) => els.filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.id));
  }

  it('opens offline: no console errors, no request but the file, Chinese renders', async () => {
    const { page, seen } = await open();
    expect(await visibleSection(page)).toEqual(['overview']);
    const h1 = await page.textContent('header h1');
    expect(h1).toContain('江苏省县级政务App整合');
    expect(h1).toContain('迁移进度报告');
    expect(await page.textContent('#overview')).toContain('江苏省');
    // the charts are there as SVG without any script having to run
    expect(await page.$$eval('#overview .chart svg', (s) => s.length)).toBeGreaterThanOrEqual(2);
    // a CJK font is available to the page (fonts-noto-cjk), so the Chinese is not drawn as boxes
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans CJK SC"', '迁移'))).toBe(true);
    const w = await page.evaluate(() => {
      const s = document.createElement('span');
      s.style.font = '32px "Noto Sans CJK SC"';
      s.textContent = '迁移进度';
      document.body.appendChild(s);
      return s.getBoundingClientRect().width;
    });
    expect(w).toBeGreaterThan(100); // four full-width glyphs
    await page.screenshot({ path: join(ARTIFACTS, 'report-overview.png'), fullPage: false });
    expect(seen.errors).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.requests).toEqual([url]);
    await page.close();
  });

  it('drills down province → city → county → app', async () => {
    const { page, seen } = await open();
    await page.click('#overview a[href="#c-320500"]');
    expect(await visibleSection(page)).toEqual(['c-320500']);
    expect(await page.textContent('#c-320500 h2')).toContain('苏州市');
    await page.click('#c-320500 a[href="#k-320509"]');
    expect(await visibleSection(page)).toEqual(['k-320509']);
    expect(await page.textContent('#k-320509 h2')).toContain('吴江区');
    await page.click('#k-320509 a[href="#a-wujiang"]');
    expect(await visibleSection(page)).toEqual(['a-wujiang']);
    const app = (await page.textContent('#a-wujiang'))!;
    for (const s of ['智慧吴江', '阻塞项', 'yimen review --app wujiang', 'yimen quarantine --app wujiang', '待人工审核', '隔离记录', '未解决入口', '暂无访问量数据']) expect(app).toContain(s);
    await page.screenshot({ path: join(ARTIFACTS, 'report-app.png'), fullPage: true });
    // back up through the breadcrumbs
    await page.click('#a-wujiang nav.crumbs a[href="#overview"]');
    expect(await visibleSection(page)).toEqual(['overview']);
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([url]);
    await page.close();
  });

  it('searches, filters, sorts and pages the service table', async () => {
    const { page, seen } = await open('#services');
    expect(await visibleSection(page)).toEqual(['services']);
    const rows = () => page.$$eval('#svc-body tr', (trs) => trs.map((tr) => (tr.querySelector('td.name') as HTMLElement).textContent ?? ''));
    expect((await rows()).length).toBe(50); // first page
    const word = [...(await rows()).find((r) => /^[\u4e00-\u9fff]{2}/.test(r))!].slice(0, 2).join('');
    await page.fill('#svc-q', word);
    const hits = await rows();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(50);
    for (const h of hits) expect(h).toContain(word);
    await page.fill('#svc-q', '');
    await page.selectOption('#svc-app', 'rugao');
    const apps = await page.$$eval('#svc-body tr', (trs) => trs.map((tr) => tr.children[1]!.textContent));
    expect(new Set(apps)).toEqual(new Set(['rugao']));
    await page.selectOption('#svc-app', '');
    await page.click('#svc th[data-k="2"]');
    const sorted = await rows();
    expect(sorted).toEqual([...sorted].sort(new Intl.Collator('zh-CN').compare));
    expect(await page.getAttribute('#svc th[data-k="2"]', 'aria-sort')).toBe('ascending');
    const info1 = await page.textContent('#svc-info');
    await page.click('#svc-next');
    expect(await page.textContent('#svc-info')).not.toBe(info1);
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('the app page opens its services in the table', async () => {
    const { page } = await open('#a-liyang');
    await page.click('#a-liyang a[data-app="liyang"]');
    expect(await visibleSection(page)).toEqual(['services']);
    const apps = await page.$$eval('#svc-body tr', (trs) => trs.map((tr) => tr.children[1]!.textContent));
    expect(apps.length).toBeGreaterThan(0);
    expect(new Set(apps)).toEqual(new Set(['liyang']));
    await page.close();
  });

  it('hostile names show as text: nothing injected, no dialog, no javascript: link', async () => {
    const { page, seen } = await open('#services');
    await page.fill('#svc-q', 'hostile');
    const names = await page.$$eval('#svc-body td.name', (tds) => tds.map((t) => t.textContent));
    expect(names).toContain(HOSTILE.img);
    expect(names).toContain(HOSTILE.script);
    expect(names).toContain(HOSTILE.js);
    expect(names).toContain('[U+202E]exe.evil 社保查询'); // the override is shown, not obeyed
    await page.goto(url + '#a-wujiang');
    const app = (await page.textContent('#a-wujiang'))!;
    expect(app).toContain(HOSTILE.img); // review queue, quarantine, entry point label: text
    expect(app).toContain(HOSTILE.js);
    const dom = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      badLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!).filter((h) => !/^(#|https?:\/\/)/.test(h)),
      rtl: document.body.innerText.includes('\u202E'),
    }));
    expect(dom).toEqual({ imgs: 0, scripts: 2, pwned: undefined, badLinks: [], rtl: false });
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(seen.requests.every((u) => u.startsWith('file:'))).toBe(true);
    await page.close();
  });

  it('the file is self-contained: no external URL in any src, href to a resource, or @import', () => {
    const text = readFileSync(html, 'utf8');
    expect(text).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)=["']?https?:/i);
    expect(text).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    expect(text).toContain("default-src 'none'");
  });

  it('--lang en writes the English dashboard', async () => {
    const r = await generateReport(fx.ws, fx.store, { out: join(fx.dir, 'out', 'report'), formats: ['html'], lang: 'en', today: TODAY });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(pathToFileURL(r.files[0]!.path).href);
    expect(await page.textContent('header h1')).toContain('Migration progress report');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(errors).toEqual([]);
    await page.close();
  });
});
