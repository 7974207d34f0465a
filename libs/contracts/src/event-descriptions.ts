/**
 * One readable sentence per stored event, in zh-CN or English, for every
 * stream in the store: intake's lead and receipt streams, cases' routing,
 * case and meeting streams, the access logs and reporting's audit anchors
 * (`describeEvent`). `describeCaseEvent` is the case stream's part, also used
 * by the cases timeline. Agency names come from the caller (`nameOfAgency`,
 * usually the registry), so this stays pure.
 *
 * Informant identity is sealed in the events and never described: a sentence
 * says only that it exists ("举报人身份(已加密)") or that the report was anonymous.
 */
import { assertNever } from '@jm/event-sourcing';
import type { Lang, Role, Yuan } from '@jm/reference';
import { ACTIVITY_CATEGORIES, FIELDS, KEY_CASE_FLAGS, labelOf, LEAD_SOURCES, REPORT_CHANNELS, RISK_GRADES, ROLES } from '@jm/reference';
import type { RecordAccessedData } from './access-record';
import type {
  AccountCreatedData,
  AccountDisabledData,
  AccountDisplayNameChangedData,
  AccountEnabledData,
  AccountLockedData,
  AccountRolesChangedData,
  AccountUnlockedData,
  AgencySecurityPolicySetData,
  OneTimePasswordIssuedData,
  SessionsRevokedData,
  SignedInData,
  SignedOutData,
  SignInFailedData,
  TotpDisabledData,
  UnknownAccountSignInFailedData,
} from './account-contract-events';
import type { AuditAnchorChunkRecordedData, AuditAnchorRecordedData } from './audit-contracts';
import type { DeadLetterDiscardedData, DeadLetterRetriedData, ParkedEventDiscardedData, ParkedEventReplayedData } from './operations-contract-events';
import type { LeadClosedUnfoundedData, LeadFoundedData, LeadReferredUpData, LeadRoutedData } from './case-contracts';
import type {
  AftermathClaimRegisteredData,
  AftermathIdentityShreddedData,
  AftermathPersonRegisteredData,
  AftermathPetitionClosedData,
  AftermathPetitionReferredData,
  AftermathPetitionSupervisedData,
  AftermathRefundRecordedData,
} from './aftermath-contract-events';
import { AFTERMATH_ROLE_LABELS } from './aftermath-contract-events';
import { NEGOTIATION_DESCRIBERS } from './cross-region-contract-events';
import { CaseEventBody, decodeCaseEvent } from './case-contract-events';
import type {
  ClockPausedData,
  ClockResumedData,
  ClockStartedData,
  ClockStoppedData,
  DeadlineEscalatedData,
  DeadlineMissedData,
  DeadlineReminderDueData,
  ObligationDueData,
  ObligationMissedData,
  ObligationSubmittedData,
} from './deadline-contracts';
import type {
  NotificationChannelsChosenData,
  NotificationDeadLetteredData,
  NotificationDeliveredData,
  NotificationDeliveryAttemptedData,
  NotificationDeliveryFailedData,
  NotificationReadData,
  NotificationReplayRequestedData,
  NotificationRequestedData,
} from './notification-contracts';
import type { ReceiptIssuedData } from './submission-contract-events';
import type { CasePutOnAgendaData, MeetingDecisionRecordedData, MeetingScheduledData, VerificationStartedData } from './case-lifecycle-contracts';
import {
  ACCESS_FIELD_LABELS,
  ACCESS_RESOURCE_LABELS,
  ADMINISTRATIVE_MEASURE_LABELS,
  AGENDA_QUESTION_LABELS,
  CASE_EVENT_LABELS,
  CHANNEL_KIND_LABELS,
  CLOCK_STOP_OUTCOME_LABELS,
  ESCALATION_LEVEL_LABELS,
  OBLIGATION_KIND_LABELS,
  chinaDate,
  chinaDateTime,
  eventTypeLabel,
  formatYuan,
  FUNDS_MEASURE_LABELS,
  FUNDS_OUTCOME_LABELS,
  MEETING_DECISION_LABELS,
  MEETING_KIND_LABELS,
  LEADER_LEVEL_LABELS,
  MEETING_LEVEL_LABELS,
  NATURE_CONCLUSION_LABELS,
  SENSITIVE_STEP_LABELS,
  STABILITY_RISK_LEVEL_LABELS,
  TWO_YEAR_EXEMPTION_GROUND_LABELS,
} from './event-labels';
import type {
  InformantIdentityShreddedData,
  LeadLinkConfirmedData,
  LeadLinkedData,
  LeadLinkUndoneData,
  LeadReceivedData,
  LeadReportedToOfficeData,
  LeadSummary,
  LeadSupplementedData,
  LinkTarget,
} from './lead-contracts';

/** Agency code → the name a reader knows (the registry's, in the reader's language). */
export type NameOfAgency = (code: string) => string;

/** The actor of events the platform itself appends (periodic anchors, the audit CLI). */
export const SYSTEM_AGENCY = 'system';

/** Agency names that also know the platform itself ("系统" / "System"). */
export function withSystemName(nameOfAgency: NameOfAgency, lang: Lang): NameOfAgency {
  return (code) => (code === SYSTEM_AGENCY ? (lang === 'zh-CN' ? '系统' : 'System') : nameOfAgency(code));
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
export function describeCaseEvent(event: CaseEventBody, lang: Lang, nameOfAgency: (code: string) => string): string {
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
      // The city's record of a district case escalated from another deployment: the district office sent it.
      const opening = d.origin
        ? t(`从 ${d.origin.deployment} 平台提请市联席会议`, `escalated from deployment ${d.origin.deployment}`)
        : t('立案', 'opened case');
      return t(
        `${n(d.by)} ${opening}：${d.title}（${d.caseNo}，${kind}），牵头单位：${n(d.leadUnit)}${extra.map((x) => `，${x}`).join('')}。`,
        `${n(d.by)} ${opening} ${d.caseNo} "${d.title}" (${kind}); lead unit: ${n(d.leadUnit)}${extra.map((x) => `; ${x}`).join('')}.`,
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
      const where = d.cityDeployment ? t(`报送 ${d.cityDeployment} 平台`, `sent to deployment ${d.cityDeployment}`) : undefined;
      return t(
        `${n(d.by)} 提请市联席会议研究（${where ?? meetingRef(d, '会议 ')}）：${d.question}`,
        `${n(d.by)} escalated the case to the city joint meeting (${where ?? meetingRef(d)}): ${d.question}`,
      );
    }
    case 'MeetingDecisionApplied': {
      const d = event.data;
      const meeting = labelOf(MEETING_LEVEL_LABELS, d.level, lang);
      const decision = labelOf(MEETING_DECISION_LABELS, d.decision, lang);
      const conclusion = d.conclusion
        ? t(`，认定为${labelOf(ACTIVITY_CATEGORIES, d.conclusion, lang)}`, `: ${labelOf(ACTIVITY_CATEGORIES, d.conclusion, lang)}`)
        : '';
      return t(
        `${meeting}（${meetingRef(d)}）决定：${decision}${conclusion}。${d.text}`,
        `${meeting} (${meetingRef(d)}) decided: ${decision}${conclusion}. ${d.text}`,
      );
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
          ? t(
              `采纳 ${d.authority ? n(d.authority) : '认定机关'} 的认定意见`,
              `accepting the opinion of ${d.authority ? n(d.authority) : 'the authority'}`,
            )
          : labelOf(MEETING_LEVEL_LABELS, d.by === 'district_meeting' ? 'district' : 'city', lang);
      return t(`性质认定：${conclusion}（${source}）。`, `Nature determined: ${conclusion} (${source}).`);
    }
    case 'AdministrativeMeasureTaken': {
      const d = event.data;
      const measure = labelOf(ADMINISTRATIVE_MEASURE_LABELS, d.measure, lang);
      const amountText = d.amountYuan ? t(`，金额${money(d.amountYuan)}`, `, ${money(d.amountYuan)}`) : '';
      return t(
        `${n(d.unit ?? d.by)} 采取行政措施：${measure}${amountText}。${d.text}`,
        `${n(d.unit ?? d.by)} took an administrative measure: ${measure}${amountText}. ${d.text}`,
      );
    }
    case 'TransferredToPolice': {
      const d = event.data;
      // A re-transfer says which one it is (each transfer has its own response clock).
      const again = d.transfer && d.transfer > 1 ? t(`（第${d.transfer}次移送）`, ` (transfer ${d.transfer})`) : '';
      return t(
        `${n(d.by)} 移送 ${n(d.police)}${again}，请于 ${chinaDate(d.deadline)} 前反馈是否立案。移送理由：${d.reason}`,
        `${n(d.by)} transferred the case to ${n(d.police)}${again}, answer due by ${chinaDate(d.deadline)}. Reason: ${d.reason}`,
      );
    }
    case 'TransferAcceptedByPolice': {
      const d = event.data;
      const no = d.policeCaseNo ? t(`，案件编号 ${d.policeCaseNo}`, `, police case no. ${d.policeCaseNo}`) : '';
      return t(
        `${n(d.police)} 受理移送并于 ${d.filedOn} 立案${no}。`,
        `${n(d.police)} accepted the transfer and filed a criminal case on ${d.filedOn}${no}.`,
      );
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
    case 'FundsRefundCompleted':
      return t(`${n(event.data.by)} 确认资金清退完成：${event.data.text}`, `${n(event.data.by)} recorded the refund as complete: ${event.data.text}`);
    case 'CriminalCaseConcluded':
      return t('审判终结并完成资金清退，两年办结期限停止计时。', 'Judgment and refund are both done: the 2-year clock stops.');
    case 'TwoYearLimitExempted': {
      const d = event.data;
      const ground = labelOf(TWO_YEAR_EXEMPTION_GROUND_LABELS, d.ground, lang);
      const approved = d.approvedBy ? t(`，经${d.approvedBy}批准`, `, approved by ${d.approvedBy}`) : '';
      return t(
        `${n(d.by)} 登记本案不适用两年办结期限：${ground}${approved}（${d.reason}）。`,
        `${n(d.by)} recorded the case as exempt from the 2-year limit: ${ground}${approved} (${d.reason}).`,
      );
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
    case 'LeaderInstructionRecorded': {
      const d = event.data;
      const level = labelOf(LEADER_LEVEL_LABELS, d.level, lang);
      return t(
        `${n(d.by)} 登记领导批示：${level}${d.leader}（${d.date}）批示：${d.summary}`,
        `${n(d.by)} recorded an instruction of ${level} ${d.leader} (${d.date}): ${d.summary}`,
      );
    }
    case 'LeaderTookCharge': {
      const d = event.data;
      return t(
        `${n(d.by)} 登记领导包案：${d.post}${d.leader}自${d.since}起包案。`,
        `${n(d.by)}: ${d.leader} (${d.post}) in charge of the case from ${d.since}.`,
      );
    }
    case 'DedicatedTeamFormed': {
      const d = event.data;
      const units = d.units.map(n).join(lang === 'en' ? ', ' : '、');
      return t(
        `${n(d.by)} 成立一案一专班（${d.formedOn}），由${d.head}牵头，成员单位：${units}。`,
        `${n(d.by)} formed a dedicated team (${d.formedOn}) headed by ${d.head}, with ${units}.`,
      );
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

/** Routing-stream events that cases declares beside the contract (services/cases triage.events.ts); only what a sentence needs. */
interface TriageOpenedData {
  leadId: string;
  office: string;
  summary: LeadSummary;
  deadline?: string;
}
interface LinkedLeadData {
  leadId: string;
  target: string;
  confirmed?: boolean;
}

/** Anything read from the store: a type and its data. */
export interface DescribableEvent {
  type: string;
  data: unknown;
}

type Describer = (data: never, w: Words) => string;

/** What every describer needs: the language, a zh/en chooser and the agency names. */
interface Words {
  lang: Lang;
  zh: boolean;
  t: (zhText: string, enText: string) => string;
  n: NameOfAgency;
}

function target(w: Words, link: LinkTarget): string {
  return link.kind === 'case' ? w.t(`案件 ${link.id}`, `case ${link.id}`) : w.t(`线索 ${link.id}`, `lead ${link.id}`);
}

function kindOf(w: Words, s: Pick<LeadSummary, 'category' | 'field'>): string {
  return `${labelOf(ACTIVITY_CATEGORIES, s.category, w.lang)}${w.zh ? '·' : ', '}${labelOf(FIELDS, s.field, w.lang)}`;
}

/** Role codes as labels (ROLES of the reference data); an unknown code reads as itself. */
function roleList(roles: readonly string[], w: Words): string {
  if (roles.length === 0) return w.t('无', 'none');
  return roles.map((r) => (r in ROLES ? labelOf(ROLES, r as Role, w.lang) : r)).join(w.zh ? '、' : ', ');
}

const DESCRIBERS: Record<string, Describer> = {
  ...NEGOTIATION_DESCRIBERS,
  LeadReceived: (d: LeadReceivedData, w) => {
    // The sealed identity is named, never opened: auditors see that it exists, not who it is.
    const informant = d.anonymous || !d.informant ? w.t('匿名举报', 'anonymous') : w.t('举报人身份(已加密)', 'informant identity (encrypted)');
    const source = `${labelOf(LEAD_SOURCES, d.source, w.lang)}${w.zh ? '·' : ', '}${labelOf(REPORT_CHANNELS, d.channel, w.lang)}`;
    const extra = [
      d.amountYuan ? w.t(`涉案金额约${formatYuan(d.amountYuan, w.lang)}`, `amount about ${formatYuan(d.amountYuan, w.lang)}`) : undefined,
      d.major ? w.t('重大事件', 'major event') : undefined,
      d.evidence.length ? w.t(`证据 ${d.evidence.length} 份`, `${d.evidence.length} evidence file(s)`) : undefined,
    ].filter(Boolean);
    return w.t(
      `${w.n(d.receivedBy)} 接收线索（首问负责）：${d.title}（${kindOf(w, d)}；来源：${source}；${informant}${extra.map((x) => `；${x}`).join('')}），应于 ${chinaDateTime(d.reportDeadline)} 前报告 ${w.n(d.office)}。`,
      `${w.n(d.receivedBy)} received a lead (first receiver): "${d.title}" (${kindOf(w, d)}; source: ${source}; ${informant}${extra.map((x) => `; ${x}`).join('')}); to be reported to ${w.n(d.office)} by ${chinaDateTime(d.reportDeadline)}.`,
    );
  },
  LeadReportedToOffice: (d: LeadReportedToOfficeData, w) =>
    w.t(
      `${w.n(d.reportedBy)} 向 ${w.n(d.office)} 报告线索：${d.summary.title}（期限 ${chinaDateTime(d.deadline)}）。`,
      `${w.n(d.reportedBy)} reported the lead "${d.summary.title}" to ${w.n(d.office)} (due ${chinaDateTime(d.deadline)}).`,
    ),
  LeadSupplemented: (d: LeadSupplementedData, w) => {
    const who = d.by === 'informant' ? w.t('举报人', 'The informant') : w.t('承办单位', 'An agency');
    return w.t(
      `${who}补充线索材料：${d.text ? '补充说明，' : ''}证据 ${d.evidence.length} 份。`,
      `${who} supplemented the lead: ${d.text ? 'a statement and ' : ''}${d.evidence.length} evidence file(s).`,
    );
  },
  LeadLinked: (d: LeadLinkedData, w) =>
    w.t(
      `系统发现线索与${target(w, d.target)}疑似关联（依据：${d.reasons.map((r) => r.kind).join('、')}；相似度 ${d.score}）。`,
      `The lead may be linked to ${target(w, d.target)} (matched on ${d.reasons.map((r) => r.kind).join(', ')}; score ${d.score}).`,
    ),
  LeadLinkConfirmed: (d: LeadLinkConfirmedData, w) =>
    w.t(`确认线索与${target(w, d.target)}关联。`, `The link to ${target(w, d.target)} was confirmed.`),
  LeadLinkUndone: (d: LeadLinkUndoneData, w) =>
    w.t(`撤销线索与${target(w, d.target)}的关联：${d.reason}`, `The link to ${target(w, d.target)} was undone: ${d.reason}`),
  InformantIdentityShredded: (d: InformantIdentityShreddedData, w) =>
    w.t(
      `举报人身份(已加密)的密钥已销毁，身份不可再恢复（原因：${d.reason}）。`,
      `The key of the encrypted informant identity was destroyed; it can no longer be read (reason: ${d.reason}).`,
    ),
  ReceiptIssued: (d: ReceiptIssuedData, w) =>
    w.t(`${w.n(d.office)} 出具受理回执 ${d.receiptNo}（线索 ${d.leadId}）。`, `${w.n(d.office)} issued receipt ${d.receiptNo} for lead ${d.leadId}.`),

  TriageOpened: (d: TriageOpenedData, w) =>
    w.t(
      `${w.n(d.office)} 开始研判线索：${d.summary.title}（${kindOf(w, d.summary)}）。`,
      `${w.n(d.office)} opened triage of the lead "${d.summary.title}" (${kindOf(w, d.summary)}).`,
    ),
  LinkedLeadNoted: (d: LinkedLeadData, w) =>
    w.t(
      `记录关联线索 ${d.target}（${d.confirmed ? '已确认' : '待确认'}）。`,
      `Noted linked lead ${d.target} (${d.confirmed ? 'confirmed' : 'unconfirmed'}).`,
    ),
  LinkedLeadRemoved: (d: LinkedLeadData, w) => w.t(`解除与线索 ${d.target} 的关联。`, `Removed the link to lead ${d.target}.`),
  LeadRouted: (d: LeadRoutedData, w) => {
    const street = d.street ? w.t(`，属地街道：${w.n(d.street)}`, `, street: ${w.n(d.street)}`) : '';
    return w.t(
      `线索分派至 ${w.n(d.unit)} 核查${street}，请于 ${chinaDate(d.deadline)} 前反馈（规则：${d.rule}）。`,
      `The lead was routed to ${w.n(d.unit)} for verification${street}; feedback due by ${chinaDate(d.deadline)} (rule: ${d.rule}).`,
    );
  },
  LeadReferredUp: (d: LeadReferredUpData, w) =>
    w.t(`${w.n(d.from)} 将线索逐级上报至 ${w.n(d.to)}：${d.reason}`, `${w.n(d.from)} referred the lead up to ${w.n(d.to)}: ${d.reason}`),
  VerificationStarted: (d: VerificationStartedData, w) => w.t(`${w.n(d.unit)} 开始核查。`, `${w.n(d.unit)} started verification.`),
  LeadClosedUnfounded: (d: LeadClosedUnfoundedData, w) =>
    w.t(`${w.n(d.unit)} 核查反馈：线索不属实，予以了结（${d.reason}）。`, `${w.n(d.unit)} fed back: unfounded, closed (${d.reason}).`),
  LeadFounded: (d: LeadFoundedData, w) =>
    w.t(`${w.n(d.unit)} 核查反馈：线索属实，立案 ${d.caseId}。`, `${w.n(d.unit)} fed back: founded; case ${d.caseId} opened.`),

  MeetingScheduled: (d: MeetingScheduledData, w) =>
    w.t(
      `${w.n(d.office)} 安排${labelOf(MEETING_LEVEL_LABELS, d.level, w.lang)}（${labelOf(MEETING_KIND_LABELS, d.kind, w.lang)}）《${d.title}》，时间 ${chinaDateTime(d.scheduledFor)}。`,
      `${w.n(d.office)} scheduled the ${labelOf(MEETING_LEVEL_LABELS, d.level, w.lang).toLowerCase()} (${labelOf(MEETING_KIND_LABELS, d.kind, w.lang).toLowerCase()}) 《${d.title}》 for ${chinaDateTime(d.scheduledFor)}.`,
    ),
  CasePutOnAgenda: (d: CasePutOnAgendaData, w) => {
    const question = labelOf(AGENDA_QUESTION_LABELS, d.question, w.lang);
    return w.t(
      `${w.n(d.office)} 将案件 ${d.caseId} 列入会议 ${d.meetingId} 议题：${question}（${d.source === 'referral' ? '承办单位提请' : '联席办列入'}）。`,
      `${w.n(d.office)} put case ${d.caseId} on the agenda of meeting ${d.meetingId}: ${question.toLowerCase()} (${d.source === 'referral' ? 'on referral' : 'by the office'}).`,
    );
  },
  MeetingDecisionRecorded: (d: MeetingDecisionRecordedData, w) => {
    const decision = labelOf(MEETING_DECISION_LABELS, d.decision, w.lang);
    const conclusion = d.conclusion
      ? w.t(`，认定为${labelOf(ACTIVITY_CATEGORIES, d.conclusion, w.lang)}`, `: ${labelOf(ACTIVITY_CATEGORIES, d.conclusion, w.lang)}`)
      : '';
    return w.t(
      `${labelOf(MEETING_LEVEL_LABELS, d.level, w.lang)} ${d.meetingId} 就案件 ${d.caseId} 作出决定：${decision}${conclusion}。${d.text}`,
      `${labelOf(MEETING_LEVEL_LABELS, d.level, w.lang)} ${d.meetingId} decided on case ${d.caseId}: ${decision}${conclusion}. ${d.text}`,
    );
  },
  MeetingClosed: (d: { meetingId: string }, w) => w.t(`联席会议 ${d.meetingId} 结束。`, `Meeting ${d.meetingId} closed.`),

  // The register's identities are sealed: a sentence names the person id, never who it is.
  AftermathPersonRegistered: (d: AftermathPersonRegisteredData, w) =>
    w.t(
      `${w.n(d.by)} 登记${labelOf(AFTERMATH_ROLE_LABELS, d.role, w.lang)} ${d.personId}（案件 ${d.caseId}，身份信息已加密）。`,
      `${w.n(d.by)} registered ${labelOf(AFTERMATH_ROLE_LABELS, d.role, w.lang)} ${d.personId} on case ${d.caseId} (identity encrypted).`,
    ),
  AftermathIdentitySealed: (d: { personId: string }, w) => w.t(`${d.personId} 的身份信息(已加密)。`, `The identity of ${d.personId} (encrypted).`),
  AftermathClaimRegistered: (d: AftermathClaimRegisteredData, w) =>
    w.t(
      `${w.n(d.by)} 登记 ${d.personId} 债权申报 ${formatYuan(d.amountYuan, w.lang)}（${d.date}）。`,
      `${w.n(d.by)} registered a claim of ${formatYuan(d.amountYuan, w.lang)} by ${d.personId} (${d.date}).`,
    ),
  AftermathRefundRecorded: (d: AftermathRefundRecordedData, w) => {
    const over = d.overClaimReason ? w.t(`，超出申报金额：${d.overClaimReason}`, `, beyond the claims: ${d.overClaimReason}`) : '';
    return w.t(
      `${w.n(d.by)} 向 ${d.personId} 清退资金 ${formatYuan(d.amountYuan, w.lang)}（${d.date}${over}）。`,
      `${w.n(d.by)} refunded ${formatYuan(d.amountYuan, w.lang)} to ${d.personId} (${d.date}${over}).`,
    );
  },
  AftermathPetitionReferred: (d: AftermathPetitionReferredData, w) =>
    w.t(
      `${w.n(d.by)} 将信访 ${d.petitionId} 转办至 ${w.n(d.referredTo)}：${d.text}`,
      `${w.n(d.by)} referred petition ${d.petitionId} to ${w.n(d.referredTo)}: ${d.text}`,
    ),
  AftermathPetitionSupervised: (d: AftermathPetitionSupervisedData, w) =>
    w.t(`${w.n(d.by)} 督办信访 ${d.petitionId}：${d.note}`, `${w.n(d.by)} supervised petition ${d.petitionId}: ${d.note}`),
  AftermathPetitionClosed: (d: AftermathPetitionClosedData, w) =>
    w.t(`${w.n(d.by)} 办结信访 ${d.petitionId}（闭环）：${d.outcome}`, `${w.n(d.by)} closed petition ${d.petitionId}: ${d.outcome}`),
  AftermathIdentityShredded: (d: AftermathIdentityShreddedData, w) =>
    w.t(`${w.n(d.by)} 销毁 ${d.personId} 的身份密钥：${d.reason}`, `${w.n(d.by)} shredded the identity of ${d.personId}: ${d.reason}`),

  ClockStarted: (d: ClockStartedData, w) =>
    w.t(
      `${w.n(d.unit)} 的期限开始计时（${d.policyId}，${d.subject.streamId}），应于 ${chinaDateTime(d.dueAt)} 前完成。`,
      `A deadline of ${w.n(d.unit)} started (${d.policyId}, ${d.subject.streamId}); due by ${chinaDateTime(d.dueAt)}.`,
    ),
  ClockPaused: (d: ClockPausedData, w) =>
    w.t(`期限 ${d.clockId} 暂停计时（${d.trigger.eventType}）。`, `Deadline ${d.clockId} paused (${d.trigger.eventType}).`),
  ClockResumed: (d: ClockResumedData, w) =>
    w.t(`期限 ${d.clockId} 恢复计时，新的期限为 ${chinaDateTime(d.dueAt)}。`, `Deadline ${d.clockId} resumed; now due by ${chinaDateTime(d.dueAt)}.`),
  ClockStopped: (d: ClockStoppedData, w) =>
    w.t(
      `期限 ${d.clockId} 停止计时：${labelOf(CLOCK_STOP_OUTCOME_LABELS, d.outcome, w.lang)}（${d.trigger.eventType}）。`,
      `Deadline ${d.clockId} stopped: ${labelOf(CLOCK_STOP_OUTCOME_LABELS, d.outcome, w.lang)} (${d.trigger.eventType}).`,
    ),
  DeadlineReminderDue: (d: DeadlineReminderDueData, w) =>
    w.t(
      `提醒 ${w.n(d.unit)}：${d.subject.streamId} 的期限（${d.policyId}）将于 ${chinaDateTime(d.dueAt)} 届满。`,
      `Reminder to ${w.n(d.unit)}: the deadline (${d.policyId}) of ${d.subject.streamId} falls due at ${chinaDateTime(d.dueAt)}.`,
    ),
  DeadlineMissed: (d: DeadlineMissedData, w) =>
    w.t(
      `${w.n(d.unit)} 未在 ${chinaDateTime(d.dueAt)} 前完成 ${d.subject.streamId} 的期限事项（${d.policyId}），已逾期。`,
      `${w.n(d.unit)} missed the deadline (${d.policyId}) of ${d.subject.streamId}, due ${chinaDateTime(d.dueAt)}.`,
    ),
  DeadlineEscalated: (d: DeadlineEscalatedData, w) =>
    w.t(
      `逾期督办第 ${d.step + 1} 级（${labelOf(ESCALATION_LEVEL_LABELS, d.level, w.lang)}）：${d.recipients.map((r) => w.n(r.agency)).join('、')}，事项 ${d.subject.streamId}（${w.n(d.unit)}）。`,
      `Escalation step ${d.step + 1} (${labelOf(ESCALATION_LEVEL_LABELS, d.level, w.lang)}): ${d.recipients.map((r) => w.n(r.agency)).join(', ')}, about ${d.subject.streamId} (${w.n(d.unit)}).`,
    ),
  ObligationDue: (d: ObligationDueData, w) =>
    w.t(
      `${w.n(d.unit)} 应于 ${chinaDateTime(d.dueAt)} 前报送${labelOf(OBLIGATION_KIND_LABELS, d.kind, w.lang)}（${d.period}）。`,
      `${w.n(d.unit)} owes the ${labelOf(OBLIGATION_KIND_LABELS, d.kind, w.lang).toLowerCase()} for ${d.period} by ${chinaDateTime(d.dueAt)}.`,
    ),
  ObligationSubmitted: (d: ObligationSubmittedData, w) =>
    w.t(
      `${w.n(d.unit)} 报送${labelOf(OBLIGATION_KIND_LABELS, d.kind, w.lang)}（${d.period}）${d.late ? '，已逾期' : ''}。`,
      `${w.n(d.unit)} submitted the ${labelOf(OBLIGATION_KIND_LABELS, d.kind, w.lang).toLowerCase()} for ${d.period}${d.late ? ', late' : ''}.`,
    ),
  ObligationMissed: (d: ObligationMissedData, w) =>
    w.t(
      `${w.n(d.unit)} 未在 ${chinaDateTime(d.dueAt)} 前报送${labelOf(OBLIGATION_KIND_LABELS, d.kind, w.lang)}（${d.period}）。`,
      `${w.n(d.unit)} did not submit the ${labelOf(OBLIGATION_KIND_LABELS, d.kind, w.lang).toLowerCase()} for ${d.period} by ${chinaDateTime(d.dueAt)}.`,
    ),

  NotificationRequested: (d: NotificationRequestedData, w) => {
    const channels = d.targets.map((t) => labelOf(CHANNEL_KIND_LABELS, t.channel, w.lang)).join(w.zh ? '、' : ', ');
    const who = `${w.n(d.recipient.agency)}${d.recipient.role ? `（${d.recipient.role}）` : ''}`;
    return w.t(
      `生成通知 ${d.messageId}（${d.template}），发送给 ${who}，渠道：${channels}；起因 ${d.source.eventType}（${d.source.streamId}）。`,
      `Notification ${d.messageId} (${d.template}) for ${who} on ${channels}; caused by ${d.source.eventType} (${d.source.streamId}).`,
    );
  },
  NotificationDeliveryAttempted: (d: NotificationDeliveryAttemptedData, w) =>
    w.t(`第 ${d.attempt} 次通过${labelOf(CHANNEL_KIND_LABELS, d.channel, w.lang)}发送（${d.target}）。`, `Attempt ${d.attempt} on ${d.target}.`),
  NotificationDelivered: (d: NotificationDeliveredData, w) =>
    w.t(
      `已通过${labelOf(CHANNEL_KIND_LABELS, d.channel, w.lang)}送达（${d.target}，第 ${d.attempt} 次）。`,
      `Delivered on ${d.target} (attempt ${d.attempt}).`,
    ),
  NotificationDeliveryFailed: (d: NotificationDeliveryFailedData, w) =>
    w.t(
      `第 ${d.attempt} 次发送失败（${d.target}）：${d.error}；将于 ${chinaDateTime(d.nextAttemptAt)} 重试。`,
      `Attempt ${d.attempt} on ${d.target} failed: ${d.error}; next try at ${chinaDateTime(d.nextAttemptAt)}.`,
    ),
  NotificationDeadLettered: (d: NotificationDeadLetteredData, w) =>
    w.t(`${d.target} 发送 ${d.attempt} 次均失败，转入死信：${d.error}`, `Dead-lettered on ${d.target} after ${d.attempt} attempt(s): ${d.error}`),
  NotificationReplayRequested: (d: NotificationReplayRequestedData, w) =>
    w.t(`${w.n(d.by.agency)} ${d.by.user} 要求重新发送（${d.target}）。`, `${w.n(d.by.agency)} ${d.by.user} asked to replay ${d.target}.`),
  NotificationRead: (d: NotificationReadData, w) => w.t(`${w.n(d.agency)} ${d.user} 已读通知。`, `${w.n(d.agency)} ${d.user} read the notification.`),
  NotificationChannelsChosen: (d: NotificationChannelsChosenData, w) =>
    w.t(
      `${w.n(d.agency)} 设置通知渠道：站内信、电子邮件 ${d.emails.length} 个地址、Webhook ${d.webhooks.length} 个，语言 ${d.locale}。`,
      `${w.n(d.agency)} chose its channels: inbox, ${d.emails.length} email address(es), ${d.webhooks.length} webhook(s), language ${d.locale}.`,
    ),

  RecordAccessed: (d: RecordAccessedData, w) => {
    const what = `${labelOf(ACCESS_RESOURCE_LABELS, d.resourceType, w.lang)} ${d.resourceId}`;
    const fields = d.fields.map((f) => labelOf(ACCESS_FIELD_LABELS, f, w.lang)).join(w.zh ? '、' : ', ');
    const purpose = d.purpose ? w.t(`；用途：${d.purpose}`, `; purpose: ${d.purpose}`) : '';
    return d.granted
      ? w.t(`${w.n(d.agency)} ${d.user} 查阅${what}（内容：${fields}${purpose}）。`, `${w.n(d.agency)} ${d.user} read ${what} (${fields}${purpose}).`)
      : w.t(
          `${w.n(d.agency)} ${d.user} 查阅${what}被拒绝（内容：${fields}${purpose}）。`,
          `${w.n(d.agency)} ${d.user} was refused ${what} (${fields}${purpose}).`,
        );
  },

  ParkedEventReplayed: (d: ParkedEventReplayedData, w) =>
    w.t(
      `${w.n(d.by.agency)} ${d.by.user} 重放 ${d.service} 消费组 ${d.group} 停放的事件 ${d.eventType}（${d.eventId}，流 ${d.streamId || '未知'}）。`,
      `${w.n(d.by.agency)} ${d.by.user} replayed the ${d.eventType} event ${d.eventId} (stream ${d.streamId || 'unknown'}) parked by ${d.service}'s group ${d.group}.`,
    ),
  ParkedEventDiscarded: (d: ParkedEventDiscardedData, w) =>
    w.t(
      `${w.n(d.by.agency)} ${d.by.user} 丢弃 ${d.service} 消费组 ${d.group} 停放的事件 ${d.eventType}（${d.eventId}，流 ${d.streamId || '未知'}），原因：${d.reason}。`,
      `${w.n(d.by.agency)} ${d.by.user} discarded the ${d.eventType} event ${d.eventId} (stream ${d.streamId || 'unknown'}) parked by ${d.service}'s group ${d.group}: ${d.reason}.`,
    ),
  DeadLetterRetried: (d: DeadLetterRetriedData, w) =>
    w.t(
      `${w.n(d.by.agency)} ${d.by.user} 重发死信：通知 ${d.messageId}（${d.target}）。`,
      `${w.n(d.by.agency)} ${d.by.user} retried the dead letter of notification ${d.messageId} (${d.target}).`,
    ),
  DeadLetterDiscarded: (d: DeadLetterDiscardedData, w) =>
    w.t(
      `${w.n(d.by.agency)} ${d.by.user} 丢弃死信：通知 ${d.messageId}（${d.target}），原因：${d.reason}。`,
      `${w.n(d.by.agency)} ${d.by.user} discarded the dead letter of notification ${d.messageId} (${d.target}): ${d.reason}.`,
    ),

  AccountCreated: (d: AccountCreatedData, w) =>
    w.t(
      `${w.n(d.by.agency)} ${d.by.user} 为 ${w.n(d.agency)} 创建账号 ${d.username}（${d.displayName}），角色：${roleList(d.roles, w)}${d.external ? '，由统一身份认证登录' : ''}。`,
      `${w.n(d.by.agency)} ${d.by.user} created the account ${d.username} (${d.displayName}) at ${w.n(d.agency)}, roles: ${roleList(d.roles, w)}${d.external ? ', signing in through the identity platform' : ''}.`,
    ),
  AccountRolesChanged: (d: AccountRolesChangedData, w) =>
    w.t(
      `${w.n(d.by.agency)} ${d.by.user} 将账号 ${d.accountId} 的角色由 ${roleList(d.previousRoles, w)} 调整为 ${roleList(d.roles, w)}。`,
      `${w.n(d.by.agency)} ${d.by.user} changed the roles of account ${d.accountId} from ${roleList(d.previousRoles, w)} to ${roleList(d.roles, w)}.`,
    ),
  AccountDisplayNameChanged: (d: AccountDisplayNameChangedData, w) =>
    w.t(`账号 ${d.accountId} 的姓名改为 ${d.displayName}。`, `The name of account ${d.accountId} is now ${d.displayName}.`),
  AccountDisabled: (d: AccountDisabledData, w) =>
    w.t(
      `${w.n(d.by.agency)} ${d.by.user} 停用账号 ${d.accountId}，原因：${d.reason}。`,
      `${w.n(d.by.agency)} ${d.by.user} disabled account ${d.accountId}: ${d.reason}.`,
    ),
  AccountEnabled: (d: AccountEnabledData, w) =>
    w.t(`${w.n(d.by.agency)} ${d.by.user} 启用账号 ${d.accountId}。`, `${w.n(d.by.agency)} ${d.by.user} enabled account ${d.accountId}.`),
  OneTimePasswordIssued: (d: OneTimePasswordIssuedData, w) =>
    d.reason === 'reset'
      ? w.t(
          `${w.n(d.by.agency)} ${d.by.user} 重置账号 ${d.accountId} 的密码（一次性密码，首次登录须修改）。`,
          `${w.n(d.by.agency)} ${d.by.user} reset the password of account ${d.accountId} (a one-time password, to be changed at the next sign-in).`,
        )
      : w.t(
          `为账号 ${d.accountId} 签发初始一次性密码（首次登录须修改）。`,
          `A first one-time password was issued for account ${d.accountId} (to be changed at the first sign-in).`,
        ),
  PasswordChanged: (d: { accountId: string }, w) => w.t(`账号 ${d.accountId} 修改了密码。`, `Account ${d.accountId} changed its password.`),
  TotpEnrolled: (d: { accountId: string }, w) =>
    w.t(`账号 ${d.accountId} 启用动态口令（TOTP）。`, `Account ${d.accountId} enrolled a TOTP second factor.`),
  TotpDisabled: (d: TotpDisabledData, w) =>
    w.t(
      `${w.n(d.by.agency)} ${d.by.user} 停用账号 ${d.accountId} 的动态口令。`,
      `${w.n(d.by.agency)} ${d.by.user} turned off TOTP for account ${d.accountId}.`,
    ),
  SignedIn: (d: SignedInData, w) =>
    w.t(
      `账号 ${d.accountId} 登录（${d.method === 'oidc' ? '统一身份认证' : '密码'}，来自 ${d.client}）。`,
      `Account ${d.accountId} signed in (${d.method === 'oidc' ? 'identity platform' : 'password'}, from ${d.client}).`,
    ),
  SignInFailed: (d: SignInFailedData, w) => {
    const why = { password: ['密码错误', 'wrong password'], totp: ['动态口令错误', 'wrong TOTP code'], disabled: ['账号已停用', 'account disabled'] }[
      d.reason
    ];
    return w.t(
      `账号 ${d.accountId} 登录失败（${why[0]}，来自 ${d.client}，连续第 ${d.consecutiveFailures} 次）。`,
      `Sign-in to account ${d.accountId} failed (${why[1]}, from ${d.client}; ${d.consecutiveFailures} in a row).`,
    );
  },
  AccountLocked: (d: AccountLockedData, w) =>
    w.t(
      `账号 ${d.accountId} 连续 ${d.consecutiveFailures} 次登录失败，锁定至 ${chinaDateTime(d.until)}。`,
      `Account ${d.accountId} locked until ${chinaDateTime(d.until)} after ${d.consecutiveFailures} failed sign-ins in a row.`,
    ),
  AccountUnlocked: (d: AccountUnlockedData, w) =>
    d.admin
      ? w.t(
          `${w.n(d.admin.agency)} ${d.admin.user} 解锁账号 ${d.accountId}。`,
          `${w.n(d.admin.agency)} ${d.admin.user} unlocked account ${d.accountId}.`,
        )
      : w.t(`账号 ${d.accountId} 锁定期满，自动解锁。`, `Account ${d.accountId} unlocked: the lockout ran out.`),
  SignedOut: (d: SignedOutData, w) =>
    w.t(`账号 ${d.accountId} 退出登录（会话 ${d.sessionId}）。`, `Account ${d.accountId} signed out (session ${d.sessionId}).`),
  SessionsRevoked: (d: SessionsRevokedData, w) =>
    w.t(
      `${w.n(d.by.agency)} ${d.by.user} 注销账号 ${d.accountId} 的全部会话，原因：${d.reason}。`,
      `${w.n(d.by.agency)} ${d.by.user} revoked every session of account ${d.accountId}: ${d.reason}.`,
    ),
  AgencySecurityPolicySet: (d: AgencySecurityPolicySetData, w) =>
    d.totpRequired
      ? w.t(
          `${w.n(d.by.agency)} ${d.by.user} 要求 ${w.n(d.agency)} 的账号使用动态口令登录。`,
          `${w.n(d.by.agency)} ${d.by.user} required TOTP for the accounts of ${w.n(d.agency)}.`,
        )
      : w.t(
          `${w.n(d.by.agency)} ${d.by.user} 取消 ${w.n(d.agency)} 的动态口令要求。`,
          `${w.n(d.by.agency)} ${d.by.user} no longer requires TOTP at ${w.n(d.agency)}.`,
        ),
  UnknownAccountSignInFailed: (d: UnknownAccountSignInFailedData, w) =>
    w.t(
      `以不存在的账号名${d.username ? ` ${d.username}` : ''}登录失败（来自 ${d.client}）。`,
      `Sign-in under an unknown name${d.username ? ` ${d.username}` : ''} failed (from ${d.client}).`,
    ),

  AuditAnchorChunkRecorded: (d: AuditAnchorChunkRecordedData, w) =>
    w.t(
      `审计锚点 ${d.anchorId} 第 ${d.chunk + 1}/${d.chunks} 段：记录 ${d.heads.length} 个事件流的末位哈希。`,
      `Audit anchor ${d.anchorId}, part ${d.chunk + 1} of ${d.chunks}: heads of ${d.heads.length} stream(s).`,
    ),
  AuditAnchorRecorded: (d: AuditAnchorRecordedData, w) =>
    w.t(
      `生成审计锚点 ${d.anchorId}：${d.streams} 个事件流、${d.events} 个事件，截至位置 ${d.headPosition}，摘要 ${d.digest.slice(0, 16)}…`,
      `Audit anchor ${d.anchorId}: ${d.streams} stream(s), ${d.events} event(s) up to position ${d.headPosition}, digest ${d.digest.slice(0, 16)}…`,
    ),
};

/**
 * One readable sentence for any stored event. A type this module does not
 * know (a stream added later) reads as its label or code, never as its data,
 * so nothing sealed or personal can leak through a fallback.
 */
export function describeEvent(event: DescribableEvent, lang: Lang, nameOfAgency: NameOfAgency): string {
  const zh = lang === 'zh-CN';
  const n = withSystemName(nameOfAgency, lang);
  if (event.type in CASE_EVENT_LABELS) return describeCaseEvent(decodeCaseEvent(event), lang, n);
  const describe = DESCRIBERS[event.type];
  if (describe) return describe(event.data as never, { lang, zh, t: (a, b) => (zh ? a : b), n });
  return zh
    ? `${eventTypeLabel(event.type, lang)}（未收录说明的事件类型）。`
    : `${eventTypeLabel(event.type, lang)} (an event type without a description).`;
}
