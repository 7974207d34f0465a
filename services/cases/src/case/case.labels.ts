/**
 * What people read about a case: zh-CN (with English) labels for its event
 * types, statuses, commands and codes, and one sentence per event for
 * timelines (`describeCaseEvent`). Codes stay English in events and APIs; only
 * this module turns them into words. Agency names come from the caller
 * (`nameOfAgency`, usually the registry), so this stays pure.
 */
import type { Label, LabelTable, Lang, Yuan } from '@jm/shared';
import { ACTIVITY_CATEGORIES, assertNever, FIELDS, KEY_CASE_FLAGS, labelOf, RISK_GRADES, toFen } from '@jm/shared';
import type {
  AdministrativeMeasure,
  CaseCommandType,
  FundsMeasure,
  FundsOutcome,
  MeetingDecision,
  MeetingLevel,
  NatureConclusion,
  SensitiveStep,
  StabilityRiskLevel,
} from './case.commands';
import type { CaseEvent, CaseEventType } from './case.events';
import type { CaseStatus } from './case';

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
  FundsRecovered: { 'zh-CN': '追赃挽损', en: 'Funds recovered' },
  VictimClaimsRecorded: { 'zh-CN': '受损群众诉求登记', en: 'Victim claims recorded' },
  PetitionRecorded: { 'zh-CN': '信访登记', en: 'Petition recorded' },
  StabilityRiskAssessed: { 'zh-CN': '社会稳定风险评估', en: 'Stability risk assessed' },
  RiskGradeChanged: { 'zh-CN': '风险等级调整', en: 'Risk grade changed' },
  KeyCaseFlagSet: { 'zh-CN': '标记重点案件', en: 'Key-case flag set' },
  KeyCaseFlagCleared: { 'zh-CN': '取消重点案件标记', en: 'Key-case flag cleared' },
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

export const CASE_COMMAND_LABELS: Record<CaseCommandType, Label> = {
  OpenCase: { 'zh-CN': '立案', en: 'Open the case' },
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
  RecordVictimClaims: { 'zh-CN': '登记受损群众诉求', en: 'Record victim claims' },
  RecordPetition: { 'zh-CN': '登记信访', en: 'Record a petition' },
  AssessStabilityRisk: { 'zh-CN': '开展社会稳定风险评估', en: 'Assess stability risk' },
  SetRiskGrade: { 'zh-CN': '调整风险等级', en: 'Set the risk grade' },
  SetKeyCaseFlag: { 'zh-CN': '标记重点案件', en: 'Set a key-case flag' },
  ClearKeyCaseFlag: { 'zh-CN': '取消重点案件标记', en: 'Clear a key-case flag' },
  RequestClosure: { 'zh-CN': '申请结案销号', en: 'Request closure' },
  ApproveClosure: { 'zh-CN': '批准结案销号', en: 'Approve closure' },
  RejectClosure: { 'zh-CN': '退回结案申请', en: 'Reject closure' },
  ReopenCase: { 'zh-CN': '重新启动案件', en: 'Reopen the case' },
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

export const STABILITY_RISK_LEVEL_LABELS: LabelTable<StabilityRiskLevel> = {
  low: { 'zh-CN': '低', en: 'low' },
  medium: { 'zh-CN': '中', en: 'medium' },
  high: { 'zh-CN': '高', en: 'high' },
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
function chinaDate(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * A meeting as a reader knows it: its title in book-title marks (《…》, in both
 * languages, since the title is the meeting's own name), or its id (after
 * `idPrefix`) for events stored before they carried the title.
 */
function meetingRef(d: { meetingId: string; meetingTitle?: string }, idPrefix = ''): string {
  return d.meetingTitle ? `《${d.meetingTitle}》` : `${idPrefix}${d.meetingId}`;
}

/** Free text without its closing punctuation, so a sentence built around it does not end twice (。。). */
function bare(text: string): string {
  return text.replace(/[。．.!！?？；;\s]+$/u, '');
}

/** One readable sentence for a timeline. */
export function describeCaseEvent(event: CaseEvent, lang: Lang, nameOfAgency: (code: string) => string): string {
  const zh = lang === 'zh-CN';
  const t = (zhText: string, enText: string) => (zh ? zhText : enText);
  const n = nameOfAgency;
  const names = (codes: string[]) => (codes.length ? codes.map(n).join(zh ? '、' : ', ') : t('无', 'none'));
  const money = (v: Yuan) => formatYuan(v, lang);
  const sep = zh ? '；' : '; ';

  switch (event.type) {
    case 'CaseOpened': {
      const d = event.data;
      const kind = `${labelOf(ACTIVITY_CATEGORIES, d.category, lang)}${zh ? '·' : ', '}${labelOf(FIELDS, d.field, lang)}`;
      const extra = [
        d.cooperatingUnits.length ? t(`配合单位：${names(d.cooperatingUnits)}`, `cooperating units: ${names(d.cooperatingUnits)}`) : undefined,
        d.amountYuan ? t(`涉案金额约${money(d.amountYuan)}`, `amount about ${money(d.amountYuan)}`) : undefined,
        d.participants !== undefined ? t(`涉及${d.participants}人`, `${d.participants} participants`) : undefined,
      ].filter(Boolean);
      return t(
        `${n(d.by)} 立案：${d.title}（${d.caseNo}，${kind}），牵头单位：${n(d.leadUnit)}${extra.map((x) => `，${x}`).join('')}。`,
        `${n(d.by)} opened case ${d.caseNo} "${d.title}" (${kind}); lead unit: ${n(d.leadUnit)}${extra.map((x) => `; ${x}`).join('')}.`,
      );
    }
    case 'CrossRegionPartyNotified': {
      const d = event.data;
      const to = d.office ? n(d.office) : t(`${d.region} 地区`, `region ${d.region}`);
      const party = d.party.name ?? d.party.creditCode ?? d.party.url ?? d.party.phone ?? d.party.account ?? d.party.kind;
      return t(`${n(d.from)} 向 ${to} 通报跨区域涉案主体“${party}”。`, `${n(d.from)} notified ${to} of the cross-region party "${party}".`);
    }
    case 'CaseUnitsAssigned': {
      const d = event.data;
      return t(
        `${n(d.by)} 调整承办单位：牵头单位 ${n(d.leadUnit)}（原 ${n(d.previousLeadUnit)}），配合单位：${names(d.cooperatingUnits)}。`,
        `${n(d.by)} assigned ${n(d.leadUnit)} as lead unit (was ${n(d.previousLeadUnit)}); cooperating units: ${names(d.cooperatingUnits)}.`,
      );
    }
    case 'LeadAttachedToCase':
      return t(`${n(event.data.by)} 将线索 ${event.data.leadId} 并入本案。`, `${n(event.data.by)} attached lead ${event.data.leadId} to the case.`);
    case 'JointInvestigationTeamFormed': {
      const d = event.data;
      return t(
        `${n(d.by)} 组建联合调查组，牵头：${n(d.leader)}，成员：${names(d.members)}。`,
        `${n(d.by)} formed a joint investigation team led by ${n(d.leader)}; members: ${names(d.members)}.`,
      );
    }
    case 'FindingRecorded': {
      const d = event.data;
      const extra = [
        d.amountYuan ? t(`涉案金额${money(d.amountYuan)}`, `amount ${money(d.amountYuan)}`) : undefined,
        d.participants !== undefined ? t(`涉及${d.participants}人`, `${d.participants} participants`) : undefined,
      ].filter(Boolean);
      const tail = extra.length ? t(`（${extra.join('，')}）`, ` (${extra.join(', ')})`) : '';
      return t(`${n(d.by)} 记录调查情况：${bare(d.text)}${tail}。`, `${n(d.by)} recorded a finding: ${d.text}${tail}.`);
    }
    case 'FundsMonitoringRequested': {
      const d = event.data;
      const what = labelOf(FUNDS_MEASURE_LABELS, d.measure, lang);
      return t(
        `${n(d.by)} 提请 ${n(d.to)} 对 ${d.accounts.length} 个账户开展${what}（请求 ${d.requestId}）。`,
        `${n(d.by)} asked ${n(d.to)} for ${what.toLowerCase()} of ${d.accounts.length} account(s) (request ${d.requestId}).`,
      );
    }
    case 'FundsMonitoringAnswered': {
      const d = event.data;
      const outcome = labelOf(FUNDS_OUTCOME_LABELS, d.outcome, lang);
      const frozen = d.frozenAmountYuan ? t(`，冻结金额${money(d.frozenAmountYuan)}`, `, ${money(d.frozenAmountYuan)} frozen`) : '';
      return t(
        `${n(d.by)} 反馈资金监测请求 ${d.requestId}：${outcome}${frozen}。${d.note}`,
        `${n(d.by)} answered funds request ${d.requestId}: ${outcome}${frozen}. ${d.note}`,
      );
    }
    case 'DeterminationRequested': {
      const d = event.data;
      // The registry's name in the reader's language; the stored name only for an authority the registry lacks.
      const registered = n(d.authority);
      const authority = registered !== d.authority ? registered : (d.authorityName ?? d.authority);
      return t(`${n(d.by)} 提请性质认定，认定机关：${authority}。`, `${n(d.by)} requested a nature determination from ${authority}.`);
    }
    case 'DeterminationOpinionIssued': {
      const d = event.data;
      const conclusion = labelOf(NATURE_CONCLUSION_LABELS, d.conclusion, lang);
      return t(
        `${n(d.authority)} 出具认定意见：${conclusion}${d.disputed ? '（存在争议）' : ''}。${d.text}`,
        `${n(d.authority)} issued its opinion: ${conclusion}${d.disputed ? ' (disputed)' : ''}. ${d.text}`,
      );
    }
    case 'ReferredToDistrictMeeting': {
      const d = event.data;
      return t(
        `${n(d.by)} 提请区联席会议研究（${meetingRef(d, '会议 ')}）：${d.question}`,
        `${n(d.by)} referred the case to the district joint meeting (${meetingRef(d)}): ${d.question}`,
      );
    }
    case 'EscalatedToCityMeeting': {
      const d = event.data;
      return t(
        `${n(d.by)} 提请市联席会议研究（${meetingRef(d, '会议 ')}）：${d.question}`,
        `${n(d.by)} escalated the case to the city joint meeting (${meetingRef(d)}): ${d.question}`,
      );
    }
    case 'MeetingDecisionApplied': {
      const d = event.data;
      const meeting = labelOf(MEETING_LEVEL_LABELS, d.level, lang);
      const decision = labelOf(MEETING_DECISION_LABELS, d.decision, lang);
      const conclusion = d.conclusion ? t(`，认定为${labelOf(ACTIVITY_CATEGORIES, d.conclusion, lang)}`, `: ${labelOf(ACTIVITY_CATEGORIES, d.conclusion, lang)}`) : '';
      return t(`${meeting}（${meetingRef(d)}）决定：${decision}${conclusion}。${d.text}`, `${meeting} (${meetingRef(d)}) decided: ${decision}${conclusion}. ${d.text}`);
    }
    case 'DecisionReceivedFromCity': {
      const d = event.data;
      const decision = labelOf(MEETING_DECISION_LABELS, d.decision, lang);
      const conclusion = d.conclusion ? `（${labelOf(ACTIVITY_CATEGORIES, d.conclusion, lang)}）` : '';
      return t(
        `${n(d.office)} 收到市联席会议决定（${meetingRef(d)}）：${decision}${conclusion}。`,
        `${n(d.office)} received the city joint meeting's decision (${meetingRef(d)}): ${decision}${d.conclusion ? ` (${labelOf(ACTIVITY_CATEGORIES, d.conclusion, lang)})` : ''}.`,
      );
    }
    case 'NatureDetermined': {
      const d = event.data;
      const conclusion = labelOf(NATURE_CONCLUSION_LABELS, d.conclusion, lang);
      const source =
        d.by === 'authority'
          ? t(`采纳 ${d.authority ? n(d.authority) : '认定机关'} 的认定意见`, `accepting the opinion of ${d.authority ? n(d.authority) : 'the authority'}`)
          : labelOf(MEETING_LEVEL_LABELS, d.by === 'district_meeting' ? 'district' : 'city', lang);
      return t(`性质认定：${conclusion}（${source}）。`, `Nature determined: ${conclusion} (${source}).`);
    }
    case 'AdministrativeMeasureTaken': {
      const d = event.data;
      const measure = labelOf(ADMINISTRATIVE_MEASURE_LABELS, d.measure, lang);
      const amountText = d.amountYuan ? t(`，金额${money(d.amountYuan)}`, `, ${money(d.amountYuan)}`) : '';
      return t(`${n(d.by)} 采取行政措施：${measure}${amountText}。${d.text}`, `${n(d.by)} took an administrative measure: ${measure}${amountText}. ${d.text}`);
    }
    case 'TransferredToPolice': {
      const d = event.data;
      return t(
        `${n(d.by)} 移送 ${n(d.police)}，请于 ${chinaDate(d.deadline)} 前反馈是否立案。移送理由：${d.reason}`,
        `${n(d.by)} transferred the case to ${n(d.police)}, answer due by ${chinaDate(d.deadline)}. Reason: ${d.reason}`,
      );
    }
    case 'TransferAcceptedByPolice': {
      const d = event.data;
      const no = d.policeCaseNo ? t(`，案件编号 ${d.policeCaseNo}`, `, police case no. ${d.policeCaseNo}`) : '';
      return t(`${n(d.police)} 受理移送并于 ${d.filedOn} 立案${no}。`, `${n(d.police)} accepted the transfer and filed a criminal case on ${d.filedOn}${no}.`);
    }
    case 'TransferDeclinedByPolice':
      return t(
        `${n(event.data.police)} 不予立案，理由：${event.data.reasons.join(sep)}。`,
        `${n(event.data.police)} declined the transfer: ${event.data.reasons.join(sep)}.`,
      );
    case 'ProsecutionRecorded': {
      const d = event.data;
      const defendants = d.defendants !== undefined ? t(`（被告人${d.defendants}名）`, ` (${d.defendants} defendants)`) : '';
      return t(`${n(d.by)} 提起公诉${defendants}：${d.text}`, `${n(d.by)} brought a prosecution${defendants}: ${d.text}`);
    }
    case 'JudgmentRecorded': {
      const d = event.data;
      const amountText = d.amountYuan ? t(`，涉及金额${money(d.amountYuan)}`, `, amount ${money(d.amountYuan)}`) : '';
      return t(`${n(d.by)} 作出判决${amountText}：${d.text}`, `${n(d.by)} gave judgment${amountText}: ${d.text}`);
    }
    case 'FundsRecovered': {
      const d = event.data;
      const text = d.text ? t(`：${d.text}`, `: ${d.text}`) : '';
      return t(`${n(d.by)} 追赃挽损${money(d.amountYuan)}${text}。`, `${n(d.by)} recovered ${money(d.amountYuan)}${text}.`);
    }
    case 'VictimClaimsRecorded': {
      const d = event.data;
      return t(
        `${n(d.by)} 登记受损群众诉求：${d.claimants}人，金额${money(d.amountYuan)}${d.text ? `。${d.text}` : '。'}`,
        `${n(d.by)} recorded victim claims: ${d.claimants} claimants, ${money(d.amountYuan)}.${d.text ? ` ${d.text}` : ''}`,
      );
    }
    case 'PetitionRecorded':
      return t(
        `${n(event.data.by)} 登记信访：${event.data.petitioners}人，${event.data.text}`,
        `${n(event.data.by)} recorded a petition by ${event.data.petitioners} people: ${event.data.text}`,
      );
    case 'StabilityRiskAssessed': {
      const d = event.data;
      const step = labelOf(SENSITIVE_STEP_LABELS, d.beforeStep, lang);
      const level = labelOf(STABILITY_RISK_LEVEL_LABELS, d.level, lang);
      return t(
        `${n(d.by)} 在${step}前开展社会稳定风险评估，风险等级：${level}。${d.text}`,
        `${n(d.by)} assessed the stability risk before ${step}: ${level}. ${d.text}`,
      );
    }
    case 'RiskGradeChanged': {
      const d = event.data;
      const from = d.from ? labelOf(RISK_GRADES, d.from, lang) : t('未定级', 'ungraded');
      return t(
        `${n(d.by)} 调整风险等级：${from} → ${labelOf(RISK_GRADES, d.to, lang)}（${d.reason}）。`,
        `${n(d.by)} changed the risk grade: ${from} → ${labelOf(RISK_GRADES, d.to, lang)} (${d.reason}).`,
      );
    }
    case 'KeyCaseFlagSet': {
      const d = event.data;
      const flag = labelOf(KEY_CASE_FLAGS, d.flag, lang);
      return d.automatic
        ? t(`依规则自动标记为重点案件：${flag}（${d.reason}）。`, `Flagged as a key case by rule: ${flag} (${d.reason}).`)
        : t(`${n(d.by)} 标记为重点案件：${flag}（${d.reason}）。`, `${n(d.by)} flagged the case as key: ${flag} (${d.reason}).`);
    }
    case 'KeyCaseFlagCleared': {
      const d = event.data;
      const flag = labelOf(KEY_CASE_FLAGS, d.flag, lang);
      return t(`${n(d.by)} 取消重点案件标记：${flag}（${d.reason}）。`, `${n(d.by)} cleared the key-case flag ${flag} (${d.reason}).`);
    }
    case 'ClosureRequested':
      return t(`${n(event.data.by)} 申请结案销号：${event.data.summary}`, `${n(event.data.by)} requested closure: ${event.data.summary}`);
    case 'ClosureRejected':
      return t(`${n(event.data.by)} 退回结案申请：${event.data.reason}`, `${n(event.data.by)} rejected the closure: ${event.data.reason}`);
    case 'CaseClosed': {
      const d = event.data;
      return t(
        `${n(d.approvedBy)} 批准结案（${n(d.requestedBy)} 申请）：${bare(d.reason)}。审批意见：${d.note}`,
        `${n(d.approvedBy)} approved the closure requested by ${n(d.requestedBy)}: ${d.reason}. Note: ${d.note}`,
      );
    }
    case 'RiskWrittenOff':
      return t(`${n(event.data.approvedBy)} 批准风险销号。`, `${n(event.data.approvedBy)} wrote the risk off.`);
    case 'CaseReopened':
      return t(`${n(event.data.by)} 重新启动案件：${event.data.reason}`, `${n(event.data.by)} reopened the case: ${event.data.reason}`);
    default:
      return assertNever(event, 'case event');
  }
}
