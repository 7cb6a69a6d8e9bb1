// Coded vocabularies from labels or local numbering: 事项类型, 服务对象, 行使层级, 办理形式,
// 通办范围 → {code, label} with the national codes of src/schema/enums.ts.
import { CROSS_REGION_SCOPES, HANDLING_FORMS, SERVICE_OBJECTS, TASK_TYPES, USE_LEVELS, type TaskTypeCode } from '../../schema/enums.js';
import { splitList } from './lists.js';
import { toHalfWidth } from '../../text/index.js';
import { none, ok, warn, type Finding, type Normalized } from './result.js';
import { textOf } from '../../text/index.js';

export interface Coded {
  code?: string;
  label: string;
}

// label variants seen in exports, after removing spaces and a trailing 事项/类/类事项
const TASK_TYPE_WORDS: Array<[RegExp, TaskTypeCode]> = [
  [/^(行政)?许可|^审批|^行政审批/, '01'],
  [/^(行政)?处罚/, '02'],
  [/^(行政)?强制/, '03'],
  [/^(行政)?征收/, '04'],
  [/^(行政)?给付/, '05'],
  [/^(行政)?检查/, '06'],
  [/^(行政)?确认/, '07'],
  [/^(行政)?奖励/, '08'],
  [/^(行政)?裁决/, '09'],
  [/^其他(行政)?(权力|职权)|^其它(行政)?(权力|职权)|^其他行政权力/, '10'],
  [/^(公共服务|便民服务|服务|公共服务类|公共事业服务)/, '20'],
  [/^(其他|其它)$/, '99'],
];

/**
 * 事项类型 from a national code ("01", or "1" as portals drop the zero), or a label ("行政许可",
 * "许可", "公共服务事项", "其他权力"). Unknown text keeps its label with a warning.
 */
export function parseTaskType(v: unknown): Normalized<Coded> {
  if (typeof v === 'number') v = String(v);
  const raw = textOf(v);
  if (raw === undefined) return none();
  const t = toHalfWidth(raw).replace(/\s+/g, '');
  const num = /^(\d{1,2})$/.exec(t);
  if (num) {
    const code = num[1]!.padStart(2, '0') as TaskTypeCode;
    if (code in TASK_TYPES) return ok({ code, label: TASK_TYPES[code] });
    return warn('task-type-unknown', `事项类型 code "${raw}" is not a national code (01–10, 20, 99)`, { label: raw });
  }
  const codeLabel = /^(\d{1,2})[\s.、:：-]*(.+)$/.exec(t); // "01 行政许可", "20-公共服务"
  const label = (codeLabel ? codeLabel[2]! : t).replace(/(类事项|事项|类)$/, '');
  for (const [re, code] of TASK_TYPE_WORDS) if (re.test(label)) return ok({ code, label: TASK_TYPES[code] });
  return warn('task-type-unknown', `事项类型 not recognised: "${raw}"`, { label: raw });
}

const OBJECT_WORDS: Array<[RegExp, keyof typeof SERVICE_OBJECTS]> = [
  [/^(自然人|个人|公民|居民|市民|群众|老百姓|城乡居民|农民|职工|学生|残疾人|老年人|个人用户)$/, '1'],
  [/^(企业法人|企业|法人|公司|企业用户|法人用户|法人单位)$/, '2'],
  [/^(事业法人|事业单位|事业单位法人)$/, '3'],
  [/^(社会组织法人|社会组织|社会团体|社团|民办非企业单位|民办非企业|基金会|社会服务机构)$/, '4'],
  [/^(非法人企业|个体工商户|个体户|个人独资企业|合伙企业|非法人组织)$/, '5'],
  [/^(行政机关|机关|国家机关|政府机关|机关单位)$/, '6'],
  [/^(其他组织|其它组织|其他|其它|组织)$/, '9'],
];

/** 服务对象: a list of labels or codes → [{code, label}], duplicates removed. */
export function parseServiceObjects(v: unknown): Normalized<Coded[]> {
  const parts = splitList(v).flatMap((p) => p.split(/[和及与或\/]/)).map((p) => toHalfWidth(p).replace(/\s+/g, ''));
  if (!parts.length) return none();
  const out: Coded[] = [];
  const findings: Finding[] = [];
  for (const p of parts) {
    if (!p) continue;
    let code: keyof typeof SERVICE_OBJECTS | undefined;
    if (/^\d$/.test(p) && p in SERVICE_OBJECTS) code = p as keyof typeof SERVICE_OBJECTS;
    else for (const [re, c] of OBJECT_WORDS) if (re.test(p)) code = c;
    if (code) {
      if (!out.some((o) => o.code === code)) out.push({ code, label: SERVICE_OBJECTS[code] });
    } else {
      if (!out.some((o) => o.label === p)) out.push({ label: p });
      findings.push({ severity: 'warning', code: 'service-object-unknown', message: `服务对象 not recognised: "${p}"` });
    }
  }
  return { value: out, findings: findings.length ? findings : undefined };
}

// 行使层级 as exports write it besides the code and the label: the catalogue standard's own forms
// (设区的市级, 镇（乡、街道）级, 村（社区）级) and the common short ones (区县级, 乡级), brackets half-width
const USE_LEVEL_FORMS: Array<[RegExp, keyof typeof USE_LEVELS]> = [
  [/^(国家|中央|部)级?$/, 1],
  [/^(省|省\(自治区、直辖市\)|省\(区、市\)|省区市)级?$/, 2],
  [/^(市|设区的?市|地市|地级市?|州|市\(州\)|市州|市\(地、州、盟\)|市\(地、州\))级?$/, 3],
  [/^(县|区|县区|区县|县市区|县\(市\)|县\(区\)|县\(市、区\)|县\(市、区、旗\))级?$/, 4],
  [/^(乡|镇|乡镇|街道|乡\(镇\)|乡镇\(街道\)|乡\(镇、街道\)|镇\(乡、街道\)|乡\(镇\)、街道)级?$/, 5],
  [/^(村|社区|村\(社区\)|村\(居\)|村居)级?$/, 6],
];

/** 行使层级: 1–7 or 国家级 … 村级, 分级管理, and the forms exports write them in. */
export function parseUseLevel(v: unknown): Normalized<Coded> {
  if (typeof v === 'number') v = String(v);
  const raw = textOf(v);
  if (raw === undefined) return none();
  const t = toHalfWidth(raw).replace(/\s+/g, '');
  for (const [code, label] of Object.entries(USE_LEVELS)) {
    if (t === code || t === label || t === label.replace('级', '')) return ok({ code, label });
  }
  for (const [re, code] of USE_LEVEL_FORMS) if (re.test(t)) return ok({ code: String(code), label: USE_LEVELS[code] });
  return warn('use-level-unknown', `行使层级 not recognised: "${raw}"`, { label: raw });
}

const FORM_WORDS: Array<[RegExp, (typeof HANDLING_FORMS)[number]]> = [
  [/(窗口|现场|线下|大厅)/, 'window'],
  [/(网上|网办|在线|pc|电脑|网站|门户)/i, 'pc'],
  [/(掌上|移动|手机|app|小程序|微信|支付宝)/i, 'mobile'],
  [/(快递|邮寄|寄递|ems)/i, 'express'],
];

/** 办理形式: "窗口办理、网上办理、快递" → [window, pc, express]. */
export function parseHandlingForms(v: unknown): Normalized<Array<(typeof HANDLING_FORMS)[number]>> {
  const parts = splitList(v);
  if (!parts.length) return none();
  const out = new Set<(typeof HANDLING_FORMS)[number]>();
  for (const p of parts) {
    let hit = false;
    for (const [re, f] of FORM_WORDS) if (re.test(p)) (out.add(f), (hit = true));
    if (!hit) out.add('other');
  }
  return ok(HANDLING_FORMS.filter((f) => out.has(f)));
}

const SCOPE_WORDS: Array<[RegExp, (typeof CROSS_REGION_SCOPES)[number]]> = [
  [/^(全国通办|全国|跨省通办)$/, 'national'],
  [/^(跨省|省际通办|区域通办|长三角通办|长三角|川渝通办)/, 'cross-province'],
  [/^(全省通办|省内通办|全省|省内)$/, 'province'],
  [/^(全市通办|市内通办|全市|市内)$/, 'city'],
  [/^(全县通办|全区通办|县内通办|区内通办|全县|全区|县内|区内)$/, 'county'],
  [/^(无|否|不通办|不支持|暂无)$/, 'none'],
];

/** 通办范围 → national | cross-province | province | city | county | none. */
export function parseCrossRegionScope(v: unknown): Normalized<(typeof CROSS_REGION_SCOPES)[number]> {
  const raw = textOf(v);
  if (raw === undefined) return none();
  const t = toHalfWidth(raw).replace(/\s+/g, '');
  if ((CROSS_REGION_SCOPES as readonly string[]).includes(t)) return ok(t as (typeof CROSS_REGION_SCOPES)[number]);
  for (const [re, s] of SCOPE_WORDS) if (re.test(t)) return ok(s);
  return warn('scope-unknown', `通办范围 not recognised: "${raw}"`);
}
