// The transform registry: the names a mapping profile may use after `transform:`. A new
// normalizer is one module in this folder plus one line here.
import { parseCode } from './codes.js';
import { parseCount, parseMonthlyCount } from './counts.js';
import { parseDate } from './dates.js';
import { parseCrossRegionScope, parseHandlingForms, parseServiceObjects, parseTaskType, parseUseLevel } from './labels.js';
import { parseList, parseMaterials } from './lists.js';
import { parsePhone } from './phone.js';
import { ok, type Normalized } from './result.js';
import { parseHalfWidthText, parseInteger, parseNumberField, parseOnlineDepth, parseProse, parseText, parseVisits } from './text.js';
import { parseCaseType, parseTimeLimit } from './time-limit.js';
import { parseFee, parseYesNo } from './yes-no.js';

export type Transform = (v: unknown) => Normalized<unknown>;

export const TRANSFORMS: Record<string, { fn: Transform; description: string }> = {
  text: { fn: parseText, description: 'trim and collapse whitespace (the default for text fields)' },
  prose: { fn: parseProse, description: 'multi-line text: each line trimmed, line breaks kept' },
  halfWidth: { fn: parseHalfWidthText, description: 'full-width letters, digits and spaces to half-width' },
  code: { fn: parseCode, description: 'a code: half-width, no spaces, upper case; numbers that lost digits in Excel are flagged' },
  number: { fn: parseNumberField, description: 'a number: 1,234 / 1.2万 / 三千' },
  integer: { fn: parseInteger, description: 'a whole number' },
  count: { fn: parseCount, description: 'a count as people write it: 月访问 4731, 4,731次, 4731 次/月, 约3千, 1.2万, 三千二百; 暂无/未统计/— → unknown (absent, not 0) (the default for usage.*)' },
  onlineDepth: { fn: parseOnlineDepth, description: '网办深度 0–4: 4, 四级, Ⅳ级, 全程网办 (4)' },
  visits: { fn: parseVisits, description: '到办事现场次数: 0次, 最多跑一次 (1), 最多跑2次, 零跑腿 / 无需到现场 (0)' },
  timeLimit: { fn: parseTimeLimit, description: '时限: 5个工作日, 五个工作日, 即办 (0), 30日, 3个月, 承诺5天 → {value, unit}; a cell stating both (法定20日，承诺5日) gives legalLimit and promisedLimit each its own' },
  caseType: { fn: parseCaseType, description: '办件类型: 即办件 → immediate, 承诺件 → promised' },
  yesNo: { fn: parseYesNo, description: '是/否, 有/无, 支持/不支持, Y/N, 1/0 → true/false' },
  fee: { fn: parseFee, description: '收费: 否, 不收费, 暂不收费, 是否收费：否 → not charged; 是, 收费（按标准）, 20元/件 → charged, text kept as the standard; a free word with an amount (免费（工本费10元）) → charged, text kept, with a warning' },
  date: { fn: parseDate, description: 'a date: 2025年3月1日, 2025/3/1, 2025-03-01, 20250301, Excel serials → YYYY-MM-DD' },
  list: { fn: parseList, description: 'a list: numbered cells ((1)A(2)B, 1.A 2.B, 1、A, ①A②B, 一、A) cut at their numbers; others split on 、；; ，, and new lines; never inside brackets or numbers' },
  materials: { fn: parseMaterials, description: '申请材料: a list of materials; (原件) (复印件2份) (容缺) set form, counts and necessity' },
  phone: { fn: parsePhone, description: 'phones: (0519)87654321 → 0519-87654321; 12345 and mobiles kept' },
  taskType: { fn: parseTaskType, description: '事项类型: 1 / 01 / 行政许可 / 许可 / 公共服务事项 → {code, label}' },
  serviceObjects: { fn: parseServiceObjects, description: '服务对象: 自然人、企业法人 / 个人、法人 → [{code, label}]' },
  useLevel: { fn: parseUseLevel, description: '行使层级: 1–7 or 国家级 … 村级 → {code, label}' },
  handlingForms: { fn: parseHandlingForms, description: '办理形式: 窗口、网上、掌上、快递 → window, pc, mobile, express' },
  crossRegionScope: { fn: parseCrossRegionScope, description: '通办范围: 全国通办, 跨省, 全省, 全市, 全县, 无' },
  raw: { fn: (v) => ok(v), description: 'the value as the source gave it' },
};

export const TRANSFORM_NAMES = Object.keys(TRANSFORMS);

/** transforms that read which field they fill: a time-limit cell that states both limits gives each its own; a monthly count reads its period */
type Resolved = { fn: Transform; key: string };
const byField = (name: string, fns: Record<string, Transform>): Record<string, Resolved> =>
  Object.fromEntries(Object.entries(fns).map(([field, fn]) => [field, { fn, key: `${name}@${field}` }]));
const FOR_FIELD: Record<string, Record<string, Resolved>> = {
  timeLimit: byField('timeLimit', { legalLimit: (v) => parseTimeLimit(v, 'legal'), promisedLimit: (v) => parseTimeLimit(v, 'promised') }),
  // a monthly field's cell written per year, week or day is read as a month's
  count: byField('count', { 'usage.monthlyVisits': parseMonthlyCount }),
};
// made once: transformFor runs for every cell mapped
const PLAIN: Record<string, Resolved> = Object.fromEntries(Object.entries(TRANSFORMS).map(([name, t]) => [name, { fn: t.fn, key: name }]));

/** the transform `name` as it fills `field`, and the key its results are kept under (apply.ts's memo) */
export function transformFor(name: string, field: string): Resolved {
  return FOR_FIELD[name]?.[field] ?? PLAIN[name]!;
}
