/** zh-CN and English labels of the lead codes the intake API takes and answers (libs/reference's lists). */
import type { LocaleMessages } from '../../app/i18n';

type Labels = Record<string, [zh: string, en: string]>;

export const CATEGORY_LABELS: Labels = {
  illegal_securities: ['非法证券', 'Illegal securities'],
  illegal_futures: ['非法期货', 'Illegal futures'],
  illegal_fundraising: ['非法集资', 'Illegal fundraising'],
  illegal_payment: ['非法支付结算', 'Illegal payment settlement'],
  illegal_forex: ['非法外汇', 'Illegal foreign exchange'],
  financial_fraud: ['金融诈骗', 'Financial fraud'],
};

export const FIELD_LABELS: Labels = {
  private_investment_intermediary: ['民间投融资中介', 'Private investment intermediary'],
  third_party_wealth_management: ['第三方财富管理', 'Third-party wealth management'],
  fake_private_fund: ['伪私募', 'Fake private fund'],
  fake_financial_exchange: ['伪金交所', 'Fake financial exchange'],
  equity_crowdfunding: ['股权众筹', 'Equity crowdfunding'],
  pension: ['养老服务', 'Elderly care'],
  agriculture: ['涉农', 'Agriculture'],
  commerce: ['商贸服务', 'Commerce'],
  auction: ['拍卖', 'Auction'],
  virtual_currency: ['虚拟货币', 'Virtual currency'],
  blockchain: ['区块链', 'Blockchain'],
  culture_tourism: ['文化旅游', 'Culture and tourism'],
  film_investment: ['影视投资', 'Film investment'],
  debt_resolution: ['解债服务', 'Debt resolution services'],
  fake_state_enterprise: ['假冒挂靠国企央企', 'Posing as a state enterprise'],
  securities_futures: ['证券期货', 'Securities and futures'],
  other: ['其他', 'Other'],
};

export const SOURCE_LABELS: Labels = {
  public_report: ['群众举报', 'Public report'],
  media: ['媒体报道', 'Media'],
  routine_supervision: ['日常监管', 'Routine supervision'],
  screening_campaign: ['排查整治', 'Screening campaign'],
  big_data_monitoring: ['大数据监测平台', 'Big-data monitoring'],
  bank_suspicious_transaction: ['银行可疑交易报告', 'Bank suspicious-transaction report'],
  grid_worker: ['网格员上报', 'Grid worker'],
  industry_association: ['行业协会', 'Industry association'],
  referral: ['外地区或上级移交', 'Referral from another region or level'],
};

export const CHANNEL_LABELS: Labels = {
  hotline: ['举报电话', 'Hotline'],
  mini_program: ['小程序', 'Mini program'],
  website: ['网站', 'Website'],
  letter: ['来信', 'Letter'],
  visit: ['来访', 'Visit'],
  agency_system: ['部门报送', 'Agency system'],
};

export const SUBJECT_KIND_LABELS: Labels = {
  company: ['企业', 'Company'],
  person: ['个人', 'Person'],
  website: ['网站', 'Website'],
  app: ['应用程序', 'App'],
  phone: ['电话', 'Phone'],
  account: ['账户', 'Account'],
};

export const LEAD_STATUS_LABELS: Labels = {
  received: ['已受理', 'Received'],
  processing: ['处理中', 'Being handled'],
  unfounded: ['不属实，已办结', 'Unfounded; closed'],
  case_opened: ['已立案', 'Case opened'],
  closed: ['已办结', 'Closed'],
};

export const TRIAGE_STATUS_LABELS: Labels = {
  not_reported: ['未报送办公室', 'Not yet reported to the office'],
  awaiting_triage: ['待分办', 'Awaiting triage'],
  routed: ['已分派核查', 'Routed for verification'],
  referred_up: ['已逐级上报', 'Referred up'],
  closed_unfounded: ['核查不属实', 'Closed as unfounded'],
  founded: ['核查属实，已立案', 'Founded; case opened'],
};

/** Texts plus label lists as messages: `{ "leads.category": CATEGORY_LABELS }` gives "leads.category.illegal_fundraising" and so on. */
export function withLabels(texts: LocaleMessages, lists: Record<string, Labels>): LocaleMessages {
  const messages: LocaleMessages = { 'zh-CN': { ...texts['zh-CN'] }, en: { ...texts.en } };
  for (const [prefix, labels] of Object.entries(lists)) {
    for (const [code, [zh, en]] of Object.entries(labels)) {
      messages['zh-CN'][`${prefix}.${code}`] = zh;
      messages.en[`${prefix}.${code}`] = en;
    }
  }
  return messages;
}
