// 是/否 and friends, and 收费 (fee) text: "不收费", "免费", "收费（按标准）", "按200元/件收取".
import { toHalfWidth } from '../../text/index.js';
import { none, ok, warn, type Normalized } from './result.js';
import { textOf } from '../../text/index.js';

const YES = /^(是|有|y|yes|true|1|√|✓|✔|对|可以|可|支持|需要|需|开通|已开通|提供|收费|允许|能|全程网办|可网办|已上线)$/i;
const NO = /^(否|无|没有|n|no|false|0|×|✗|✘|不|不可以|不可|不支持|不需要|无需|未开通|不提供|不允许|不能|暂无|暂不支持)$/i;

export function parseYesNo(v: unknown): Normalized<boolean> {
  if (typeof v === 'boolean') return ok(v);
  if (typeof v === 'number') return v === 1 ? ok(true) : v === 0 ? ok(false) : warn('yes-no-unknown', `expected 是/否, got ${v}`);
  const raw = textOf(v);
  if (raw === undefined) return none();
  const t = toHalfWidth(raw).replace(/[\s。.!！]+/g, '');
  if (YES.test(t)) return ok(true);
  if (NO.test(t)) return ok(false);
  return warn('yes-no-unknown', `expected 是/否, got "${raw}"`);
}

export interface FeeValue {
  charged: boolean;
  items: Array<{ name: string; standard?: string; basis?: string }>;
}

const FREE = /^(否|无|不收费|免费|免收|不收取|无收费|无收费项目|无收费标准|无收费依据|无费用|零收费|0+(?:\.0+)?元?|不收取费用|免收费|无需缴费|无需收费|不涉及收费|不收取任何费用|免费办理|无此项)$/;
// a free word, maybe after 依法 / 暂 (暂不收费 is not charged: it only holds "收费")
const FREE_HEAD = /^(?:依法|一律|全部|均|暂|暂时|目前|现|现阶段)?(不收费|免费|免收|不收取|免征|无需缴费|无需收费|无需付费|不需要?收费|不需要?缴费)/;
// a label before the answer: "是否收费：否", "收费标准：无"
const FEE_LABEL = /^(?:是否收费|收费情况|收费项目|收费标准|收费依据|是否收取费用)[:：]/;
const CHARGED = /^(是|收费|有|需收费|需要收费|收取费用|缴费)$/;

/**
 * A 收费 cell to {charged, items}. "收费（按标准）" and "按200元/件收取" are charged, with the
 * text kept as the item's standard so nothing the source said is lost.
 */
export function parseFee(v: unknown): Normalized<FeeValue> {
  if (typeof v === 'boolean') return ok({ charged: v, items: [] });
  if (typeof v === 'number') return v === 0 ? ok({ charged: false, items: [] }) : ok({ charged: true, items: [{ name: '收费', standard: `${v}元` }] });
  const raw = textOf(v);
  if (raw === undefined) return none();
  const full = toHalfWidth(raw).replace(/[\s。.]+$/g, '').replace(/\s+/g, '');
  const t = full.replace(FEE_LABEL, '');
  const head = t.replace(/[(（【\[].*$/, '');
  const free = FREE.test(t) || FREE.test(head) || FREE_HEAD.test(t);
  // "不收费，但需缴纳工本费5元", "免费（工本费10元）": an amount after the free word may be a fee someone
  // pays; "not charged" would silently drop it, so the text is kept as a standard and a person checks
  if (free && !/(?<![\d.])(?:0*[1-9]\d*(?:\.\d+)?|0\.\d*[1-9]\d*)元/.test(t)) return ok({ charged: false, items: [] });
  if (free) return warn('fee-unclear', `收费 says free but names an amount: "${raw}"`, { charged: true, items: [{ name: '收费', standard: raw }] });
  if (CHARGED.test(t)) return ok({ charged: true, items: [] });
  if (CHARGED.test(head) || /(\d+(?:\.\d+)?元|收费|收取|缴纳|费用|标准)/.test(full)) {
    const bracket = /[(（【\[]([^)）】\]]*)[)）】\]]/.exec(t)?.[1];
    return ok({ charged: true, items: [{ name: '收费', standard: CHARGED.test(head) && bracket ? bracket : raw }] });
  }
  return warn('fee-unknown', `收费 not understood: "${raw}"`);
}
