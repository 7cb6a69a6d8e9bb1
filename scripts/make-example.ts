// Generates the data of the bundled example workspace examples/jiangsu: the base catalog (a slice
// of the real 广安区 service items in ../shared/data, with attribution) and the exports of the four
// retiring apps, with the mess real exports have (title rows, merged cells, GB18030, varied text).
// Deterministic: the same input gives the same files. Run: npx tsx scripts/make-example.ts
//   [--source PATH]   the real items CSV (default: ../shared/data/sichuan-guangan-service-guides.csv)
//   [--out DIR]       where to write (default: examples/jiangsu); the tests regenerate into a temp dir
// yimen.yaml, the profiles and the README of the example are written by hand, not by this script.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';

const ROOT = resolve(import.meta.dirname, '..');
const argOut = process.argv.indexOf('--out');
const OUT = argOut > 0 ? resolve(process.argv[argOut + 1]!) : join(ROOT, 'examples', 'jiangsu');
const argSource = process.argv.indexOf('--source');
const SOURCE = argSource > 0 ? resolve(process.argv[argSource + 1]!) : resolve(ROOT, '..', 'shared', 'data', 'sichuan-guangan-service-guides.csv');
const FIXED_DATE = new Date('2025-09-12T02:00:00Z');

// ---------------------------------------------------------------------------------------------
// Base catalog: the real items of twelve departments whose services county apps typically offer.

const DEPARTMENTS = ['区人社局', '区医疗保障局', '区公安分局', '区卫健局', '区民政局', '区残联', '区退役军人事务局', '区应急管理局', '区教科体局', '区住建局', '区司法局', '区市监局'];
const TASK_TYPE_LABELS: Record<string, string> = { '1': '行政许可', '5': '行政给付', '7': '行政确认', '8': '行政奖励', '9': '行政裁决', '10': '其他行政权力', '20': '公共服务' };

interface BaseItem {
  code: string;
  name: string;
  taskType: string;
  department: string;
}

/** 基本编码 from the item code's leading segment: 12 characters as is; the 14-character Sichuan
 *  local form drops its 10th–11th characters (always "00" in this data) to reach the national 12. */
export function baseCodeOf(itemCode: string): string | undefined {
  const m = /^([0-9A-Z]+)-\d{12}-/.exec(itemCode);
  if (!m) return undefined; // hyphenated national codes (G-000007-001 …) and broken ones are left out
  const lead = m[1]!;
  if (lead.length === 12) return lead;
  if (lead.length === 14 && lead.slice(9, 11) === '00') return lead.slice(0, 9) + lead.slice(11);
  return undefined;
}

function buildBaseCatalog(): BaseItem[] {
  if (!existsSync(SOURCE)) {
    throw new Error(`source data not found: ${SOURCE}\nhint: pass --source PATH to sichuan-guangan-service-guides.csv`);
  }
  const rows = parse(readFileSync(SOURCE, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const items: BaseItem[] = [];
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const r of rows) {
    if (!DEPARTMENTS.includes(r.department!)) continue;
    const code = baseCodeOf(r.item_code!);
    if (!code) continue;
    if (codes.has(code)) throw new Error(`derived code ${code} is not unique (${r.name})`);
    if (names.has(r.name!)) continue; // the source lists a few names twice under different codes: keep the first
    codes.add(code);
    names.add(r.name!);
    items.push({ code, name: r.name!, taskType: TASK_TYPE_LABELS[r.task_type!] ?? '其他', department: r.department! });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Codes: synthetic but valid 统一社会信用代码 (GB 32100-2015; organisation code per GB 11714).

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_W[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

function orgCode(seed: number): string {
  const body = String(10_000_000 + ((seed * 7_919_993) % 89_999_999)).slice(0, 8);
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) s += Number(body[i]) * w[i]!;
  const c = 11 - (s % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

function uscc(kind: '11' | '12' | '13', region: string, seed: number): string {
  const first17 = kind + region + orgCode(seed);
  return first17 + usccCheck(first17);
}

function withWrongCheckDigit(code: string): string {
  const right = code[17]!;
  const wrong = USCC_CHARS[(USCC_CHARS.indexOf(right) + 7) % 31]!;
  return code.slice(0, 17) + wrong;
}

// ---------------------------------------------------------------------------------------------
// The county apps' services. `base` names the real base-catalog item a row corresponds to (the
// script checks it exists); `code: true` writes its 基本编码 into the export (exact-code match).

interface Row {
  name: string; // as the county app writes it ('' = a bad row without a name)
  base?: string;
  code?: boolean;
  agency: string; // key into the app's agencies
  type?: string; // 事项类型 as the app labels it
  promised?: string;
  legal?: string;
  fee?: string;
  phone?: string;
  materials?: string;
  objects?: string;
  visits: number | string;
  key?: string; // override the generated key (duplicate-key rows)
  extra?: Record<string, string>;
}

const IDCARD = '1.居民身份证；2.户口簿';

// 智慧吴江: duplicates 苏服办; mostly base items, named the way a county app names them.
const WUJIANG_AGENCIES = {
  rs: { name: '苏州市吴江区人力资源和社会保障局', code: uscc('11', '320509', 101) },
  yb: { name: '苏州市吴江区医疗保障局', code: uscc('11', '320509', 102) },
  ga: { name: '苏州市公安局吴江分局', code: uscc('11', '320509', 103) },
  mz: { name: '苏州市吴江区民政局', code: uscc('11', '320509', 104) },
  cl: { name: '苏州市吴江区残疾人联合会', code: uscc('13', '320509', 105) },
  jy: { name: '苏州市吴江区教育局', code: uscc('11', '320509', 106) },
  wj: { name: '苏州市吴江区卫生健康委员会', code: uscc('11', '320509', 107) },
  tw: { name: '苏州市吴江区退役军人事务局', code: withWrongCheckDigit(uscc('11', '320509', 108)) },
  gjj: { name: '苏州市住房公积金管理中心吴江分中心', code: uscc('12', '320509', 109) },
  zj: { name: '苏州市吴江区住房和城乡建设局', code: uscc('11', '320509', 110) },
  sf: { name: '苏州市吴江区司法局', code: uscc('11', '320509', 111) },
  rc: { name: '苏州市吴江区人才工作领导小组办公室', code: uscc('11', '320509', 112) },
  wl: { name: '苏州市吴江区文体广电和旅游局', code: uscc('11', '320509', 113) },
} as const;
type WA = keyof typeof WUJIANG_AGENCIES;

const WUJIANG: Array<Row & { agency: WA; category: string; listed?: string }> = [
  { name: '失业保险金申领', base: '失业保险金申领', code: true, agency: 'rs', category: '社保服务', promised: '5个工作日', legal: '20个工作日', materials: '1.居民身份证；2.解除劳动合同证明', visits: 3120 },
  { name: '社保卡申领', base: '社会保障卡申领', agency: 'rs', category: '社保服务', promised: '10个工作日', legal: '20个工作日', materials: '1.居民身份证；2.近期免冠照片', visits: 5200 },
  { name: '社保卡挂失', base: '社会保障卡挂失', agency: 'rs', category: '社保服务', promised: '即办', materials: '居民身份证', visits: 860 },
  { name: '社保卡密码重置', base: '社会保障卡密码重置', agency: 'rs', category: '社保服务', promised: '即办', materials: '1.居民身份证；2.社会保障卡', visits: 1430 },
  { name: '电子社保卡签发', base: '电子社会保障卡签发', agency: 'rs', category: '社保服务', promised: '即办', materials: '无', visits: 2210 },
  { name: '社保参保证明查询打印（个人）', base: '个人参保证明查询打印', agency: 'rs', category: '社保服务', promised: '即办', materials: '居民身份证', visits: 4150 },
  { name: '企业职工养老金发放明细查询', base: '企业职工养老金发放明细查询', code: true, agency: 'rs', category: '社保服务', promised: '即办', materials: '居民身份证', visits: 980 },
  { name: '在线办理就业登记', base: '就业登记', agency: 'rs', category: '就业创业', promised: '3个工作日', legal: '15个工作日', materials: '1.居民身份证；2.劳动合同', objects: '自然人、企业法人', visits: 640 },
  { name: '失业登记', base: '失业登记', code: true, agency: 'rs', category: '就业创业', promised: '即办', materials: '居民身份证', visits: 410 },
  { name: '灵活就业社保补贴申领（就业困难人员）', base: '就业困难人员灵活就业社保补贴申领', agency: 'rs', category: '就业创业', promised: '15个工作日', legal: '30个工作日', materials: '1.居民身份证；2.就业困难人员认定证明；3.社会保险缴费凭证', visits: 120 },
  { name: '医保电子凭证申领', base: '医保电子凭证申领', agency: 'yb', category: '医保服务', promised: '即办', materials: '无', visits: 6300 },
  { name: '医保关系转移接续', base: '基本医疗保险关系转移接续', agency: 'yb', category: '医保服务', promised: '10个工作日', legal: '15个工作日', materials: '1.居民身份证；2.参保缴费凭证', visits: 530 },
  { name: '异地安置退休人员备案', base: '异地安置退休人员备案', code: true, agency: 'yb', category: '医保服务', promised: '即办', materials: '1.居民身份证；2.异地安置备案表', visits: 210 },
  { name: '城乡居民医保参保登记', base: '城乡居民参保登记', agency: 'yb', category: '医保服务', promised: '即办', materials: IDCARD, visits: 390 },
  { name: '门诊费用报销', base: '门诊费用报销', agency: 'yb', category: '医保服务', promised: '20个工作日', legal: '30个工作日', materials: '1.居民身份证；2.医疗费用发票；3.费用明细清单', visits: 1820 },
  { name: '身份证办理（含临时身份证）', base: '居民身份证办理（包括临时）', agency: 'ga', category: '户政服务', type: '公共服务', promised: '20个工作日', legal: '60日', fee: '是', materials: '1.户口簿；2.近期免冠照片', visits: 2750 },
  { name: '身份证挂失申报', base: '居民身份证挂失申报、丢失招领', agency: 'ga', category: '户政服务', promised: '即办', materials: '户口簿', visits: 300 },
  { name: '居住证办理', base: '居住证办理', code: true, agency: 'ga', category: '户政服务', promised: '15个工作日', legal: '15日', materials: '1.居民身份证；2.居住登记凭证；3.合法稳定住所证明', visits: 1960 },
  { name: '无犯罪记录证明开具', base: '无犯罪记录证明', agency: 'ga', category: '户政服务', promised: '3个工作日', materials: '居民身份证', visits: 720 },
  { name: '户口迁移审批', base: '户口迁移审批', code: true, agency: 'ga', category: '户政服务', type: '行政许可', promised: '10个工作日', legal: '20个工作日', materials: '1.居民身份证；2.户口簿；3.迁入地住房证明', visits: 430 },
  { name: '在线预约结婚登记', base: '结婚登记预约', agency: 'mz', category: '民政服务', promised: '即办', materials: IDCARD, visits: 880 },
  { name: '最低生活保障申请', base: '最低生活保障', agency: 'mz', category: '民政服务', promised: '30个工作日', legal: '30个工作日', materials: '1.居民身份证；2.户口簿；3.家庭收入证明', visits: 150 },
  { name: '临时救助', base: '临时救助', agency: 'mz', category: '民政服务', promised: '15个工作日', materials: '1.居民身份证；2.困难情况说明', visits: 95 },
  { name: '高龄津贴发放（80周岁以上）', base: '80周岁以上老年人高龄津贴发放', agency: 'mz', category: '民政服务', promised: '20个工作日', materials: IDCARD, visits: 260 },
  { name: '残疾人证新办', base: '残疾人证新办', code: true, agency: 'cl', category: '民政服务', type: '行政确认', promised: '30个工作日', materials: '1.居民身份证；2.户口簿；3.近期免冠照片', visits: 75 },
  { name: '重度残疾人护理补贴', base: '重度残疾人护理补贴', agency: 'mz', category: '民政服务', promised: '20个工作日', materials: '1.居民身份证；2.残疾人证', visits: 60 },
  { name: '教师资格认定', base: '教师资格认定', code: true, agency: 'jy', category: '教育服务', type: '行政许可', promised: '20个工作日', legal: '60日', materials: '1.居民身份证；2.学历证书；3.普通话水平测试等级证书；4.体检合格证明', visits: 340 },
  { name: '学前教育、义务教育阶段入学办理', base: '学前教育、义务教育阶段入学办理', agency: 'jy', category: '教育服务', promised: '即办', materials: '1.户口簿；2.房产证或租赁合同', visits: 4800 },
  { name: '《出生医学证明》首次签发', base: '《出生医学证明》首次签发', code: true, agency: 'wj', category: '卫健服务', promised: '即办', materials: '1.父母居民身份证；2.分娩记录', visits: 230 },
  { name: '住宅专项维修资金查询', base: '住宅专项维修资金查询', agency: 'zj', category: '住房服务', promised: '即办', materials: '房屋不动产权证书', visits: 180 },
  { name: '公证业务预约', base: '公证业务预约办理', agency: 'sf', category: '法律服务', promised: '即办', materials: '居民身份证', visits: 45 },
  { name: '退役报到', base: '退役报到', code: true, agency: 'tw', category: '退役军人服务', promised: '即办', materials: '1.居民身份证；2.退出现役证', visits: 38 },
  { name: '公积金缴存证明打印', agency: 'gjj', category: '公积金服务', promised: '即办', materials: '居民身份证', visits: 1540 },
  { name: '公积金提取（租房）', agency: 'gjj', category: '公积金服务', type: '公共服务', promised: '3个工作日', materials: '1.居民身份证；2.房屋租赁合同；3.银行卡', visits: 2380 },
  { name: '吴江区人才安居补贴申请', agency: 'rc', category: '人才服务', type: '行政给付', promised: '20个工作日', materials: '1.居民身份证；2.学历证书；3.劳动合同；4.社保缴纳证明', objects: '自然人', visits: 620 },
  { name: '东太湖景区停车预约', agency: 'wl', category: '文旅服务', type: '其他', promised: '即办', fee: '是', materials: '机动车行驶证', visits: 910 },
  { name: '吴江区非遗项目申报', agency: 'wl', category: '文旅服务', type: '其他行政权力', promised: '30个工作日', materials: '1.申报书；2.项目视频资料；3.传承谱系说明', objects: '自然人、法人', visits: 12 },
  { name: '社会保障卡申领（网上办）', base: '社会保障卡申领', agency: 'rs', category: '社保服务', promised: '10个工作日', materials: '1.居民身份证；2.近期免冠照片', visits: 1110 },
  // bad rows: no name; a key that repeats an earlier row's key
  { name: '', agency: 'rs', category: '社保服务', promised: '即办', materials: '', visits: 0 },
  { name: '电子社保卡签发（新版）', base: '电子社会保障卡签发', agency: 'rs', category: '社保服务', promised: '即办', materials: '无', visits: 40, key: 'WJ-0005' },
];

// 健康溧阳: a single-purpose health app; mostly services the provincial catalog lacks.
const LIYANG_AGENCIES = {
  wjw: { name: '溧阳市卫生健康委员会', code: uscc('11', '320481', 201) },
  rmyy: { name: '溧阳市人民医院', code: uscc('12', '320481', 202) },
  zyy: { name: '溧阳市中医医院', code: uscc('12', '320481', 203) },
  cdc: { name: '溧阳市疾病预防控制中心', code: uscc('12', '320481', 204) },
  fy: { name: '溧阳市妇幼保健院', code: uscc('12', '320481', 205) },
  yb: { name: '溧阳市医疗保障局', code: uscc('11', '320481', 206) },
  xz: { name: '溧阳市中心血站', code: uscc('12', '320481', 207) },
} as const;
type LA = keyof typeof LIYANG_AGENCIES;

const LIYANG: Array<Row & { agency: LA; online: string }> = [
  { name: '预约挂号（溧阳市人民医院）', agency: 'rmyy', type: '公共服务', promised: '即办', fee: '否', phone: '(0519)87654321', materials: '1.身份证；2.医保卡', objects: '个人', visits: '12,860', online: '2019-05-20' },
  { name: '预约挂号（溧阳市中医医院）', agency: 'zyy', type: '公共服务', promised: '即时办结', fee: '否', phone: '0519-87361234', materials: '1、居民身份证\n2、医保卡或电子健康卡', objects: '个人', visits: '5,412', online: '2019-05-20' },
  { name: '家庭医生签约', agency: 'wjw', type: '公共服务', promised: '5个工作日', fee: '免费', phone: '(0519)87654300', materials: '1.身份证；2.户口簿（姓名含生僻字如“𠮷”的，以户口簿为准）', objects: '个人', visits: 1203, online: '2020-03-01' },
  { name: '电子健康卡申领', agency: 'wjw', type: '公共服务', promised: '即办', fee: '否', phone: '12345', materials: '身份证', objects: '个人', visits: '3,390', online: '2020-08-15' },
  { name: '检验检查报告查询', agency: 'rmyy', type: '公共服务', promised: '即时办结', fee: '否', phone: '051987218888', materials: '无', objects: '个人', visits: '9,870', online: '2019-05-20' },
  { name: '门诊缴费（诊间支付）', agency: 'rmyy', type: '其他', promised: '即办', fee: '收费（按物价标准）', phone: '0519 8721 8888', materials: '医保卡或电子健康卡', objects: '个人', visits: '7,015', online: '2021-01-10' },
  { name: '住院押金缴纳', agency: 'rmyy', type: '其他', promised: '即办', fee: '是', phone: '0519-87218888', materials: '1.身份证；2.住院通知单', objects: '个人', visits: 820, online: '2021-01-10' },
  { name: '儿童疫苗接种预约', agency: 'cdc', type: '公共服务', promised: '1个工作日', fee: '否', phone: '(0519)87362020', materials: '1.预防接种证；2.儿童户口簿或出生医学证明', objects: '个人', visits: '2,640', online: '2020-03-01' },
  { name: '成人疫苗（HPV）接种预约', agency: 'cdc', type: '公共服务', promised: '3个工作日', fee: '收费', phone: '0519-87362020', materials: '身份证', objects: '个人', visits: '1,930', online: '2021-06-01' },
  { name: '孕产妇保健手册建档', agency: 'fy', type: '公共服务', promised: '五个工作日', fee: '不收费', phone: '(0519)87293456', materials: '1.夫妻双方身份证；2.户口簿；3.结婚证', objects: '个人', visits: 310, online: '2020-03-01' },
  { name: '两癌筛查预约', agency: 'fy', type: '公共服务', promised: '十五个工作日', fee: '否', phone: '87293456', materials: '身份证', objects: '个人', visits: 96, online: '2022-03-08' },
  { name: '心理健康咨询预约', agency: 'wjw', type: '公共服务', promised: '承诺3天', fee: '否', phone: '(0519)87654399', materials: '无', objects: '个人', visits: 58, online: '2022-10-10' },
  { name: '中医体质辨识预约', agency: 'zyy', type: '公共服务', promised: '3个工作日', fee: '否', phone: '0519-87361234', materials: '身份证', objects: '个人', visits: 44, online: '2021-09-01' },
  { name: '核酸检测报告查询', agency: 'cdc', type: '公共服务', promised: '即时办结', fee: '否', phone: '12345', materials: '身份证', objects: '个人', visits: 0, online: '2020-02-10' },
  { name: '居民健康档案查询', agency: 'wjw', type: '公共服务', promised: '即办', fee: '否', phone: '(0519)87654300', materials: '身份证', objects: '个人', visits: 760, online: '2020-08-15' },
  { name: '无偿献血记录查询', agency: 'xz', type: '公共服务', promised: '即办', fee: '否', phone: '0519-87311700', materials: '身份证', objects: '个人', visits: 130, online: '2021-06-14' },
  { name: '慢病随访预约', agency: 'wjw', type: '公共服务', promised: '5个工作日', fee: '否', phone: '(0519)87654300', materials: '1.身份证；2.慢病登记卡', objects: '个人', visits: 210, online: '2022-01-01' },
  { name: '居民健康知识学习打卡', agency: 'wjw', type: '其他', promised: '', fee: '否', phone: '(0519)87654300', materials: '无', objects: '个人', visits: 2300, online: '2023-04-07' },
  // services the provincial catalog has
  { name: '出生医学证明首次签发', base: '《出生医学证明》首次签发', agency: 'fy', type: '公共服务', promised: '即办', legal: '30日', fee: '否', phone: '(0519)87293456', materials: '1.父母身份证；2.分娩记录', objects: '个人', visits: 142, online: '2020-03-01' },
  { name: '预防接种证办理', base: '《预防接种证》办理', agency: 'cdc', type: '公共服务', promised: '即时办结', fee: '否', phone: '(0519)87362020', materials: '出生医学证明', objects: '个人', visits: 188, online: '2020-03-01' },
  { name: '食品从业人员健康证办理', base: '食品行业从业人员预防性体检合格证办理', agency: 'cdc', type: '公共服务', promised: '5个工作日', fee: '是', phone: '0519-87362020', materials: '身份证', objects: '个人、企业', visits: 640, online: '2021-03-15' },
  { name: '门诊费用报销', base: '门诊费用报销', code: true, agency: 'yb', type: '公共服务', promised: '30日', legal: '30日', fee: '否', phone: '(0519)87281234', materials: '1.身份证；2.医疗费用发票；3.费用清单', objects: '个人', visits: 415, online: '2021-01-10' },
  { name: '医保电子凭证申领', base: '医保电子凭证申领', agency: 'yb', type: '公共服务', promised: '即办', fee: '否', phone: '12345', materials: '无', objects: '个人', visits: '1,050', online: '2021-01-10' },
  { name: '外出健康体检备案', base: '外出健康体检备案', agency: 'wjw', type: '公共服务', promised: '5个工作日', legal: '20个工作日', fee: '否', phone: '(0519)87654300', materials: '1.备案申请表；2.医疗机构执业许可证', objects: '企业', visits: 7, online: '2022-05-01' },
];

// 如皋综合应急: forced check-in features (retire) plus a handful of real services.
const RUGAO_AGENCIES = {
  yj: { name: '如皋市应急管理局', code: uscc('11', '320682', 301) },
  sl: { name: '如皋市水务局', code: uscc('11', '320682', 302) },
  fx: { name: '如皋市防汛防旱指挥部办公室', code: uscc('11', '320682', 303) },
} as const;
type RA = keyof typeof RUGAO_AGENCIES;

const RUGAO: Array<Row & { agency: RA; module: string; forced: string; score: string }> = [
  { name: '每日安全打卡', agency: 'yj', module: '考核', forced: '是', score: '2分/天', type: '其他', visits: 18_420 },
  { name: '网格员巡查签到', agency: 'yj', module: '考核', forced: '是', score: '1分/次', type: '其他', visits: 9_630 },
  { name: '应急知识学习时长统计', agency: 'yj', module: '学习', forced: '是', score: '每30分钟1分', type: '其他', visits: 7_212 },
  { name: '学习积分排名', agency: 'yj', module: '学习', forced: '是', score: '', type: '其他', visits: 6_050 },
  { name: '安全宣传点赞转发任务', agency: 'yj', module: '宣传', forced: '是', score: '转发1次0.5分', type: '其他', visits: 5_388 },
  { name: '应急演练签到', agency: 'yj', module: '考核', forced: '是', score: '3分/次', type: '其他', visits: 1_204 },
  { name: '每周答题打卡', agency: 'yj', module: '学习', forced: '是', score: '5分/周', type: '其他', visits: 4_790 },
  { name: '值班在岗签到', agency: 'fx', module: '考核', forced: '是', score: '', type: '其他', visits: 2_160 },
  { name: '生产经营单位生产安全事故应急预案备案', base: '生产经营单位生产安全事故应急预案备案', code: true, agency: 'yj', module: '服务', forced: '否', score: '', type: '其他行政权力', promised: '即办', legal: '20个工作日', materials: '1.应急预案备案申报表；2.应急预案评审意见；3.应急预案电子文档', objects: '企业法人', visits: 86 },
  { name: '危化品重大危险源备案', base: '危险化学品重大危险源备案、核销', agency: 'yj', module: '服务', forced: '否', score: '', type: '其他行政权力', promised: '5个工作日', materials: '1.重大危险源备案申请表；2.辨识、分级材料；3.安全评估报告', objects: '企业法人', visits: 53 },
  { name: '自然灾害生活救助资金申领', base: '自然灾害生活救助资金和物资给付', agency: 'yj', module: '服务', forced: '否', score: '', type: '行政给付', promised: '20个工作日', materials: '1.居民身份证；2.受灾情况说明', objects: '自然人', visits: 64 },
  { name: '应急管理信息查询', base: '应急管理信息查询', agency: 'yj', module: '服务', forced: '否', score: '', type: '公共服务', promised: '即办', materials: '无', objects: '自然人、法人', visits: 310 },
  { name: '三类非药品类易制毒化学品经营备案', base: '三类非药品类易制毒化学品经营备案', code: true, agency: 'yj', module: '服务', forced: '否', score: '', type: '其他行政权力', promised: '3个工作日', legal: '30日', materials: '1.备案申请表；2.营业执照；3.经营场所证明', objects: '企业法人', visits: 96 },
  { name: '安全隐患随手拍举报', agency: 'yj', module: '服务', forced: '否', score: '', type: '公共服务', promised: '3个工作日', materials: '现场照片', objects: '自然人', visits: 940 },
  { name: '应急避难场所查询', agency: 'yj', module: '服务', forced: '否', score: '', type: '公共服务', promised: '即办', materials: '无', objects: '自然人', visits: 275 },
  { name: '防汛防台预警信息订阅', agency: 'fx', module: '服务', forced: '否', score: '', type: '公共服务', promised: '即办', materials: '手机号码', objects: '自然人', visits: 1_530 },
  { name: '防汛值班表查看', agency: 'fx', module: '服务', forced: '否', score: '', type: '其他', promised: '即办', materials: '无', objects: '行政机关', visits: 4 },
];

// 住枫桥: a small community app of 枫桥街道 (苏州高新区 / 虎丘区).
const FENGQIAO_AGENCIES = {
  jd: { name: '苏州高新区枫桥街道办事处', code: uscc('11', '320505', 401) },
  zj: { name: '苏州高新区（虎丘区）住房和建设局', code: uscc('11', '320505', 402) },
  ga: { name: '苏州市公安局高新区（虎丘）分局', code: uscc('11', '320505', 403) },
  gjj: { name: '苏州市住房公积金管理中心', code: uscc('12', '320500', 404) },
} as const;
type FA = keyof typeof FENGQIAO_AGENCIES;

const FENGQIAO: Array<Row & { agency: FA; qr: string }> = [
  { name: '居住证办理', base: '居住证办理', agency: 'ga', type: '公共服务', promised: '15个工作日', materials: '1.居民身份证；2.居住登记凭证', objects: '自然人', visits: 430, qr: 'a1' },
  { name: '公租房申请资格审核', base: '公共租赁住房申请资格审核认定', agency: 'zj', type: '公共服务', promised: '20个工作日', materials: '1.居民身份证；2.户口簿；3.家庭收入证明', objects: '自然人', visits: 190, qr: 'a2' },
  { name: '公租房租金缴纳', base: '公租房租金缴纳', code: true, agency: 'zj', type: '公共服务', promised: '即办', fee: '是', materials: '租赁合同编号', objects: '自然人', visits: 260, qr: 'a3' },
  { name: '住宅专项维修资金查询', base: '住宅专项维修资金查询', agency: 'zj', type: '公共服务', promised: '即办', materials: '房屋不动产权证书', objects: '自然人', visits: 75, qr: 'a4' },
  { name: '社区养老服务预约', agency: 'jd', type: '公共服务', promised: '3个工作日', materials: '居民身份证', objects: '自然人', visits: 140, qr: 'a5' },
  { name: '物业报修', agency: 'jd', type: '其他', promised: '即办', materials: '无', objects: '自然人', visits: 620, qr: 'a6' },
  { name: '垃圾分类积分兑换', agency: 'jd', type: '其他', promised: '即办', materials: '无', objects: '自然人', visits: 31, qr: 'a7' },
  { name: '住房公积金提取（租房）', agency: 'gjj', type: '公共服务', promised: '3个工作日', materials: '1.居民身份证；2.房屋租赁合同', objects: '自然人', visits: 350, qr: 'a9' },
  { name: '社区活动签到', agency: 'jd', type: '其他', promised: '', materials: '无', objects: '自然人', visits: 880, qr: 'a8' },
];

// ---------------------------------------------------------------------------------------------

function checkBase(rows: Row[], byName: Map<string, BaseItem>, app: string): void {
  for (const r of rows) {
    if (r.base && !byName.has(r.base)) throw new Error(`${app}: "${r.name}" refers to "${r.base}", which is not in the base catalog`);
  }
}

function typeOf(r: Row, byName: Map<string, BaseItem>): string {
  return r.type ?? (r.base ? byName.get(r.base)!.taskType : '公共服务');
}

function writeCsv(file: string, rows: string[][], encoding: 'gb18030' | 'utf8-bom'): void {
  // quote any field with a line break: a bare LF inside a CRLF file is otherwise ambiguous
  const text = stringify(rows, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
  const buf = encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  writeFileSync(file, buf);
}

async function writeWujiang(byName: Map<string, BaseItem>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '智慧吴江运营中心';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet('事项清单');
  const header = ['序号', '事项编号', '事项名称', '基本编码', '事项类型', '所属分类', '实施主体', '实施主体编码', '承诺时限', '法定时限', '是否收费', '咨询电话', '申请材料', '服务对象', '月访问量', 'H5地址', '上架状态'];
  const last = String.fromCharCode(64 + header.length);
  ws.addRow(['智慧吴江App服务事项清单（导出时间：2025-09-12）']);
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.addRow([`导出单位：苏州市吴江区行政审批局（智慧吴江运营中心）    数据范围：全部上架及下架事项    共${WUJIANG.length}条`]);
  ws.mergeCells(`A2:${last}2`);
  // a group row above the real header, as the app's back office exports it
  ws.addRow(['基本信息', '', '', '', '', '', '实施主体', '', '办理要素', '', '', '', '', '', '运营数据', '', '']);
  ws.mergeCells('A3:F3');
  ws.mergeCells('G3:H3');
  ws.mergeCells('I3:N3');
  ws.mergeCells(`O3:${last}3`);
  const h = ws.addRow(header);
  h.font = { bold: true };
  WUJIANG.forEach((r, i) => {
    const n = i + 1;
    const key = r.key ?? `WJ-${String(n).padStart(4, '0')}`;
    const a = WUJIANG_AGENCIES[r.agency];
    const base = r.base ? byName.get(r.base) : undefined;
    ws.addRow([
      n,
      key,
      r.name,
      r.code && base ? base.code : '',
      typeOf(r, byName),
      r.category,
      a.name,
      a.code,
      r.promised ?? '',
      r.legal ?? '',
      r.fee ?? '否',
      r.phone ?? (r.agency === 'gjj' ? '0512-12329' : `0512-6${String(3010000 + n * 137).slice(0, 7)}`),
      r.materials ?? '',
      r.objects ?? '自然人',
      typeof r.visits === 'number' ? r.visits : r.visits,
      `https://app.wujiang.example.cn/h5/service/${1000 + n}`,
      r.listed ?? (Number(r.visits) < 50 ? '已下架' : '已上架'),
    ]);
  });
  ws.columns.forEach((c, i) => (c.width = [6, 12, 34, 16, 12, 12, 30, 22, 12, 12, 8, 16, 40, 14, 10, 44, 10][i]));
  await wb.xlsx.writeFile(join(OUT, 'exports', 'wujiang-services.xlsx'));
}

function writeLiyang(byName: Map<string, BaseItem>): void {
  const header = ['服务编号', '服务名称', '服务类别', '承办机构', '机构信用代码', '承诺时限', '法定时限', '是否收费', '咨询电话', '所需材料', '服务对象', '月访问量', 'H5链接', '上线时间', '备注'];
  const rows: string[][] = [['健康溧阳APP服务目录（截至2025年9月）'], [], header];
  LIYANG.forEach((r, i) => {
    const a = LIYANG_AGENCIES[r.agency];
    const base = r.base ? byName.get(r.base) : undefined;
    rows.push([
      `JKLY-${String(101 + i)}`,
      r.name,
      typeOf(r, byName),
      a.name,
      a.code,
      r.promised ?? '',
      r.legal ?? '',
      r.fee ?? '否',
      r.phone ?? '',
      r.materials ?? '',
      r.objects ?? '个人',
      String(r.visits),
      `https://jkly.liyang.example.cn/m/#/service?id=${5001 + i}`,
      r.online,
      base && r.code ? `省目录编码${base.code}` : '',
    ]);
  });
  writeCsv(join(OUT, 'exports', 'liyang-services.csv'), rows, 'gb18030');
}

async function writeRugao(byName: Map<string, BaseItem>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '如皋市应急管理局';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const notes = wb.addWorksheet('填报说明');
  notes.addRow(['如皋综合应急App功能清单填报说明']);
  notes.addRow(['1. 每个功能一行，功能ID不得重复。']);
  notes.addRow(['2. “是否强制使用”指是否纳入网格员、企业安全员日常考核。']);
  notes.addRow(['3. 月访问量取2025年8月数据。']);
  const ws = wb.addWorksheet('功能清单');
  const header = ['功能ID', '功能名称', '功能模块', '事项类型', '基本编码', '责任单位', '统一社会信用代码', '办理时限', '法定时限', '是否收费', '服务热线', '所需材料', '服务对象', '月访问量', '页面地址', '是否强制使用', '考核分值'];
  ws.addRow(header).font = { bold: true };
  RUGAO.forEach((r, i) => {
    const a = RUGAO_AGENCIES[r.agency];
    const base = r.base ? byName.get(r.base) : undefined;
    ws.addRow([
      `RG-F${String(i + 1).padStart(3, '0')}`,
      r.name,
      r.module,
      typeOf(r, byName),
      r.code && base ? base.code : '',
      a.name,
      a.code,
      r.promised ?? '',
      r.legal ?? '',
      r.fee ?? '否',
      r.phone ?? (r.agency === 'fx' ? '0513-87512110' : '0513-87656110'),
      r.materials ?? '',
      r.objects ?? '自然人',
      r.visits,
      `https://yj.rugao.example.cn/h5/${r.module === '服务' ? 'service' : 'task'}/${i + 1}`,
      r.forced,
      r.score,
    ]);
  });
  ws.columns.forEach((c, i) => (c.width = [10, 34, 10, 14, 16, 26, 22, 12, 12, 8, 16, 44, 12, 10, 40, 12, 14][i]));
  await wb.xlsx.writeFile(join(OUT, 'exports', 'rugao-features.xlsx'));
}

function writeFengqiao(byName: Map<string, BaseItem>): void {
  const header = ['编号', '服务名称', '事项类型', '基本编码', '办理部门', '部门代码', '办理时限', '是否收费', '联系电话', '申请材料', '服务对象', '月访问量', '页面链接', '海报二维码'];
  const rows: string[][] = [header];
  FENGQIAO.forEach((r, i) => {
    const a = FENGQIAO_AGENCIES[r.agency];
    const base = r.base ? byName.get(r.base) : undefined;
    rows.push([
      `ZFQ${String(i + 1).padStart(3, '0')}`,
      r.name,
      typeOf(r, byName),
      r.code && base ? base.code : '',
      a.name,
      a.code,
      r.promised ?? '',
      r.fee ?? '否',
      '0512-68250000',
      r.materials ?? '',
      r.objects ?? '自然人',
      String(r.visits),
      `https://zfq.fengqiao.example.cn/h5/svc/${r.qr}`,
      `https://qr.fengqiao.example.cn/p/${r.qr}`,
    ]);
  });
  writeCsv(join(OUT, 'exports', 'zhufengqiao-services.csv'), rows, 'utf8-bom');
  // the app's own entry points, kept by hand in the street office: download page, store listings,
  // the WeChat mini-program, the app's deep links; kinds in Chinese as the office wrote them
  const eps: string[][] = [
    ['入口编号', '入口类型', '地址', '说明', '事项编号', '小程序AppID', '小程序路径'],
    ['E01', '网页', 'https://zfq.fengqiao.example.cn/download', '住枫桥App下载页（社区海报印有此码）', '', '', ''],
    ['E02', '应用商店', 'https://appstore.example.cn/app/zhufengqiao', '应用商店上架页', '', '', ''],
    ['E03', '网页', 'https://zfq.fengqiao.example.cn/', 'H5首页', '', '', ''],
    ['E04', '小程序', '', '住枫桥微信小程序首页', '', 'wx5f1e0c2a9b7d3e41', 'pages/index/index'],
    ['E05', '小程序', '', '小程序：物业报修', 'ZFQ006', 'wx5f1e0c2a9b7d3e41', 'pages/repair/index'],
    ['E06', '深度链接', 'zhufengqiao://service/ZFQ001', 'App内链接：居住证办理', 'ZFQ001', '', ''],
    ['E07', '二维码', 'https://qr.fengqiao.example.cn/p/home', '社区服务站门口二维码', '', '', ''],
  ];
  writeCsv(join(OUT, 'exports', 'zhufengqiao-entry-points.csv'), eps, 'utf8-bom');
}

async function main(): Promise<void> {
  mkdirSync(join(OUT, 'catalog'), { recursive: true });
  mkdirSync(join(OUT, 'exports'), { recursive: true });
  const items = buildBaseCatalog();
  const byName = new Map(items.map((i) => [i.name, i]));
  for (const [app, rows] of [['wujiang', WUJIANG], ['liyang', LIYANG], ['rugao', RUGAO], ['zhufengqiao', FENGQIAO]] as const) checkBase(rows as Row[], byName, app);
  // the base catalog: provincial directory of 苏服办 in this example (行政区划 320000)
  const catalogRows = [['基本编码', '事项名称', '事项类型', '实施部门', '行政区划'], ...items.map((i) => [i.code, i.name, i.taskType, i.department, '320000'])];
  writeFileSync(join(OUT, 'catalog', 'base-catalog.csv'), stringify(catalogRows));
  await writeWujiang(byName);
  writeLiyang(byName);
  await writeRugao(byName);
  writeFengqiao(byName);
  console.log(`base catalog: ${items.length} items; wujiang ${WUJIANG.length}, liyang ${LIYANG.length}, rugao ${RUGAO.length}, zhufengqiao ${FENGQIAO.length} rows`);
}

await main();
