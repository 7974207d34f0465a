/**
 * How leads are classified (domain.md, "Leads"): activity category, field
 * (领域, as the campaign plans name them), where the lead came from and by
 * which channel. Routing rules and statistics tables key on these codes.
 */
import { LabelTable, codesOf } from './labels';

export const ACTIVITY_CATEGORIES = {
  illegal_securities: { 'zh-CN': '非法证券', en: 'Illegal securities business' },
  illegal_futures: { 'zh-CN': '非法期货', en: 'Illegal futures business' },
  illegal_fundraising: { 'zh-CN': '非法集资', en: 'Illegal fundraising' },
  illegal_payment: { 'zh-CN': '非法支付结算', en: 'Illegal payment and settlement' },
  illegal_forex: { 'zh-CN': '非法外汇', en: 'Illegal foreign exchange' },
  financial_fraud: { 'zh-CN': '金融诈骗', en: 'Financial fraud' },
} as const satisfies LabelTable<string>;
export type ActivityCategory = keyof typeof ACTIVITY_CATEGORIES;
export const ACTIVITY_CATEGORY_CODES = codesOf(ACTIVITY_CATEGORIES);

export const FIELDS = {
  private_investment_intermediary: { 'zh-CN': '民间投融资中介', en: 'Private investment and financing intermediary' },
  third_party_wealth_management: { 'zh-CN': '第三方财富管理', en: 'Third-party wealth management' },
  fake_private_fund: { 'zh-CN': '伪私募', en: 'Fake private fund' },
  fake_financial_exchange: { 'zh-CN': '伪金交所', en: 'Fake financial assets exchange' },
  equity_crowdfunding: { 'zh-CN': '股权众筹', en: 'Equity crowdfunding' },
  pension: { 'zh-CN': '养老服务', en: 'Elderly care' },
  agriculture: { 'zh-CN': '涉农', en: 'Agriculture' },
  commerce: { 'zh-CN': '商贸服务', en: 'Commerce and trade services' },
  auction: { 'zh-CN': '拍卖', en: 'Auction' },
  virtual_currency: { 'zh-CN': '虚拟货币', en: 'Virtual currency' },
  blockchain: { 'zh-CN': '区块链', en: 'Blockchain' },
  culture_tourism: { 'zh-CN': '文化旅游', en: 'Culture and tourism' },
  film_investment: { 'zh-CN': '影视投资', en: 'Film investment' },
  debt_resolution: { 'zh-CN': '解债服务', en: 'Debt-resolution services' },
  fake_state_enterprise: { 'zh-CN': '假冒挂靠国企央企', en: 'Fake state-enterprise affiliation' },
  securities_futures: { 'zh-CN': '证券期货', en: 'Securities and futures' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies LabelTable<string>;
export type Field = keyof typeof FIELDS;
export const FIELD_CODES = codesOf(FIELDS);

export const LEAD_SOURCES = {
  public_report: { 'zh-CN': '群众举报', en: 'Public report' },
  media: { 'zh-CN': '媒体报道', en: 'Media' },
  routine_supervision: { 'zh-CN': '日常监管', en: 'Routine supervision' },
  screening_campaign: { 'zh-CN': '排查整治', en: 'Screening campaign' },
  big_data_monitoring: { 'zh-CN': '大数据监测平台', en: 'Big-data monitoring platform' },
  bank_suspicious_transaction: { 'zh-CN': '银行可疑交易报告', en: 'Bank suspicious-transaction report' },
  grid_worker: { 'zh-CN': '网格员上报', en: 'Grid worker' },
  industry_association: { 'zh-CN': '行业协会', en: 'Industry association' },
  referral: { 'zh-CN': '外地区或上级移交', en: 'Referral from another region or level' },
} as const satisfies LabelTable<string>;
export type LeadSource = keyof typeof LEAD_SOURCES;
export const LEAD_SOURCE_CODES = codesOf(LEAD_SOURCES);

export const REPORT_CHANNELS = {
  hotline: { 'zh-CN': '举报电话', en: 'Hotline' },
  mini_program: { 'zh-CN': '小程序', en: 'Mini-program' },
  website: { 'zh-CN': '网站', en: 'Website' },
  letter: { 'zh-CN': '来信', en: 'Letter' },
  visit: { 'zh-CN': '来访', en: 'Visit' },
  agency_system: { 'zh-CN': '部门报送', en: 'Agency submission' },
} as const satisfies LabelTable<string>;
export type ReportChannel = keyof typeof REPORT_CHANNELS;
export const REPORT_CHANNEL_CODES = codesOf(REPORT_CHANNELS);

export const RISK_GRADES = {
  low: { 'zh-CN': '低风险', en: 'Low' },
  medium: { 'zh-CN': '中风险', en: 'Medium' },
  high: { 'zh-CN': '高风险', en: 'High' },
  major: { 'zh-CN': '重大风险', en: 'Major' },
} as const satisfies LabelTable<string>;
export type RiskGrade = keyof typeof RISK_GRADES;
export const RISK_GRADE_CODES = codesOf(RISK_GRADES);

/** Key-case flags (重点案件, domain.md). */
export const KEY_CASE_FLAGS = {
  leader_instruction: { 'zh-CN': '领导批示', en: "Leader's written instruction" },
  amount_over_100m: { 'zh-CN': '涉案金额亿元以上', en: 'Amount of 100 million yuan or more' },
  criminal_over_5y: { 'zh-CN': '刑事立案五年以上', en: 'Criminal case open five years or more' },
  petition_pressure: { 'zh-CN': '信访维稳压力大', en: 'Strong petition pressure' },
  cross_region: { 'zh-CN': '跨区域', en: 'Cross-region' },
} as const satisfies LabelTable<string>;
export type KeyCaseFlag = keyof typeof KEY_CASE_FLAGS;
export const KEY_CASE_FLAG_CODES = codesOf(KEY_CASE_FLAGS);
