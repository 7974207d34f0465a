/**
 * What the statistics tables count (统计事实): one kind per countable step,
 * stable English codes with zh-CN and English labels. A report_fact row has
 * one of these kinds; the statistics module adds them up by month, unit,
 * street, field and category. Codes never change once published: a new
 * meaning gets a new code.
 *
 * For each kind: the event it comes from, and what `unit`, `detail`,
 * `amountFen` and `quantity` hold (null when not listed).
 */
import type { LabelTable } from '@jm/reference';

export const FACT_KINDS = {
  /** LeadReceived. unit = first receiver (首问), detail = lead source (LEAD_SOURCES), amount = estimated amount, quantity = participants. */
  lead_received: { 'zh-CN': '受理线索', en: 'Lead received' },
  /** LeadReportedToOffice. unit = the reporting unit, detail = on_time | late (reportedAt against the deadline). */
  lead_reported: { 'zh-CN': '线索上报办公室', en: 'Lead reported to the office' },
  /** LeadRouted. unit = the responsible unit. */
  lead_routed: { 'zh-CN': '线索分办', en: 'Lead routed' },
  /** VerificationStarted. unit = the verifying unit. */
  verification_started: { 'zh-CN': '开始核查', en: 'Verification started' },
  /** LeadReferredUp. unit = the referring office, detail = the office referred to. */
  lead_referred_up: { 'zh-CN': '逐级上报', en: 'Lead referred up' },
  /** LeadClosedUnfounded. unit = the verifying unit. */
  lead_closed_unfounded: { 'zh-CN': '核查不实办结', en: 'Lead closed as unfounded' },
  /** LeadFounded. unit = the verifying unit. */
  lead_founded: { 'zh-CN': '核查属实', en: 'Lead founded' },
  /** CaseOpened. unit = lead unit, amount = amount involved, quantity = participants. */
  case_opened: { 'zh-CN': '立案（风险）', en: 'Case opened' },
  /** JointInvestigationTeamFormed. unit = the forming unit, quantity = member units. */
  joint_team_formed: { 'zh-CN': '成立联合调查组', en: 'Joint investigation team formed' },
  /** FundsMonitoringAnswered with outcome frozen. unit = the answering unit, amount = frozen amount. */
  funds_frozen: { 'zh-CN': '冻结资金', en: 'Funds frozen' },
  /** DeterminationRequested. unit = the requesting unit, detail = the authority asked. */
  determination_requested: { 'zh-CN': '提请性质认定', en: 'Determination requested' },
  /** DeterminationOpinionIssued. unit = the authority, detail = conclusion (activity category or not_illegal). */
  determination_issued: { 'zh-CN': '出具认定意见', en: 'Determination opinion issued' },
  /** NatureDetermined. unit = the deciding agency, detail = body (authority | district_meeting | city_meeting). */
  nature_determined: { 'zh-CN': '性质认定', en: 'Nature determined' },
  /** ReferredToDistrictMeeting. unit = the referring unit. */
  referred_to_district_meeting: { 'zh-CN': '提交区联席会议', en: 'Referred to the district joint meeting' },
  /** EscalatedToCityMeeting. unit = the escalating office. */
  escalated_to_city_meeting: { 'zh-CN': '提请市联席会议', en: 'Escalated to the city joint meeting' },
  /** AdministrativeMeasureTaken. unit = the imposing member unit (lead or cooperating; `by` on events without it), detail = measure (ADMINISTRATIVE_MEASURES), amount = its amount (penalty, refund). */
  measure_taken: { 'zh-CN': '采取行政措施', en: 'Administrative measure taken' },
  /** TransferredToPolice. unit = the transferring unit, detail = the police agency. */
  transferred_to_police: { 'zh-CN': '移送公安', en: 'Transferred to the police' },
  /** TransferAcceptedByPolice. unit = the police agency. */
  police_accepted: { 'zh-CN': '公安立案', en: 'Accepted by the police' },
  /** TransferDeclinedByPolice. unit = the police agency. */
  police_declined: { 'zh-CN': '公安不予立案', en: 'Declined by the police' },
  /** ProsecutionRecorded. unit = the recording unit, quantity = defendants. */
  prosecution: { 'zh-CN': '提起公诉', en: 'Prosecution' },
  /** JudgmentRecorded. unit = the recording unit, amount = amount in the judgment. */
  judgment: { 'zh-CN': '判决', en: 'Judgment' },
  /** FundsRecovered. unit = the recovering unit, amount = recovered. */
  funds_recovered: { 'zh-CN': '追赃挽损', en: 'Funds recovered' },
  /** VictimClaimsRecorded. unit = the recording unit, amount = claimed, quantity = claimants. */
  victim_claims: { 'zh-CN': '受害人登记', en: 'Victim claims recorded' },
  /** PetitionRecorded. unit = the recording unit, quantity = petitioners. */
  petition: { 'zh-CN': '信访', en: 'Petition' },
  /** CaseClosed. unit = the approving office. */
  case_closed: { 'zh-CN': '办结', en: 'Case closed' },
  /** RiskWrittenOff. unit = the approving office. */
  risk_written_off: { 'zh-CN': '风险销号', en: 'Risk written off' },
  /** CaseReopened. unit = the reopening unit. */
  case_reopened: { 'zh-CN': '重新启动', en: 'Case reopened' },
  /**
   * MeetingScheduled (a joint meeting held, 召开联席会议). subjectType meeting,
   * unit = the convening office, jurisdiction = the meeting's region,
   * detail = level (district | city); occurredAt = the meeting's scheduled time.
   */
  meeting_held: { 'zh-CN': '召开联席会议', en: 'Joint meeting held' },
  /** CrossRegionPartyNotified. unit = the notifying office, detail = the other region (6-digit code). */
  cross_region_notified: { 'zh-CN': '跨区域通报', en: 'Cross-region party notified' },
  /**
   * DeadlineMissed (notifications' deadline engine): a statutory deadline or a
   * periodic obligation missed (逾期). unit = the unit that missed it, detail =
   * the policy id (config/deadline-policies.json); subject = the lead or case
   * the clock watched, or subjectType obligation with jurisdiction = the unit's region.
   */
  deadline_missed: { 'zh-CN': '逾期未办结', en: 'Deadline missed' },
} as const satisfies LabelTable<string>;

export type FactKind = keyof typeof FACT_KINDS;
export const FACT_KIND_CODES = Object.keys(FACT_KINDS) as FactKind[];

/** detail of lead_reported. */
export const REPORT_TIMELINESS = {
  on_time: { 'zh-CN': '按时上报', en: 'On time' },
  late: { 'zh-CN': '逾期上报', en: 'Late' },
} as const satisfies LabelTable<string>;
