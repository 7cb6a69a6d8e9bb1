// Name normalisation for matching: the same steps run on catalog items and on app services, so
// what remains is what tells two services apart. Full-width → half-width, Chinese numerals,
// abbreviations expanded, filler words county apps add ("在线办理", "我要…", "(县级行使)") dropped.
import { expandSynonyms } from '../synonyms.js';
import { parseChineseNumeral } from '../normalizers/index.js';
import { toHalfWidth } from '../../text/index.js';

/** 十二 → 12, 八十 → 80 (the mapping helper's numeral parser) */
export function chineseNumeralToInt(s: string): number | undefined {
  return parseChineseNumeral(s);
}

// Words that say how or where to apply, not which service: county apps add them freely.
// Longest first, so 在线办理 goes before 办理.
const FILLERS = [
  '县级行使', '市级行使', '区级行使', '省级行使', '县级权限', '市级权限',
  '在线办理', '网上办理', '掌上办理', '一键办理', '线上办理', '马上办', '网上办', '掌上办', '一件事',
  '在线申请', '网上申请', '在线预约', '我要办', '我要查', '我要', '在线', '网上', '掌上', '线上', '一键', '快速', '便民', '自助',
  '业务办理', '服务事项', '办理', '业务', '手续', '事项', '服务', '相关',
  '市级', '县级', '区级', '省级', '乡级', '镇级',
];
const FILLER_RE = new RegExp(FILLERS.join('|'), 'g');

// everything that is neither a letter nor a digit: punctuation of every script, spaces, symbols
const PUNCT_RE = /[^\p{L}\p{N}]+/gu;

// What an app's menu writes around a name that is not the name (matchName).
// Invisible format characters (zero-width space, soft hyphen, word joiner, BOM) pasted from web pages
const INVISIBLE_RE = /\p{Cf}/gu;
// symbols and pictographs (★, ●, 🔥) and ellipses of a cut name (社保卡申领…)
const SYMBOL_RE = /[\p{So}\p{Sk}\p{Extended_Pictographic}\u2026\u22ef]/gu;
const OPENS = '(（【[［〔〖﹝';
const CLOSES = ')）】]］〕〗﹞';
// a marketing tag in brackets, anywhere: （新）, 【热门】, [推荐], (HOT)
const TAG_RE = new RegExp(`[${OPENS.replace('[', '\\[')}](?:热门|热|新|最新|推荐|荐|精选|置顶|hot|new|top)[${CLOSES.replace(']', '\\]')}]`, 'giu');
// a leading tag in menu brackets (【浏阳】, [社保], 〔企业〕): a category or a place, said as a remark
const LEAD_RE = new RegExp(`^[【\\[［〔〖﹝]([^${OPENS.replace('[', '\\[')}${CLOSES.replace(']', '\\]')}]{1,10})[】\\]］〕〗﹞]`, 'u');
// the bracket kinds official text and menus use for remarks, read as （）: 公积金提取〔购房〕
const BRACKET_RE = /[【\[［〔〖﹝】\]］〕〗﹞]/g;
const AS_PAREN: Record<string, string> = { '【': '（', '[': '（', '［': '（', '〔': '（', '〖': '（', '﹝': '（', '】': '）', ']': '）', '］': '）', '〕': '）', '〗': '）', '﹞': '）' };

/**
 * A name as the matcher reads it, before normalising: without what a menu adds that is not the
 * name (invisible characters, spaces and line breaks, symbols and emoji, marketing tags), a leading
 * tag said as a remark at the end (【浏阳】社保卡申领 → 社保卡申领（浏阳）), every bracket kind as
 * （）. Spaces go first: 社保 卡申领 must still meet the abbreviation 社保卡.
 */
export function matchName(name: string): string {
  let s = (name ?? '').replace(INVISIBLE_RE, '').replace(SYMBOL_RE, '').replace(/\s+/g, '').replace(TAG_RE, '');
  for (let i = 0; i < 3; i++) {
    const m = LEAD_RE.exec(s);
    if (!m || m[0].length === s.length) break;
    s = `${s.slice(m[0].length)}（${m[1]}）`;
  }
  return s.replace(BRACKET_RE, (c) => AS_PAREN[c]!);
}

/**
 * bump when the normaliser derives other names from the same text: the catalog index cached in a
 * store (index-cache.ts), the answers kept with it and decide's skip keys are then built again
 * (2: matchName, menus' decorations and every bracket kind)
 */
export const NORMALISER_VERSION = 2;

export interface Normalizer {
  (name: string): string;
}

/** Builds the normaliser for one synonym table (see src/map/synonyms.ts). */
export function makeNormalizer(table: Array<[string, string]>): Normalizer {
  return (name: string) => {
    let s = toHalfWidth(matchName(name), { lower: true });
    // numerals: 三级 → 3级, 八十周岁 → 80周岁
    s = s.replace(/[零〇一二两三四五六七八九十]{1,3}(?=级|类|周岁|岁|孩|胎|次|年)/g, (m) => {
      const n = chineseNumeralToInt(m);
      return n === undefined ? m : String(n);
    });
    s = expandSynonyms(s, table);
    s = s.replace(PUNCT_RE, '');
    s = s.replace(FILLER_RE, '');
    s = s.replace(/的/g, '');
    s = s.replace(CANON_RE, (m) => CANON[m] ?? m);
    return s;
  };
}

// Words of one qualifier class are one word for matching: 补办 = 补领 = 补发, 换证 = 换发 = 换领.
const CANON_CLASSES: Array<[string, string[]]> = [
  ['补领', ['补办', '补发', '补证', '补换']],
  ['换发', ['换证', '换领', '换卡', '到期换']],
  ['新办', ['设立', '新设', '开办', '开业', '首次', '初次', '初领', '新申请']],
  ['延续', ['续期', '延期']],
  ['年审', ['年度审验']],
];
const CANON: Record<string, string> = Object.fromEntries(CANON_CLASSES.flatMap(([to, from]) => from.map((f) => [f, to])));
const CANON_RE = new RegExp(Object.keys(CANON).sort((a, b) => b.length - a.length).join('|'), 'g');

/** Department names: region prefix dropped, abbreviations expanded, 局/委/办 kept. */
export function makeDepartmentNormalizer(table: Array<[string, string]>): Normalizer {
  return (name: string) => {
    let s = toHalfWidth(name ?? '', { lower: true }).replace(PUNCT_RE, '');
    // "广安区税务局", "吴江区人社局", "溧阳市卫健委": the region is not the department
    s = stripRegion(s);
    s = expandSynonyms(s, table);
    return s;
  };
}

// 区人社局 → 人社局, 广安区税务局 → 税务局, 江苏省苏州市吴江区行政审批局 → 行政审批局; but 市场监督管理局
// and 市政 keep their 市.
function stripRegion(s: string): string {
  for (let i = 0; i < 4; i++) {
    const m = /^(?:[\u4e00-\u9fff]{0,5}?)(?:省|市|区|县|自治州|州)/.exec(s);
    if (!m) break;
    const rest = s.slice(m[0].length);
    if (rest.length < 2 || /^(?:场|政|容|区|级)/.test(rest) || /^(?:市场|市政|区域)/.test(s)) break;
    s = rest;
  }
  return s;
}
