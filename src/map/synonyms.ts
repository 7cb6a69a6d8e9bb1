// The abbreviation table shipped with yimen: the short forms county apps use for service names and
// departments, each mapped to the full form the provincial catalog uses. `matching.synonyms` in
// yimen.yaml adds to (or overrides) it. Expansion happens on both sides before matching.

export const SHIPPED_SYNONYMS: Readonly<Record<string, string>> = {
  // people and social security
  社保卡: '社会保障卡',
  社保: '社会保险',
  医保卡: '社会保障卡',
  医保: '医疗保障',
  // 医保 before a benefit or a contribution is the basic medical insurance, not the agency
  医保关系: '基本医疗保险关系',
  医保费: '基本医疗保险费',
  医保待遇: '基本医疗保险待遇',
  失业金: '失业保险金',
  养老金: '养老保险待遇',
  公积金: '住房公积金',
  身份证: '居民身份证',
  // written as themselves: they contain an abbreviation but are other words (身份证明 is a proof
  // of identity, not an ID card)
  身份证明: '身份证明',
  户口本: '居民户口簿',
  户口簿: '居民户口簿',
  准生证: '生育服务证',
  独生子女证: '独生子女父母光荣证',
  残疾证: '残疾人证',
  老年证: '老年人优待证',
  低保: '最低生活保障',
  五保: '特困人员救助供养',
  灵活就业: '灵活就业人员',
  // business and licences
  个体户: '个体工商户',
  食品许可证: '食品经营许可证',
  税务登记证: '税务登记',
  民非: '民办非企业单位',
  网吧: '互联网上网服务营业场所',
  环评: '环境影响评价',
  // housing and land
  房产证: '不动产权证书',
  不动产证: '不动产权证书',
  公租房: '公共租赁住房',
  廉租房: '廉租住房',
  // transport
  驾照: '机动车驾驶证',
  网约车: '网络预约出租汽车',
  出租车: '巡游出租汽车',
  驾培: '机动车驾驶员培训',
  // health
  出生证: '出生医学证明',
  健康证: '健康合格证明',
  // departments (abbreviated names of agencies)
  人社局: '人力资源和社会保障局',
  人社: '人力资源和社会保障',
  住建局: '住房和城乡建设局',
  住建: '住房和城乡建设',
  市监局: '市场监督管理局',
  市场监管局: '市场监督管理局',
  卫健局: '卫生健康局',
  卫健委: '卫生健康委员会',
  教科体局: '教育科技体育局',
  教体局: '教育体育局',
  文广旅局: '文化广电旅游局',
  文旅局: '文化和旅游局',
  医保局: '医疗保障局',
  自规局: '自然资源和规划局',
  交通局: '交通运输局',
  农业局: '农业农村局',
  审批局: '行政审批局',
  退役军人局: '退役军人事务局',
  应急局: '应急管理局',
  生态局: '生态环境局',
  环保局: '生态环境局',
  综合执法局: '综合行政执法局',
};

const PROBES = new WeakMap<Array<[string, string]>, RegExp>();

/** The effective table: shipped entries plus the workspace's, longest abbreviation first. */
export function synonymTable(extra: Record<string, string> = {}): Array<[string, string]> {
  const merged = { ...SHIPPED_SYNONYMS, ...extra };
  return Object.entries(merged)
    .filter(([a, f]) => a && f)
    .sort((x, y) => y[0].length - x[0].length || (x[0] < y[0] ? -1 : 1));
}

/**
 * Expands abbreviations. A full form that already contains its abbreviation (公积金 in 住房公积金)
 * is protected first, so it is not expanded twice; a longer abbreviation wins over a shorter one
 * (社保卡 before 社保).
 */
export function expandSynonyms(text: string, table: Array<[string, string]>): string {
  if (!text) return text;
  // most names hold no abbreviation at all: one test of the table's first characters first
  let probe = PROBES.get(table);
  if (!probe) PROBES.set(table, (probe = new RegExp(`[${[...new Set(table.flatMap(([a, f]) => [a[0], f[0]]))].join('').replace(/[\\\]^-]/g, '\\$&')}]`)));
  if (!probe.test(text)) return text;
  // placeholders in the Private Use Area cannot occur in real names
  const held: string[] = [];
  let s = text;
  for (const [abbr, full] of table) {
    if (!s.includes(abbr) && !s.includes(full)) continue;
    s = s.split(full).join(hold(full));
    if (s.includes(abbr)) s = s.split(abbr).join(hold(full));
  }
  return s.replace(/[\uE000-\uF8FF]/g, (c) => held[c.charCodeAt(0) - 0xe000] ?? '');

  function hold(full: string): string {
    let i = held.indexOf(full);
    if (i < 0) i = held.push(full) - 1;
    return String.fromCharCode(0xe000 + i);
  }
}
