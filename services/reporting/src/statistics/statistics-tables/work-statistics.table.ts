/** 附件2 打击非法集资专项行动工作情况统计表. */
import { amount, AggregateTableDef, count, MEASURE } from './aggregate-table';

export const WORK_STATISTICS: AggregateTableDef = {
  code: 'work-statistics',
  title: { 'zh-CN': '打击非法集资专项行动工作情况统计表', en: 'Campaign work statistics' },
  columns: [
    count('leadsReceived', '排查受理线索（条）', 'Leads received', (c) => c.count('lead_received')),
    count('leadsReported', '上报联席办（条）', 'Reported to the office', (c) => c.count('lead_reported')),
    count('leadsReportedLate', '其中逾期上报（条）', 'of which late', (c) => c.count('lead_reported', 'late')),
    count('leadsRouted', '分办线索（条）', 'Leads routed', (c) => c.count('lead_routed')),
    count('meetingsHeld', '召开联席会议（次）', 'Joint meetings held', (c) => c.count('meeting_held')),
    count('casesOpened', '立案（风险）数（起）', 'Cases opened', (c) => c.count('case_opened')),
    count('jointTeams', '成立联合调查组（个）', 'Joint investigation teams', (c) => c.count('joint_team_formed')),
    count('warningTalks', '约谈警示（次）', 'Warning talks', MEASURE('warning_talk')),
    count('ordersToRectify', '责令整改（次）', 'Orders to rectify', MEASURE('order_rectify')),
    count('seizures', '查封扣押（次）', 'Seizures', MEASURE('seizure')),
    count('penalties', '行政处罚（件）', 'Administrative penalties', MEASURE('penalty')),
    amount('penaltyAmount', '罚没金额（元）', 'Penalty amount (yuan)', (c) => c.fen('measure_taken', 'penalty')),
    count('transfersToPolice', '移送公安（起）', 'Transfers to the police', (c) => c.count('transferred_to_police')),
    count('policeFiled', '公安立案（起）', 'Filed by the police', (c) => c.count('police_accepted')),
    amount('fundsRecovered', '追赃挽损金额（元）', 'Funds recovered (yuan)', (c) => c.fen('funds_recovered')),
    count('refundsSupervised', '监督清退（次）', 'Supervised refunds', MEASURE('supervised_refund')),
    amount('refundAmount', '清退金额（元）', 'Amount refunded (yuan)', (c) => c.fen('measure_taken', 'supervised_refund')),
    count('petitions', '处置信访（件）', 'Petitions handled', (c) => c.count('petition')),
    count('petitioners', '信访人数（人）', 'Petitioners', (c) => c.quantity('petition')),
    count('casesClosed', '办结（起）', 'Cases closed', (c) => c.count('case_closed')),
    count('risksWrittenOff', '风险销号（起）', 'Risks written off', (c) => c.count('risk_written_off')),
    count('deadlinesMissed', '逾期未办结（次）', 'Deadlines missed', (c) => c.count('deadline_missed')),
  ],
};
