/**
 * Label tables the reporting read side needs beyond the shared ones: ledger
 * statuses, the case vocabulary as reports name it, and province names for
 * the cross-province register. Codes are the read model's; labels are what a
 * person reads (zh-CN by default, English with lang=en).
 */
import type { Label, LabelTable, Lang } from '@jm/reference';

export const LEAD_STATUS_LABELS = {
  received: { 'zh-CN': '已接收', en: 'Received' },
  reported: { 'zh-CN': '已报送联席办', en: 'Reported to the office' },
  triaged: { 'zh-CN': '待分办', en: 'Awaiting routing' },
  routed: { 'zh-CN': '已分办', en: 'Routed' },
  verifying: { 'zh-CN': '核查中', en: 'Being verified' },
  referred_up: { 'zh-CN': '已逐级上报', en: 'Referred up' },
  closed_unfounded: { 'zh-CN': '核查不属实', en: 'Closed as unfounded' },
  founded: { 'zh-CN': '核查属实（已立案）', en: 'Founded (case opened)' },
} as const satisfies LabelTable<string>;

export const CASE_STATUS_LABELS = {
  investigating: { 'zh-CN': '调查中', en: 'Under investigation' },
  awaiting_opinion: { 'zh-CN': '待出具认定意见', en: 'Awaiting an opinion' },
  opinion_issued: { 'zh-CN': '已出具认定意见', en: 'Opinion issued' },
  at_district_meeting: { 'zh-CN': '提请区联席会议', en: 'At the district joint meeting' },
  awaiting_city_escalation: { 'zh-CN': '待提请市联席会议', en: 'Awaiting escalation to the city' },
  at_city_meeting: { 'zh-CN': '提请市联席会议', en: 'At the city joint meeting' },
  determined: { 'zh-CN': '已定性', en: 'Nature determined' },
  transferred_to_police: { 'zh-CN': '已移送公安', en: 'Transferred to the police' },
  in_criminal_proceedings: { 'zh-CN': '刑事程序中', en: 'In criminal proceedings' },
  closure_requested: { 'zh-CN': '申请销号中', en: 'Closure requested' },
  closed: { 'zh-CN': '已办结', en: 'Closed' },
} as const satisfies LabelTable<string>;

export const TRANSFER_STATUS_LABELS = {
  pending: { 'zh-CN': '待公安答复', en: 'Awaiting the police' },
  accepted: { 'zh-CN': '公安已立案', en: 'Filed by the police' },
  declined: { 'zh-CN': '公安不予立案', en: 'Declined by the police' },
} as const satisfies LabelTable<string>;

export const MEASURE_LABELS = {
  warning_talk: { 'zh-CN': '约谈警示', en: 'Warning talk' },
  order_rectify: { 'zh-CN': '责令整改', en: 'Order to rectify' },
  seizure: { 'zh-CN': '查封扣押', en: 'Seizure' },
  supervised_refund: { 'zh-CN': '监督清退', en: 'Supervised refund' },
  penalty: { 'zh-CN': '行政处罚', en: 'Administrative penalty' },
} as const satisfies LabelTable<string>;

export const DETERMINING_BODY_LABELS = {
  authority: { 'zh-CN': '主管部门认定', en: 'Competent authority' },
  district_meeting: { 'zh-CN': '区联席会议认定', en: 'District joint meeting' },
  city_meeting: { 'zh-CN': '市联席会议认定', en: 'City joint meeting' },
} as const satisfies LabelTable<string>;

export const NOT_ILLEGAL_LABEL: Label = { 'zh-CN': '不构成非法金融活动', en: 'Not illegal' };

/** Provinces by the first two digits of a division code (GB/T 2260), for naming the other regions of a cross-province case. */
export const PROVINCES = {
  '11': { 'zh-CN': '北京市', en: 'Beijing' },
  '12': { 'zh-CN': '天津市', en: 'Tianjin' },
  '13': { 'zh-CN': '河北省', en: 'Hebei' },
  '14': { 'zh-CN': '山西省', en: 'Shanxi' },
  '15': { 'zh-CN': '内蒙古自治区', en: 'Inner Mongolia' },
  '21': { 'zh-CN': '辽宁省', en: 'Liaoning' },
  '22': { 'zh-CN': '吉林省', en: 'Jilin' },
  '23': { 'zh-CN': '黑龙江省', en: 'Heilongjiang' },
  '31': { 'zh-CN': '上海市', en: 'Shanghai' },
  '32': { 'zh-CN': '江苏省', en: 'Jiangsu' },
  '33': { 'zh-CN': '浙江省', en: 'Zhejiang' },
  '34': { 'zh-CN': '安徽省', en: 'Anhui' },
  '35': { 'zh-CN': '福建省', en: 'Fujian' },
  '36': { 'zh-CN': '江西省', en: 'Jiangxi' },
  '37': { 'zh-CN': '山东省', en: 'Shandong' },
  '41': { 'zh-CN': '河南省', en: 'Henan' },
  '42': { 'zh-CN': '湖北省', en: 'Hubei' },
  '43': { 'zh-CN': '湖南省', en: 'Hunan' },
  '44': { 'zh-CN': '广东省', en: 'Guangdong' },
  '45': { 'zh-CN': '广西壮族自治区', en: 'Guangxi' },
  '46': { 'zh-CN': '海南省', en: 'Hainan' },
  '50': { 'zh-CN': '重庆市', en: 'Chongqing' },
  '51': { 'zh-CN': '四川省', en: 'Sichuan' },
  '52': { 'zh-CN': '贵州省', en: 'Guizhou' },
  '53': { 'zh-CN': '云南省', en: 'Yunnan' },
  '54': { 'zh-CN': '西藏自治区', en: 'Tibet' },
  '61': { 'zh-CN': '陕西省', en: 'Shaanxi' },
  '62': { 'zh-CN': '甘肃省', en: 'Gansu' },
  '63': { 'zh-CN': '青海省', en: 'Qinghai' },
  '64': { 'zh-CN': '宁夏回族自治区', en: 'Ningxia' },
  '65': { 'zh-CN': '新疆维吾尔自治区', en: 'Xinjiang' },
  '71': { 'zh-CN': '台湾省', en: 'Taiwan' },
  '81': { 'zh-CN': '香港特别行政区', en: 'Hong Kong' },
  '82': { 'zh-CN': '澳门特别行政区', en: 'Macao' },
} as const satisfies LabelTable<string>;

export const UNSPECIFIED: Label = { 'zh-CN': '未指定', en: 'Unspecified' };
export const TOTAL: Label = { 'zh-CN': '合计', en: 'Total' };
export const YES_NO = { yes: { 'zh-CN': '是', en: 'Yes' }, no: { 'zh-CN': '否', en: 'No' } } as const;

export function yesNo(value: boolean, lang: Lang): string {
  return YES_NO[value ? 'yes' : 'no'][lang];
}

/** "350102（福建省）": a region code with its province, which is what the register's reader needs to act on. */
export function regionLabel(code: string, lang: Lang): string {
  const province = (PROVINCES as Record<string, Label | undefined>)[code.slice(0, 2)];
  if (!province) return code;
  return lang === 'en' ? `${code} (${province.en})` : `${code}（${province['zh-CN']}）`;
}
