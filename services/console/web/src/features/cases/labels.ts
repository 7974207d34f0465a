/**
 * Labels of the codes the casework screens show (statuses, fields, categories,
 * measures…), zh-CN and English, as the services' reference tables name them
 * (libs/reference, libs/contracts). Keys are `cases.enum.<table>.<code>`; the
 * other casework features (meetings, ledgers, statistics, deadlines, audit) use them too.
 */
import type { LocaleMessages } from '../../app/i18n';
import { messagesOf } from './locales';

type Table = Record<string, [zh: string, en: string]>;

const CATEGORY: Table = {
  illegal_securities: ['非法证券', 'Illegal securities business'],
  illegal_futures: ['非法期货', 'Illegal futures business'],
  illegal_fundraising: ['非法集资', 'Illegal fundraising'],
  illegal_payment: ['非法支付结算', 'Illegal payment and settlement'],
  illegal_forex: ['非法外汇', 'Illegal foreign exchange'],
  financial_fraud: ['金融诈骗', 'Financial fraud'],
};

const TABLES: Record<string, Table> = {
  status: {
    investigating: ['调查中', 'Investigating'],
    awaiting_opinion: ['待出具认定意见', 'Awaiting determination opinion'],
    opinion_issued: ['已出具认定意见', 'Opinion issued'],
    at_district_meeting: ['区联席会议研究中', 'At the district joint meeting'],
    awaiting_city_escalation: ['待提请市联席会议', 'Awaiting escalation to the city meeting'],
    at_city_meeting: ['市联席会议研究中', 'At the city joint meeting'],
    determined: ['已认定，处置中', 'Determined, in disposal'],
    transferred_to_police: ['已移送公安，待立案', 'Transferred to the police'],
    in_criminal_proceedings: ['刑事诉讼中', 'In criminal proceedings'],
    closure_requested: ['待审批销号', 'Closure awaiting approval'],
    closed: ['已结案销号', 'Closed and written off'],
  },
  category: CATEGORY,
  leadStatus: {
    received: ['已接收', 'Received'],
    reported: ['已报送联席办', 'Reported to the office'],
    triaged: ['待分办', 'Awaiting routing'],
    routed: ['已分办', 'Routed'],
    verifying: ['核查中', 'Being verified'],
    referred_up: ['已逐级上报', 'Referred up'],
    closed_unfounded: ['核查不属实', 'Closed as unfounded'],
    founded: ['核查属实（已立案）', 'Founded (case opened)'],
  },
  conclusion: { ...CATEGORY, not_illegal: ['不属于非法金融活动', 'Not illegal financial activity'] },
  field: {
    private_investment_intermediary: ['民间投融资中介', 'Private investment and financing intermediary'],
    third_party_wealth_management: ['第三方财富管理', 'Third-party wealth management'],
    fake_private_fund: ['伪私募', 'Fake private fund'],
    fake_financial_exchange: ['伪金交所', 'Fake financial assets exchange'],
    equity_crowdfunding: ['股权众筹', 'Equity crowdfunding'],
    pension: ['养老服务', 'Elderly care'],
    agriculture: ['涉农', 'Agriculture'],
    commerce: ['商贸服务', 'Commerce and trade services'],
    auction: ['拍卖', 'Auction'],
    virtual_currency: ['虚拟货币', 'Virtual currency'],
    blockchain: ['区块链', 'Blockchain'],
    culture_tourism: ['文化旅游', 'Culture and tourism'],
    film_investment: ['影视投资', 'Film investment'],
    debt_resolution: ['解债服务', 'Debt-resolution services'],
    fake_state_enterprise: ['假冒挂靠国企央企', 'Fake state-enterprise affiliation'],
    securities_futures: ['证券期货', 'Securities and futures'],
    other: ['其他', 'Other'],
  },
  measure: {
    warning_talk: ['约谈警示', 'Warning talk'],
    order_rectify: ['责令整改', 'Order to rectify'],
    seizure: ['查封扣押', 'Seizure'],
    supervised_refund: ['监督资金清退', 'Supervised refund'],
    penalty: ['行政处罚', 'Administrative penalty'],
  },
  decision: {
    determined: ['作出性质认定', 'Nature determined'],
    escalate: ['提请市联席会议', 'Escalate to the city joint meeting'],
    not_illegal: ['不属于非法金融活动', 'Not illegal financial activity'],
    further_investigation: ['继续调查', 'Investigate further'],
  },
  grade: {
    low: ['低风险', 'Low'],
    medium: ['中风险', 'Medium'],
    high: ['高风险', 'High'],
    major: ['重大风险', 'Major'],
  },
  flag: {
    leader_instruction: ['领导批示', 'Leader’s instruction'],
    amount_over_100m: ['涉案金额亿元以上', 'Amount over 100 million'],
    criminal_over_5y: ['刑事立案五年以上', 'Criminal case over 5 years'],
    petition_pressure: ['信访维稳压力大', 'Petition pressure'],
    cross_region: ['跨区域', 'Cross-region'],
  },
  level: { low: ['低', 'Low'], medium: ['中', 'Medium'], high: ['高', 'High'] },
  beforeStep: {
    transfer_to_police: ['移送公安', 'Transfer to the police'],
    seizure: ['查封扣押', 'Seizure'],
    supervised_refund: ['资金清退', 'Supervised refund'],
    closure: ['结案销号', 'Closure'],
  },
  fundsMeasure: { monitor: ['资金监测', 'Monitor'], freeze: ['资金冻结', 'Freeze'] },
  ground: { led_by_other_province: ['外省牵头办理', 'Led by another province'], major_complex: ['重大复杂案件', 'Major and complex'] },
  leaderLevel: {
    central: ['中央领导同志', 'Central leader'],
    provincial: ['省领导同志', 'Provincial leader'],
    municipal: ['市领导同志', 'Municipal leader'],
    district: ['区领导同志', 'District leader'],
  },
  meetingLevel: { district: ['区联席会议', 'District joint meeting'], city: ['市联席会议', 'City joint meeting'] },
  meetingKind: { full: ['全体会议', 'Full meeting'], partial: ['专题会议', 'Partial meeting'] },
  meetingStatus: { scheduled: ['已安排', 'Scheduled'], closed: ['已结束', 'Closed'] },
  question: { determination: ['性质认定', 'Determination'], escalation: ['是否提请市联席会议', 'Escalation'], disposal: ['处置方案', 'Disposal'] },
  personRole: { participant: ['集资参与人', 'Participant'], victim: ['受害人', 'Victim'] },
  yesNo: { true: ['是', 'Yes'], false: ['否', 'No'] },
};

/** The tables as locale messages (`cases.enum.status.closed` → 已结案销号). */
export const labelMessages: LocaleMessages = messagesOf(
  Object.fromEntries(
    Object.entries(TABLES).flatMap(([table, codes]) => Object.entries(codes).map(([code, pair]) => [`cases.enum.${table}.${code}`, pair])),
  ),
);

/** The codes of a table, in its order (for filters and selects). */
export function codesOf(table: keyof typeof TABLES | string): string[] {
  return Object.keys(TABLES[table] ?? {});
}
