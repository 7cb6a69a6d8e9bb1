// Qualifiers: words that make a different service out of the same stem. 公积金提取（租房） is not
// 公积金提取（购房）; 许可证注销 is not 许可证变更. Each family lists classes; two names whose
// classes in one family are disjoint describe different services, whatever their similarity.

export interface QualifierFamily {
  name: string;
  /** class → pattern; patterns run on the normalised name */
  classes: Array<[string, RegExp]>;
  /** penalty when both names carry classes of this family and share none */
  conflict: number;
  /** penalty when only one of the two names carries a class of this family */
  oneSided: number;
  /** classes whose one-sided presence costs only this (an unqualified name usually means them) */
  mild?: { classes: string[]; penalty: number };
  /**
   * when only the app's name (the query) carries a class of this family: an act named by the app
   * (社保卡注销, 养蜂证换证) is that act, while an unqualified catalog name means getting the thing
   */
  queryOnly?: number;
  /**
   * a generic class that includes specific ones: 迁移 is 迁入 or 迁出, and 过户 is a 转移登记; such
   * a pair is no conflict (a person picks between the specific items when both fit)
   */
  covers?: Record<string, string[]>;
}

/** the penalty for a generic class against a specific one it covers (keeps a same-class item ahead) */
const COVERED = 0.04;

export const QUALIFIER_FAMILIES: QualifierFamily[] = [
  {
    name: 'lifecycle',
    classes: [
      ['new', /设立|新办|新设|开办|首次|初次|初领|新增|新建|新申请|成立|报装|参保登记|开户|增员/],
      ['prepare', /筹设|筹建|筹备/],
      ['change', /变更|更正|更名/],
      ['renew', /延续|续期|换发|换领|换证|到期换|延期|年审|年检|复审/],
      ['cancel', /注销|终止|歇业|撤销|报废|退出|解散|销户|退保|取消/],
      // 停业 and 暂停 stop for a while (复业 / 恢复 follow); 歇业 and 注销 end it
      ['suspend', /停业|暂停|停保|停运|减员/],
      ['reissue', /补办|补领|补发|补证|补换|遗失|挂失|损毁/],
      ['in', /迁入|转入/],
      ['out', /迁出|转出/],
      ['transfer', /过户|转让/],
      ['unfreeze', /解挂|解冻/],
      ['freeze', /(?<!解)冻结/],
      ['seal', /(?<!解)封存/],
      ['unseal', /解封|启封/],
      ['resume', /恢复|复业/],
      ['move', /迁移|转移/],
    ],
    conflict: 0.3,
    // "食品经营许可证" alone means getting one: an item qualified 注销 or 变更 is another service
    oneSided: 0.12,
    queryOnly: 0.24,
    mild: { classes: ['new'], penalty: 0.03 },
    covers: { move: ['in', 'out', 'transfer'], transfer: ['move'] },
  },
  {
    name: 'branch',
    classes: [['branch', /分公司|分支机构|分社|分所|分店|子公司|分立/]],
    conflict: 0,
    oneSided: 0.12,
  },
  {
    name: 'mortgage',
    classes: [['mortgage', /抵押|质押|出质/]],
    conflict: 0,
    oneSided: 0.12,
  },
  {
    name: 'housing purpose',
    classes: [
      ['rent', /租房|租赁住房|房租/],
      ['buy', /购房|购买住房|购买自住|购建/],
      ['build', /建房|自建|翻建|大修/],
      ['decorate', /装修|装饰/],
      ['repay', /还贷|偿还|还款/],
      ['retire', /退休/],
      ['leave', /离职|出境定居|销户/],
    ],
    conflict: 0.3,
    oneSided: 0.04,
  },
  {
    name: 'what is done',
    classes: [
      ['enquire', /查询|查看|查阅|借阅/],
      ['consult', /咨询/],
      ['book', /预约|挂号/],
      ['pay', /缴纳|缴费|缴存|交费/],
      ['complain', /投诉|举报/],
    ],
    conflict: 0.3,
    oneSided: 0.1,
  },
  {
    name: 'care setting',
    classes: [
      ['outpatient', /门诊/],
      ['inpatient', /住院/],
    ],
    conflict: 0.3,
    oneSided: 0.02,
  },
  {
    name: 'insured group',
    classes: [
      ['employee', /职工/],
      ['resident', /城乡居民/],
      ['public sector', /机关事业单位/],
      ['employer', /(?<!事业)单位|用人单位/],
      ['person', /个人(?!独资)/],
      ['flexible', /灵活就业/],
    ],
    conflict: 0.25,
    oneSided: 0,
  },
  {
    name: 'benefit line',
    classes: [
      ['work injury', /工伤/],
      ['unemployment', /失业/],
      ['maternity', /(?<!计划)生育/],
      ['family planning', /计划生育|计生/],
    ],
    conflict: 0.3,
    oneSided: 0.06,
  },
  {
    name: 'marriage',
    classes: [
      ['marry', /结婚/],
      ['divorce', /离婚/],
    ],
    conflict: 0.3,
    oneSided: 0.02,
  },
  {
    name: 'age',
    classes: [
      ['minor', /未满18|未成年|18岁以下|18周岁以下|儿童|少儿|婴幼儿/],
      ['adult', /(?<!未)满18|18周岁以上|18岁以上|(?<!未)成年|成人/],
    ],
    conflict: 0.3,
    oneSided: 0.03,
  },
  {
    name: 'capital',
    classes: [
      ['domestic', /内资/],
      ['foreign', /外资|外商|中外合资|中外合作|港澳台/],
    ],
    conflict: 0.3,
    oneSided: 0.03,
  },
  {
    name: 'carriage',
    classes: [
      ['passenger', /客运|旅客|客车/],
      ['goods', /货运|货物|货车|危险货物/],
    ],
    conflict: 0.3,
    oneSided: 0.02,
  },
  {
    name: 'grade',
    classes: [
      ['g1', /甲级|1级/],
      ['g2', /乙级|2级/],
      ['g3', /丙级|3级/],
      ['g4', /丁级|4级/],
    ],
    conflict: 0.3,
    oneSided: 0.02,
  },
  {
    name: 'vehicle',
    classes: [
      ['tractor', /拖拉机|联合收割机/],
      ['car', /机动车|汽车/],
      ['boat', /船舶|渔船/],
    ],
    conflict: 0.3,
    // a licence for tractors is not the one a name without a vehicle means
    oneSided: 0.08,
  },
  {
    // the cards and documents people hold are different things: an 电子健康卡 (health commission) is
    // not an 电子社会保障卡 (social security), whatever the shared 电子…卡
    name: 'card',
    classes: [
      ['social security card', /社会保障卡/],
      ['health card', /健康卡/],
      ['medical insurance voucher', /医疗保障电子凭证/],
      ['identity card', /居民身份证/],
      // a 身份证明 is a certificate the police issue, not the card: 临时身份证明 is not 临时居民身份证
      ['identity proof', /身份证明/],
      ['residence permit', /居住证/],
      ['bank card', /银行卡/],
    ],
    conflict: 0.3,
    oneSided: 0,
  },
  {
    // 城乡居民基本医疗保险 and 城乡居民基本养老保险 are two insurances with the same insured group
    name: 'insurance line',
    classes: [
      ['pension', /养老保险/],
      ['medical', /医疗保险|医疗保障/],
    ],
    conflict: 0.3,
    oneSided: 0,
  },
  {
    // a vehicle's certificate (道路运输证) and the operator's licence (经营许可) are two services of
    // one trade: 网约车运输证注销 is not 网络预约出租汽车经营注销
    name: 'permit holder',
    classes: [
      ['vehicle', /运输证|车辆/],
      ['operator', /经营许可|经营(?:注销|变更|延续|备案)|业户/],
    ],
    conflict: 0.3,
    oneSided: 0,
  },
  {
    // 就业登记 and 失业登记 are two registrations (就业失业登记 is both)
    name: 'employment registration',
    classes: [
      ['employed', /(?<![失未])就业(?:失业)?登记/],
      ['unemployed', /失业登记/],
    ],
    conflict: 0.3,
    oneSided: 0,
  },
  {
    name: 'food chain',
    classes: [
      ['production', /食品生产|生产许可/],
      ['trade', /食品经营|经营许可|销售/],
      ['workshop', /小作坊/],
    ],
    conflict: 0.25,
    oneSided: 0,
  },
];

// read-only: most names have none and share one empty set (an index holds one per name)
export type QualifierSet = ReadonlyMap<string, ReadonlySet<string>>;
export const NO_QUALIFIERS: QualifierSet = new Map();

export function qualifiersOf(normalised: string): QualifierSet {
  const out = new Map<string, Set<string>>();
  for (const f of QUALIFIER_FAMILIES) {
    let set: Set<string> | undefined;
    for (const [cls, re] of f.classes) {
      if (re.test(normalised)) (set ??= new Set()).add(cls);
    }
    if (set) out.set(f.name, set);
  }
  return out.size ? out : NO_QUALIFIERS;
}

export interface QualifierVerdict {
  penalty: number;
  /** e.g. "注销≠变更 (lifecycle)" */
  notes: string[];
  /** both names carry a family's classes and share none */
  conflict: boolean;
}

// most names carry no qualifier: their verdict is this one, shared (callers only read verdicts)
const NO_NOTES: string[] = Object.freeze([]) as unknown as string[];
const AGREE: QualifierVerdict = Object.freeze({ penalty: 0, notes: NO_NOTES, conflict: false });

export function compareQualifiers(a: QualifierSet, b: QualifierSet, explain = true): QualifierVerdict {
  if (!a.size && !b.size) return AGREE;
  let penalty = 0;
  let conflict = false;
  const notes: string[] = explain ? [] : NO_NOTES;
  for (const f of QUALIFIER_FAMILIES) {
    const x = a.get(f.name);
    const y = b.get(f.name);
    if (!x && !y) continue;
    if (x && y) {
      let shared = false;
      for (const c of x) if (y.has(c)) shared = true;
      let covered = false;
      if (!shared && f.covers)
        for (const c of x) for (const d of y) if (f.covers[c]?.includes(d) || f.covers[d]?.includes(c)) covered = true;
      if (covered) {
        penalty += COVERED;
        if (explain) notes.push(`${f.name} ${[...x].join('/')}~${[...y].join('/')} (one is the general act)`);
      } else if (!shared && f.conflict > 0) {
        conflict = true;
        penalty += f.conflict;
        if (explain) notes.push(`${f.name} ${[...x].join('/')}≠${[...y].join('/')}`);
      }
    } else if (f.oneSided > 0) {
      const only = (x ?? y)!;
      const mild = f.mild && [...only].every((c) => f.mild!.classes.includes(c));
      penalty += mild ? f.mild!.penalty : x && f.queryOnly !== undefined ? f.queryOnly : f.oneSided;
      if (explain) notes.push(`${f.name} ${[...only].join('/')} on one side only`);
    }
  }
  return { penalty, notes, conflict };
}

const ALL_QUALIFIERS = new RegExp(QUALIFIER_FAMILIES.flatMap((f) => f.classes.map(([, re]) => `(?:${re.source})`)).join('|'), 'g');

/** removes every qualifier word: what is left names the thing itself */
export function stripQualifiers(normalised: string): string {
  return normalised.replace(ALL_QUALIFIERS, '');
}
