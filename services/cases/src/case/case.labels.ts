/**
 * Labels of the case commands (zh-CN and English). The words for events,
 * statuses and the lifecycle vocabulary, and the timeline sentences
 * (`describeCaseEvent`), live in @jm/contracts (event-labels.ts,
 * event-descriptions.ts): reporting and the audit timeline read the same ones.
 */
import type { Label } from '@jm/reference';
import type { CaseCommandType } from './case.commands';

export const CASE_COMMAND_LABELS: Record<CaseCommandType, Label> = {
  OpenCase: { 'zh-CN': '立案', en: 'Open the case' },
  ReceiveEscalation: { 'zh-CN': '接收下级平台提请', en: 'Receive an escalation from another deployment' },
  AssignUnits: { 'zh-CN': '调整承办单位', en: 'Assign units' },
  AttachLead: { 'zh-CN': '线索并案', en: 'Attach a lead' },
  FormJointInvestigationTeam: { 'zh-CN': '组建联合调查组', en: 'Form a joint investigation team' },
  RecordFinding: { 'zh-CN': '记录调查情况', en: 'Record a finding' },
  RequestFundsMonitoring: { 'zh-CN': '提请资金监测', en: 'Request funds monitoring' },
  AnswerFundsMonitoring: { 'zh-CN': '反馈资金监测', en: 'Answer funds monitoring' },
  RequestDetermination: { 'zh-CN': '提请性质认定', en: 'Request a nature determination' },
  IssueDeterminationOpinion: { 'zh-CN': '出具认定意见', en: 'Issue the determination opinion' },
  AcceptDeterminationOpinion: { 'zh-CN': '采纳认定意见', en: 'Accept the determination opinion' },
  ReferToDistrictMeeting: { 'zh-CN': '提请区联席会议', en: 'Refer to the district joint meeting' },
  EscalateToCityMeeting: { 'zh-CN': '提请市联席会议', en: 'Escalate to the city joint meeting' },
  ApplyMeetingDecision: { 'zh-CN': '落实联席会议决定', en: "Apply the joint meeting's decision" },
  TakeAdministrativeMeasure: { 'zh-CN': '采取行政措施', en: 'Take an administrative measure' },
  TransferToPolice: { 'zh-CN': '移送公安', en: 'Transfer to the police' },
  AcceptTransfer: { 'zh-CN': '受理移送并立案', en: 'Accept the transfer' },
  DeclineTransfer: { 'zh-CN': '不予立案', en: 'Decline the transfer' },
  RecordProsecution: { 'zh-CN': '登记公诉', en: 'Record the prosecution' },
  RecordJudgment: { 'zh-CN': '登记判决', en: 'Record the judgment' },
  RecordRecovery: { 'zh-CN': '登记追赃挽损', en: 'Record recovered funds' },
  RecordRefundCompleted: { 'zh-CN': '登记资金清退完成', en: 'Record the refund complete' },
  ExemptFromTwoYearLimit: { 'zh-CN': '登记不适用两年办结期限', en: 'Exempt from the 2-year limit' },
  RecordVictimClaims: { 'zh-CN': '登记受损群众诉求', en: 'Record victim claims' },
  RecordPetition: { 'zh-CN': '登记信访', en: 'Record a petition' },
  CountRegisterPetition: { 'zh-CN': '计入善后登记信访', en: 'Count a petition of the aftermath register' },
  AssessStabilityRisk: { 'zh-CN': '开展社会稳定风险评估', en: 'Assess stability risk' },
  SetRiskGrade: { 'zh-CN': '调整风险等级', en: 'Set the risk grade' },
  SetKeyCaseFlag: { 'zh-CN': '标记重点案件', en: 'Set a key-case flag' },
  RecordLeaderInstruction: { 'zh-CN': '登记领导批示', en: "Record a leader's instruction" },
  AssignLeaderInCharge: { 'zh-CN': '登记领导包案', en: 'Assign a leader in charge' },
  FormDedicatedTeam: { 'zh-CN': '成立一案一专班', en: 'Form a dedicated team' },
  ClearKeyCaseFlag: { 'zh-CN': '取消重点案件标记', en: 'Clear a key-case flag' },
  SetKeyCaseFlagFromClock: { 'zh-CN': '按期限自动标记重点案件', en: 'Set a key-case flag from a missed clock' },
  RequestClosure: { 'zh-CN': '申请结案销号', en: 'Request closure' },
  ApproveClosure: { 'zh-CN': '批准结案销号', en: 'Approve closure' },
  RejectClosure: { 'zh-CN': '退回结案申请', en: 'Reject closure' },
  ReopenCase: { 'zh-CN': '重新启动案件', en: 'Reopen the case' },
};
