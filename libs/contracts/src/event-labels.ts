/**
 * What people read about events: zh-CN and English labels of every event type
 * in the store (lead, submission, routing, case, meeting, access and audit
 * streams), of case statuses and of the lifecycle vocabulary, and the formats
 * of amounts and instants (China Standard Time). Moved from cases so that the
 * cases timeline, reporting's exports and the audit timeline read the same
 * words. Codes stay English in events and APIs; only these tables turn them into words.
 */
import type { Label, LabelTable, Lang } from '@jm/reference';
import { ACTIVITY_CATEGORIES, toFen, type Yuan } from '@jm/reference';
import { ACCOUNT_EVENT_LABELS } from './account-contract-events';
import { OPERATIONS_EVENT_LABELS } from './operations-contract-events';
import { AFTERMATH_EVENT_LABELS } from './aftermath-contract-events';
import { NEGOTIATION_EVENT_LABELS } from './cross-region-contract-events';
import type { CaseContractEventType as CaseEventType, LeaderLevel } from './case-contract-events';
import type { CaseStatus } from './case-summary';
import type { ClockStopOutcome, EscalationLevel, ObligationKind } from './deadline-contracts';
import type { ChannelKind } from './notification-contracts';
import type {
  AdministrativeMeasure,
  AgendaQuestion,
  FundsMeasure,
  FundsOutcome,
  MeetingDecision,
  MeetingKind,
  MeetingLevel,
  NatureConclusion,
  SensitiveStep,
  StabilityRiskLevel,
  TwoYearExemptionGround,
} from './case-lifecycle-contracts';

export const CASE_EVENT_LABELS: Record<CaseEventType, Label> = {
  CaseOpened: { 'zh-CN': '立案', en: 'Case opened' },
  CrossRegionPartyNotified: { 'zh-CN': '跨区域通报', en: 'Cross-region party notified' },
  CaseUnitsAssigned: { 'zh-CN': '明确牵头和配合单位', en: 'Lead and cooperating units assigned' },
  LeadAttachedToCase: { 'zh-CN': '线索并案', en: 'Lead attached to the case' },
  JointInvestigationTeamFormed: { 'zh-CN': '组建联合调查组', en: 'Joint investigation team formed' },
  FindingRecorded: { 'zh-CN': '调查情况', en: 'Finding recorded' },
  FundsMonitoringRequested: { 'zh-CN': '提请资金监测', en: 'Funds monitoring requested' },
  FundsMonitoringAnswered: { 'zh-CN': '资金监测反馈', en: 'Funds monitoring answered' },
  DeterminationRequested: { 'zh-CN': '提请性质认定', en: 'Nature determination requested' },
  DeterminationOpinionIssued: { 'zh-CN': '出具认定意见', en: 'Determination opinion issued' },
  ReferredToDistrictMeeting: { 'zh-CN': '提请区联席会议', en: 'Referred to the district joint meeting' },
  EscalatedToCityMeeting: { 'zh-CN': '提请市联席会议', en: 'Escalated to the city joint meeting' },
  MeetingDecisionApplied: { 'zh-CN': '联席会议决定', en: 'Joint meeting decision' },
  DecisionReceivedFromCity: { 'zh-CN': '收到市联席会议决定', en: "City meeting's decision received" },
  NatureDetermined: { 'zh-CN': '性质认定', en: 'Nature determined' },
  AdministrativeMeasureTaken: { 'zh-CN': '行政处置', en: 'Administrative measure taken' },
  TransferredToPolice: { 'zh-CN': '移送公安', en: 'Transferred to the police' },
  TransferAcceptedByPolice: { 'zh-CN': '公安立案', en: 'Transfer accepted by the police' },
  TransferDeclinedByPolice: { 'zh-CN': '公安不予立案', en: 'Transfer declined by the police' },
  ProsecutionRecorded: { 'zh-CN': '提起公诉', en: 'Prosecution recorded' },
  JudgmentRecorded: { 'zh-CN': '法院判决', en: 'Judgment recorded' },
  FundsRefundCompleted: { 'zh-CN': '资金清退完成', en: 'Refund completed' },
  CriminalCaseConcluded: { 'zh-CN': '审判终结并完成资金清退', en: 'Judgment and refund both done' },
  TwoYearLimitExempted: { 'zh-CN': '不适用两年办结期限', en: 'Exempt from the 2-year limit' },
  FundsRecovered: { 'zh-CN': '追赃挽损', en: 'Funds recovered' },
  VictimClaimsRecorded: { 'zh-CN': '受损群众诉求登记', en: 'Victim claims recorded' },
  PetitionRecorded: { 'zh-CN': '信访登记', en: 'Petition recorded' },
  StabilityRiskAssessed: { 'zh-CN': '社会稳定风险评估', en: 'Stability risk assessed' },
  RiskGradeChanged: { 'zh-CN': '风险等级调整', en: 'Risk grade changed' },
  KeyCaseFlagSet: { 'zh-CN': '标记重点案件', en: 'Key-case flag set' },
  KeyCaseFlagCleared: { 'zh-CN': '取消重点案件标记', en: 'Key-case flag cleared' },
  LeaderInstructionRecorded: { 'zh-CN': '登记领导批示', en: "Leader's instruction recorded" },
  LeaderTookCharge: { 'zh-CN': '领导包案', en: 'Leader took charge' },
  DedicatedTeamFormed: { 'zh-CN': '成立一案一专班', en: 'Dedicated team formed' },
  ClosureRequested: { 'zh-CN': '申请结案销号', en: 'Closure requested' },
  ClosureRejected: { 'zh-CN': '退回结案申请', en: 'Closure rejected' },
  CaseClosed: { 'zh-CN': '结案', en: 'Case closed' },
  RiskWrittenOff: { 'zh-CN': '风险销号', en: 'Risk written off' },
  CaseReopened: { 'zh-CN': '重新启动', en: 'Case reopened' },
};

export const CASE_STATUS_LABELS: Record<CaseStatus, Label> = {
  none: { 'zh-CN': '未立案', en: 'Not opened' },
  investigating: { 'zh-CN': '调查中', en: 'Investigating' },
  awaiting_opinion: { 'zh-CN': '待出具认定意见', en: 'Awaiting determination opinion' },
  opinion_issued: { 'zh-CN': '已出具认定意见', en: 'Opinion issued' },
  at_district_meeting: { 'zh-CN': '区联席会议研究中', en: 'At the district joint meeting' },
  awaiting_city_escalation: { 'zh-CN': '待提请市联席会议', en: 'Awaiting escalation to the city meeting' },
  at_city_meeting: { 'zh-CN': '市联席会议研究中', en: 'At the city joint meeting' },
  determined: { 'zh-CN': '已认定，处置中', en: 'Determined, in disposal' },
  transferred_to_police: { 'zh-CN': '已移送公安，待立案', en: 'Transferred to the police' },
  in_criminal_proceedings: { 'zh-CN': '刑事诉讼中', en: 'In criminal proceedings' },
  closure_requested: { 'zh-CN': '待审批销号', en: 'Closure awaiting approval' },
  closed: { 'zh-CN': '已结案销号', en: 'Closed and written off' },
};

export const ADMINISTRATIVE_MEASURE_LABELS: LabelTable<AdministrativeMeasure> = {
  warning_talk: { 'zh-CN': '约谈警示', en: 'Warning talk' },
  order_rectify: { 'zh-CN': '责令整改', en: 'Order to rectify' },
  seizure: { 'zh-CN': '查封扣押', en: 'Seizure' },
  supervised_refund: { 'zh-CN': '监督资金清退', en: 'Supervised refund' },
  penalty: { 'zh-CN': '行政处罚', en: 'Administrative penalty' },
};

export const MEETING_DECISION_LABELS: LabelTable<MeetingDecision> = {
  determined: { 'zh-CN': '作出性质认定', en: 'Nature determined' },
  escalate: { 'zh-CN': '提请市联席会议', en: 'Escalate to the city joint meeting' },
  not_illegal: { 'zh-CN': '不属于非法金融活动', en: 'Not illegal financial activity' },
  further_investigation: { 'zh-CN': '继续调查', en: 'Investigate further' },
};

export const MEETING_LEVEL_LABELS: LabelTable<MeetingLevel> = {
  district: { 'zh-CN': '区联席会议', en: 'District joint meeting' },
  city: { 'zh-CN': '市联席会议', en: 'City joint meeting' },
};

export const LEADER_LEVEL_LABELS: LabelTable<LeaderLevel> = {
  central: { 'zh-CN': '中央领导同志', en: 'Central leader' },
  provincial: { 'zh-CN': '省领导同志', en: 'Provincial leader' },
  municipal: { 'zh-CN': '市领导同志', en: 'Municipal leader' },
  district: { 'zh-CN': '区领导同志', en: 'District leader' },
};

export const NATURE_CONCLUSION_LABELS: LabelTable<NatureConclusion> = {
  ...ACTIVITY_CATEGORIES,
  not_illegal: { 'zh-CN': '不属于非法金融活动', en: 'Not illegal financial activity' },
};

export const FUNDS_MEASURE_LABELS: LabelTable<FundsMeasure> = {
  monitor: { 'zh-CN': '资金监测', en: 'Monitoring' },
  freeze: { 'zh-CN': '资金冻结', en: 'Freezing' },
};

export const FUNDS_OUTCOME_LABELS: LabelTable<FundsOutcome> = {
  monitoring: { 'zh-CN': '已开展监测', en: 'Under monitoring' },
  frozen: { 'zh-CN': '已冻结', en: 'Frozen' },
  declined: { 'zh-CN': '不予办理', en: 'Declined' },
};

export const SENSITIVE_STEP_LABELS: LabelTable<SensitiveStep> = {
  transfer_to_police: { 'zh-CN': '移送公安', en: 'transfer to the police' },
  seizure: { 'zh-CN': '查封扣押', en: 'seizure' },
  supervised_refund: { 'zh-CN': '资金清退', en: 'supervised refund' },
  closure: { 'zh-CN': '结案销号', en: 'closure' },
};

export const TWO_YEAR_EXEMPTION_GROUND_LABELS: LabelTable<TwoYearExemptionGround> = {
  led_by_other_province: { 'zh-CN': '外省牵头办理', en: 'led by another province' },
  major_complex: { 'zh-CN': '重大复杂案件', en: 'major and complex case' },
};

export const STABILITY_RISK_LEVEL_LABELS: LabelTable<StabilityRiskLevel> = {
  low: { 'zh-CN': '低', en: 'low' },
  medium: { 'zh-CN': '中', en: 'medium' },
  high: { 'zh-CN': '高', en: 'high' },
};

export const AGENDA_QUESTION_LABELS: LabelTable<AgendaQuestion> = {
  determination: { 'zh-CN': '性质认定', en: 'Nature determination' },
  escalation: { 'zh-CN': '是否提请市联席会议', en: 'Escalation to the city joint meeting' },
  disposal: { 'zh-CN': '处置方案', en: 'Disposal' },
};

export const MEETING_KIND_LABELS: LabelTable<MeetingKind> = {
  full: { 'zh-CN': '全体会议', en: 'Full meeting' },
  partial: { 'zh-CN': '专题会议', en: 'Partial meeting' },
};

/** Events of the other streams: intake's lead and receipt streams, cases' routing and meeting streams, the access logs, the audit anchors. */
export const OTHER_EVENT_LABELS = {
  LeadReceived: { 'zh-CN': '接收线索', en: 'Lead received' },
  LeadReportedToOffice: { 'zh-CN': '线索报告联席办', en: 'Lead reported to the office' },
  LeadSupplemented: { 'zh-CN': '补充线索材料', en: 'Lead supplemented' },
  LeadLinked: { 'zh-CN': '发现关联线索', en: 'Lead linked' },
  LeadLinkConfirmed: { 'zh-CN': '确认关联', en: 'Link confirmed' },
  LeadLinkUndone: { 'zh-CN': '撤销关联', en: 'Link undone' },
  InformantIdentityShredded: { 'zh-CN': '销毁举报人身份密钥', en: 'Informant identity shredded' },
  ReceiptIssued: { 'zh-CN': '出具受理回执', en: 'Receipt issued' },
  TriageOpened: { 'zh-CN': '开始研判', en: 'Triage opened' },
  LinkedLeadNoted: { 'zh-CN': '记录关联线索', en: 'Linked lead noted' },
  LinkedLeadRemoved: { 'zh-CN': '解除关联线索', en: 'Linked lead removed' },
  LeadRouted: { 'zh-CN': '分派线索', en: 'Lead routed' },
  LeadReferredUp: { 'zh-CN': '逐级上报', en: 'Lead referred up' },
  VerificationStarted: { 'zh-CN': '开始核查', en: 'Verification started' },
  LeadClosedUnfounded: { 'zh-CN': '核查不属实', en: 'Lead closed as unfounded' },
  LeadFounded: { 'zh-CN': '核查属实', en: 'Lead founded' },
  MeetingScheduled: { 'zh-CN': '安排联席会议', en: 'Meeting scheduled' },
  CasePutOnAgenda: { 'zh-CN': '列入会议议题', en: 'Case put on the agenda' },
  MeetingDecisionRecorded: { 'zh-CN': '记录会议决定', en: 'Meeting decision recorded' },
  MeetingClosed: { 'zh-CN': '会议结束', en: 'Meeting closed' },
  RecordAccessed: { 'zh-CN': '查阅记录', en: 'Record accessed' },
  AuditAnchorChunkRecorded: { 'zh-CN': '审计锚点（分段）', en: 'Audit anchor chunk' },
  AuditAnchorRecorded: { 'zh-CN': '审计锚点', en: 'Audit anchor' },
  AnalysisSaved: { 'zh-CN': '保存分析', en: 'Analysis saved' },
  AnalysisChanged: { 'zh-CN': '修改分析', en: 'Analysis changed' },
  AnalysisDeleted: { 'zh-CN': '删除分析', en: 'Analysis deleted' },
} as const satisfies LabelTable<string>;

/** The deadline engine's events (notifications: deadline-… and obligation-… streams). */
export const DEADLINE_EVENT_LABELS = {
  ClockStarted: { 'zh-CN': '开始计时', en: 'Clock started' },
  ClockPaused: { 'zh-CN': '暂停计时', en: 'Clock paused' },
  ClockResumed: { 'zh-CN': '恢复计时', en: 'Clock resumed' },
  ClockStopped: { 'zh-CN': '停止计时', en: 'Clock stopped' },
  DeadlineReminderDue: { 'zh-CN': '期限提醒', en: 'Deadline reminder' },
  DeadlineMissed: { 'zh-CN': '逾期', en: 'Deadline missed' },
  DeadlineEscalated: { 'zh-CN': '逾期督办', en: 'Deadline escalated' },
  ObligationDue: { 'zh-CN': '报送任务开始', en: 'Obligation due' },
  ObligationSubmitted: { 'zh-CN': '已报送', en: 'Obligation submitted' },
  ObligationMissed: { 'zh-CN': '逾期未报送', en: 'Obligation missed' },
} as const satisfies LabelTable<string>;

/** Outcome of a stopped clock. */
export const CLOCK_STOP_OUTCOME_LABELS: LabelTable<ClockStopOutcome> = {
  met: { 'zh-CN': '按期完成', en: 'met' },
  late: { 'zh-CN': '逾期完成', en: 'late' },
  cancelled: { 'zh-CN': '不再计时', en: 'cancelled' },
};

/** Levels of the escalation chain after a missed deadline. */
export const ESCALATION_LEVEL_LABELS: LabelTable<EscalationLevel> = {
  unit: { 'zh-CN': '责任单位', en: 'responsible unit' },
  office: { 'zh-CN': '联席办', en: 'joint-meeting office' },
  convener: { 'zh-CN': '联席会议召集人', en: 'joint-meeting convener' },
};

/** Periodic obligations a unit owes. */
export const OBLIGATION_KIND_LABELS: LabelTable<ObligationKind> = {
  monthly_risk_ledger: { 'zh-CN': '月度风险动态管理台账', en: 'Monthly risk ledger' },
  monthly_summary: { 'zh-CN': '月度工作小结', en: 'Monthly summary' },
  quarterly_report: { 'zh-CN': '季度工作报告', en: 'Quarterly report' },
  half_year_summary: { 'zh-CN': '半年工作总结', en: 'Half-year summary' },
  annual_summary: { 'zh-CN': '年度工作总结', en: 'Annual summary' },
};

/** The channels' events (notifications: notification-… streams). */
export const NOTIFICATION_EVENT_LABELS = {
  NotificationRequested: { 'zh-CN': '生成通知', en: 'Notification requested' },
  NotificationDeliveryAttempted: { 'zh-CN': '尝试发送通知', en: 'Delivery attempted' },
  NotificationDelivered: { 'zh-CN': '通知已送达', en: 'Notification delivered' },
  NotificationDeliveryFailed: { 'zh-CN': '通知发送失败', en: 'Delivery failed' },
  NotificationDeadLettered: { 'zh-CN': '通知转入死信', en: 'Notification dead-lettered' },
  NotificationReplayRequested: { 'zh-CN': '重新发送通知', en: 'Replay requested' },
  NotificationRead: { 'zh-CN': '通知已读', en: 'Notification read' },
  NotificationChannelsChosen: { 'zh-CN': '设置通知渠道', en: 'Notification channels chosen' },
} as const satisfies LabelTable<string>;

/** The channels a message goes out on. */
export const CHANNEL_KIND_LABELS: LabelTable<ChannelKind> = {
  inbox: { 'zh-CN': '站内信', en: 'inbox' },
  email: { 'zh-CN': '电子邮件', en: 'email' },
  webhook: { 'zh-CN': 'Webhook', en: 'webhook' },
};

/** Every event type the store holds, labelled. */
export const EVENT_TYPE_LABELS: LabelTable<
  | CaseEventType
  | keyof typeof OTHER_EVENT_LABELS
  | keyof typeof DEADLINE_EVENT_LABELS
  | keyof typeof NOTIFICATION_EVENT_LABELS
  | keyof typeof AFTERMATH_EVENT_LABELS
  | keyof typeof NEGOTIATION_EVENT_LABELS
  | keyof typeof ACCOUNT_EVENT_LABELS
  | keyof typeof OPERATIONS_EVENT_LABELS
> = {
  ...CASE_EVENT_LABELS,
  ...AFTERMATH_EVENT_LABELS,
  ...NEGOTIATION_EVENT_LABELS,
  ...OTHER_EVENT_LABELS,
  ...DEADLINE_EVENT_LABELS,
  ...NOTIFICATION_EVENT_LABELS,
  ...ACCOUNT_EVENT_LABELS,
  ...OPERATIONS_EVENT_LABELS,
};

/** The label of an event type; an unknown type (a stream added later) reads as its code. */
export function eventTypeLabel(type: string, lang: Lang = 'zh-CN'): string {
  const label = (EVENT_TYPE_LABELS as Record<string, Label | undefined>)[type];
  return label ? label[lang] : type;
}

/** What an access record says was read (RecordAccessed fields). */
export const ACCESS_FIELD_LABELS: LabelTable<string> = {
  summary: { 'zh-CN': '概要', en: 'summary' },
  detail: { 'zh-CN': '详情', en: 'detail' },
  informant_identity: { 'zh-CN': '举报人身份', en: 'informant identity' },
  aftermath_identity: { 'zh-CN': '集资参与人/受害人身份', en: 'aftermath identities' },
  evidence: { 'zh-CN': '证据材料', en: 'evidence' },
};

/** What kind of record was read (RecordAccessed resourceType). */
export const ACCESS_RESOURCE_LABELS: LabelTable<string> = {
  lead: { 'zh-CN': '线索', en: 'lead' },
  case: { 'zh-CN': '案件', en: 'case' },
  meeting: { 'zh-CN': '联席会议', en: 'meeting' },
  routing: { 'zh-CN': '线索研判', en: 'triage' },
  report: { 'zh-CN': '报表', en: 'report' },
  audit: { 'zh-CN': '审计', en: 'audit' },
};

const WAN = 10_000n * 100n; // 1 万元 in fen
const YI = 10_000n * WAN; // 1 亿元 in fen

/** An exact decimal of `fen / unit` with trailing zeros trimmed. */
function scaled(fen: bigint, unit: bigint, digits: number): string {
  const whole = fen / unit;
  const rest = fen % unit;
  if (rest === 0n) return whole.toString();
  const fraction = ((rest * 10n ** BigInt(digits)) / unit).toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${fraction}`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * An amount as people write it, never rounded: 亿元 or 万元 when that is exact
 * to two places (3500000 → 350万元, 120000000 → 1.2亿元, 123500 → 12.35万元),
 * otherwise 元 (123456 → 123456元, 5200000.5 → 5200000.50元); English
 * "3,500,000.50 yuan".
 */
export function formatYuan(value: Yuan, lang: Lang = 'zh-CN'): string {
  const fen = toFen(value);
  const whole = (fen / 100n).toString();
  const cents = fen % 100n === 0n ? '' : `.${(fen % 100n).toString().padStart(2, '0')}`;
  if (lang === 'en') return `${groupThousands(whole)}${cents} yuan`;
  if (fen >= YI && fen % (YI / 100n) === 0n) return `${scaled(fen, YI, 2)}亿元`;
  if (fen >= WAN && fen % (WAN / 100n) === 0n) return `${scaled(fen, WAN, 2)}万元`;
  return `${whole}${cents}元`;
}

/** An ISO instant as a date in China Standard Time (UTC+8, no daylight saving), for deadlines. */
export function chinaDate(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** An ISO instant as date and time in China Standard Time ("2026-03-02 09:00:00"), for timelines. */
export function chinaDateTime(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
