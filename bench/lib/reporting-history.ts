/**
 * A seeded, realistic event history for the reporting benchmark: leads arrive
 * at a steady rate over the years, each with its intake stream (`lead-`), its
 * triage stream (`routing-`) and reads of it (`access-lead-`); founded leads
 * open a case (`case-`) that runs through grading, findings, determination
 * (sometimes by a district joint meeting, `meeting-`), measures, a transfer to
 * the police, claims and petitions, closure and write-off, read now and then
 * (`access-case-`). Events come out in time order across streams; the stream
 * revision is the order of emission, so any prefix of the history is a valid
 * store (stories still running are simply cases in progress).
 *
 * Every event carries the data shape of its contract (libs/contracts/src,
 * services/cases/src/triage/triage.events.ts); nothing in it is personal data.
 */
import type { NewEvent } from '@jm/event-sourcing';
import { seededRandom } from '../../test/reporting/support/reporting-scenario';
import { BENCH_CATEGORIES, BENCH_FIELDS, DISTRICTS } from './bench-world';

export { seededRandom };

export interface HistoryEvent {
  streamId: string;
  event: NewEvent;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const HISTORY_START = Date.parse('2024-01-01T00:30:00.000Z');

type District = (typeof DISTRICTS)[number];

const CATEGORIES = BENCH_CATEGORIES;
const FIELDS = BENCH_FIELDS;
const SOURCES = [
  'public_report',
  'media',
  'routine_supervision',
  'screening_campaign',
  'big_data_monitoring',
  'bank_suspicious_transaction',
  'grid_worker',
  'industry_association',
  'referral',
] as const;
const AGENCY_CHANNELS = ['agency_system', 'hotline', 'letter', 'visit'] as const;
const MEASURES = ['warning_talk', 'order_rectify', 'seizure', 'supervised_refund', 'penalty'] as const;
const GRADES = ['low', 'medium', 'high'] as const;
const COMPANY_STEMS = ['鑫源', '恒泰', '瑞丰', '金诚', '汇通', '福满', '安康', '华信', '盛世', '鼎盛', '嘉禾', '聚宝', '中投', '宏达', '泰和'];
const COMPANY_KINDS = ['投资咨询', '财富管理', '养老服务', '农业科技', '文化旅游', '商贸', '网络科技', '资产管理'];
const STREET_NAMES: Record<string, string> = {
  'lc-st-haibin': '海滨街道',
  'lc-st-linjiang': '临江街道',
  'lc-st-lizhong': '鲤中街道',
  'lc-st-kaiyuan': '开元街道',
  'lc-st-fuqiao': '浮桥街道',
  'lc-st-jiangnan': '江南街道',
  'lc-st-jinlong': '金龙街道',
  'lc-st-changtai': '常泰街道',
  'lc-hitech': '高新区',
  'fz-st-donghai': '东海街道',
};

interface Scheduled {
  at: number;
  seq: number;
  streamId: string;
  type: string;
  actor: { agency: string; user: string };
  data: unknown;
}

/** Binary min-heap on (at, seq): events of all running stories, earliest first. */
class Agenda {
  private readonly items: Scheduled[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Scheduled | undefined {
    return this.items[0];
  }
  push(item: Scheduled): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }
  pop(): Scheduled | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l], a[m])) m = l;
        if (r < a.length && before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
const before = (x: Scheduled, y: Scheduled): boolean => x.at < y.at || (x.at === y.at && x.seq < y.seq);

const yuan = (n: number): string => `${Math.round(n)}.00`;

export interface HistoryOptions {
  /** Events to emit. */
  events: number;
  seed?: number;
  /** Mean time between two leads (default 20 minutes: ~70k leads over two years). */
  leadIntervalMs?: number;
}

/** The history, earliest first, exactly `options.events` events long. */
export function* reportingHistory(options: HistoryOptions): Generator<HistoryEvent> {
  const random = seededRandom(options.seed ?? 20260301);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const chance = (p: number): boolean => random() < p;
  const between = (lo: number, hi: number): number => lo + random() * (hi - lo);
  const hex = (n: number): string =>
    Math.floor(random() * 16 ** n)
      .toString(16)
      .padStart(n, '0');
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
  const interval = options.leadIntervalMs ?? 20 * MINUTE;

  const agenda = new Agenda();
  let seq = 0;
  const schedule = (at: number, streamId: string, type: string, agency: string, data: unknown): void => {
    agenda.push({
      at: Math.round(at),
      seq: seq++,
      streamId,
      type,
      actor: { agency, user: `${agency}-officer-${1 + Math.floor(random() * 6)}` },
      data,
    });
  };
  const recentLeads: string[] = [];
  const meetings = new Map<number, { id: string; title: string; scheduledFor: number; decisions: number }>();
  let leadNo = 0;
  let nextLeadAt = HISTORY_START;
  let now = HISTORY_START;

  const districtMeeting = (district: District, referredAt: number) => {
    // District meetings weekly, announced 20 days ahead; a case goes to the first one at least 3 days out.
    const period = 7 * DAY;
    const k = Math.ceil((referredAt + 3 * DAY - HISTORY_START) / period);
    const key = k * 10 + DISTRICTS.indexOf(district);
    let meeting = meetings.get(key);
    if (!meeting) {
      const scheduledFor = HISTORY_START + k * period + 6 * HOUR;
      const date = new Date(scheduledFor + 8 * HOUR).toISOString().slice(0, 10);
      meeting = {
        id: uuid(),
        title: `${district.office === 'lc-office' ? '鲤城区' : '丰泽区'}防范和处置非法金融活动联席会议（${date}）`,
        scheduledFor,
        decisions: 0,
      };
      meetings.set(key, meeting);
      const data = {
        meetingId: meeting.id,
        level: 'district',
        kind: 'full',
        scheduledFor: new Date(scheduledFor).toISOString(),
        title: meeting.title,
        office: district.office,
        jurisdiction: district.jurisdiction,
      };
      schedule(Math.max(now, scheduledFor - 20 * DAY), `meeting-${meeting.id}`, 'MeetingScheduled', district.office, data);
      schedule(scheduledFor + 10 * HOUR, `meeting-${meeting.id}`, 'MeetingClosed', district.office, { meetingId: meeting.id });
    }
    return meeting;
  };

  const readBy = (at: number, type: 'lead' | 'case', id: string, agency: string, roles: string[]): void => {
    schedule(at, `access-${type}-${id}`, 'RecordAccessed', agency, {
      resourceType: type,
      resourceId: id,
      agency,
      user: `${agency}-officer-${1 + Math.floor(random() * 6)}`,
      roles,
      fields: ['summary'],
      ...(chance(0.3) ? { purpose: '核查处置需要' } : {}),
      granted: !chance(0.03),
    });
  };

  const startLead = (t0: number): void => {
    const n = leadNo++;
    const district = random() < DISTRICTS[0].weight ? DISTRICTS[0] : DISTRICTS[1];
    const leadId = uuid();
    const lead = `lead-${leadId}`;
    const routing = `routing-${leadId}`;
    const street = pick(district.streets);
    const category = pick(CATEGORIES);
    const field = pick(FIELDS);
    const source = pick(SOURCES);
    const receivedBy = source === 'grid_worker' || source === 'screening_campaign' ? street : chance(0.5) ? district.office : pick(district.units);
    const company = `泉州市${pick(COMPANY_STEMS)}${pick(COMPANY_KINDS)}有限公司`;
    const creditCode = `91350${district.jurisdiction.slice(4)}${hex(6).toUpperCase()}${hex(5).toUpperCase()}`.slice(0, 18).padEnd(18, 'X');
    const amount = Math.round(10 ** between(4, 8.4));
    const participants = Math.round(10 ** between(0.5, 3.3));
    const receiptNo = `R${new Date(t0).getUTCFullYear()}${String(n).padStart(8, '0')}`;
    const receivedAt = new Date(t0).toISOString();
    const reportDeadline = new Date(t0 + 24 * HOUR).toISOString();
    const summary = {
      leadId,
      receiptNo,
      title: `${STREET_NAMES[street]}${company}涉嫌${category === 'illegal_fundraising' ? '非法集资' : '非法金融活动'}（${n}）`,
      category,
      field,
      source,
      channel: pick(AGENCY_CHANNELS),
      jurisdiction: district.jurisdiction,
      street,
      receivedBy,
      receivedAt,
      subjects: [{ kind: 'company', name: company, creditCode }],
      matchKeys: [`credit:${creditCode}`, `name:${company.replace('有限公司', '')}`],
      amountYuan: yuan(amount),
      participants,
      major: amount >= 50_000_000,
    };
    schedule(t0, lead, 'LeadReceived', receivedBy, {
      ...summary,
      anonymous: false,
      description: `群众反映${company}以高额回报为诱饵，通过线下推介会和微信群向社会公众吸收资金，涉及约${participants}人，金额约${amount}元，请核查。`,
      location: `鲤城区${STREET_NAMES[street]}某路${1 + (n % 200)}号`,
      evidence: [],
      office: district.office,
      reportDeadline,
    });
    readBy(t0 + between(MINUTE, 2 * DAY), 'lead', leadId, district.office, ['office_officer']);
    const reportedAt = t0 + between(5 * MINUTE, 20 * HOUR);
    schedule(reportedAt, lead, 'LeadReportedToOffice', receivedBy, {
      leadId,
      office: district.office,
      reportedBy: receivedBy,
      reportedAt: new Date(reportedAt).toISOString(),
      deadline: reportDeadline,
      summary,
    });
    if (recentLeads.length > 0 && chance(0.2)) {
      const target = { kind: 'lead', id: pick(recentLeads) };
      schedule(t0 + 2000, lead, 'LeadLinked', receivedBy, { leadId, target, reasons: [{ kind: 'credit_code', value: creditCode }], score: 1 });
      if (chance(0.7)) schedule(t0 + between(HOUR, 3 * DAY), lead, 'LeadLinkConfirmed', district.office, { leadId, target });
    }
    if (chance(0.15))
      schedule(t0 + between(DAY, 10 * DAY), lead, 'LeadSupplemented', receivedBy, {
        leadId,
        by: 'agency',
        text: '补充：该公司近期更换经营地址。',
        evidence: [],
      });
    recentLeads.push(leadId);
    if (recentLeads.length > 500) recentLeads.shift();

    let t = reportedAt + between(1000, 5000);
    schedule(t, routing, 'TriageOpened', district.office, { leadId, office: district.office, summary, deadline: reportDeadline });
    t += between(2 * HOUR, 3 * DAY);
    if (chance(0.04)) {
      schedule(t, routing, 'LeadReferredUp', district.office, {
        leadId,
        from: district.office,
        to: 'qz-office',
        reason: '涉及证券期货，超出区级职权，逐级上报',
      });
      return;
    }
    const unit = pick(district.units);
    schedule(t, routing, 'LeadRouted', district.office, {
      leadId,
      unit,
      street,
      rule: `field:${field}`,
      deadline: new Date(t + 15 * DAY).toISOString(),
    });
    t += between(HOUR, 2 * DAY);
    schedule(t, routing, 'VerificationStarted', unit, { leadId, unit, startedAt: new Date(t).toISOString() });
    readBy(t + between(MINUTE, DAY), 'lead', leadId, unit, ['unit_officer']);
    t += between(2 * DAY, 14 * DAY);
    if (chance(0.55)) {
      schedule(t, routing, 'LeadClosedUnfounded', unit, { leadId, unit, reason: '经核查，未发现非法集资行为' });
      return;
    }
    const caseId = uuid();
    schedule(t, routing, 'LeadFounded', unit, {
      leadId,
      unit,
      caseId,
      actor: {
        user: `${unit}-officer-1`,
        agency: unit,
        agencyKind: 'member',
        level: 'district',
        jurisdiction: district.jurisdiction,
        roles: ['unit_officer'],
        duty: [],
      },
    });
    startCase(t + 1000, district, caseId, leadId, unit, summary, amount);
  };

  const startCase = (
    t0: number,
    district: District,
    caseId: string,
    leadId: string,
    leadUnit: string,
    summary: { title: string; category: string; field: string; street: string; subjects: unknown[]; matchKeys: string[]; participants: number },
    amount: number,
  ): void => {
    const stream = `case-${caseId}`;
    const office = district.office;
    const cooperating = district.units.filter((u) => u !== leadUnit).slice(0, Math.floor(random() * 3));
    const caseNo = `CASE-${district.jurisdiction}-${new Date(t0).getUTCFullYear()}-${caseId.slice(0, 8)}`;
    schedule(t0, stream, 'CaseOpened', leadUnit, {
      caseId,
      caseNo,
      title: summary.title,
      leadIds: [leadId],
      category: summary.category,
      field: summary.field,
      jurisdiction: district.jurisdiction,
      street: summary.street,
      office,
      leadUnit,
      cooperatingUnits: cooperating,
      subjects: summary.subjects,
      matchKeys: summary.matchKeys,
      amountYuan: yuan(amount),
      participants: summary.participants,
      by: leadUnit,
    });
    let t = t0 + between(HOUR, 3 * DAY);
    const grade = amount > 20_000_000 ? 'high' : pick(GRADES);
    schedule(t, stream, 'RiskGradeChanged', office, { caseId, by: office, to: grade, reason: '按涉案金额和参与人数分级' });
    if (amount >= 100_000_000)
      schedule(t + 1000, stream, 'KeyCaseFlagSet', office, {
        caseId,
        by: office,
        flag: 'amount_over_100m',
        reason: '涉案金额亿元以上',
        automatic: true,
      });
    if (chance(0.05))
      schedule(t + 2000, stream, 'KeyCaseFlagSet', office, {
        caseId,
        by: office,
        flag: 'leader_instruction',
        reason: '区领导批示',
        automatic: false,
      });
    const reads = 1 + Math.floor(random() * 4);
    for (let i = 0; i < reads; i++) readBy(t0 + between(HOUR, 200 * DAY), 'case', caseId, pick([office, leadUnit, ...cooperating]), ['unit_officer']);
    if (amount > 5_000_000 && chance(0.4)) {
      t += between(DAY, 7 * DAY);
      schedule(t, stream, 'JointInvestigationTeamFormed', office, {
        caseId,
        by: office,
        leader: leadUnit,
        members: [leadUnit, ...cooperating, district.police],
      });
    }
    const findings = 1 + Math.floor(random() * 3);
    for (let i = 0; i < findings; i++) {
      t += between(DAY, 20 * DAY);
      schedule(t, stream, 'FindingRecorded', leadUnit, {
        caseId,
        by: leadUnit,
        text: '调取银行流水，核实资金去向。',
        ...(chance(0.5) ? { amountYuan: yuan(amount * between(0.8, 1.5)) } : {}),
      });
    }
    if (chance(0.25)) {
      const requestId = uuid();
      t += between(DAY, 5 * DAY);
      schedule(t, stream, 'FundsMonitoringRequested', leadUnit, {
        caseId,
        by: leadUnit,
        requestId,
        to: 'qz-pbc',
        measure: pick(['monitor', 'freeze'] as const),
        accounts: ['6222****1234'],
      });
      t += between(DAY, 10 * DAY);
      const frozen = chance(0.6);
      schedule(t, stream, 'FundsMonitoringAnswered', 'qz-pbc', {
        caseId,
        by: 'qz-pbc',
        requestId,
        outcome: frozen ? 'frozen' : 'monitoring',
        ...(frozen ? { frozenAmountYuan: yuan(amount * 0.2) } : {}),
        note: '已落实',
      });
    }
    t += between(5 * DAY, 30 * DAY);
    const authority = district.office === 'lc-office' ? 'lc-finance' : 'fz-office';
    schedule(t, stream, 'DeterminationRequested', leadUnit, { caseId, by: leadUnit, authority });
    t += between(5 * DAY, 30 * DAY);
    const notIllegal = chance(0.08);
    const conclusion = notIllegal ? 'not_illegal' : summary.category;
    const disputed = chance(0.1);
    schedule(t, stream, 'DeterminationOpinionIssued', authority, {
      caseId,
      authority,
      conclusion,
      disputed,
      text: '经认定，该行为属于非法金融活动。',
    });
    if (disputed) {
      t += between(HOUR, 3 * DAY);
      const meeting = districtMeeting(district, t);
      const referralEventAt = t;
      schedule(referralEventAt, stream, 'ReferredToDistrictMeeting', office, {
        caseId,
        by: office,
        meetingId: meeting.id,
        meetingTitle: meeting.title,
        question: '性质认定存在争议，提请联席会议研究',
      });
      schedule(referralEventAt + 1000, `meeting-${meeting.id}`, 'CasePutOnAgenda', office, {
        meetingId: meeting.id,
        office,
        caseId,
        question: 'determination',
        source: 'manual',
      });
      t = meeting.scheduledFor + HOUR + meeting.decisions++ * 2 * MINUTE;
      const decision = notIllegal ? 'not_illegal' : 'determined';
      const decidedBy = {
        user: `${office}-convener`,
        agency: office,
        agencyKind: 'office',
        level: 'district',
        jurisdiction: district.jurisdiction,
        roles: ['convener'],
        duty: [],
      };
      schedule(t, `meeting-${meeting.id}`, 'MeetingDecisionRecorded', office, {
        meetingId: meeting.id,
        level: 'district',
        office,
        caseId,
        question: 'determination',
        decision,
        ...(notIllegal ? {} : { conclusion }),
        text: '会议研究决定',
        decidedBy,
      });
      schedule(t + 1000, stream, 'MeetingDecisionApplied', office, {
        caseId,
        by: office,
        meetingId: meeting.id,
        meetingTitle: meeting.title,
        level: 'district',
        decision,
        ...(notIllegal ? {} : { conclusion }),
        text: '会议研究决定',
      });
      schedule(t + 2000, stream, 'NatureDetermined', office, {
        caseId,
        conclusion,
        by: 'district_meeting',
        decidedBy: office,
        meetingId: meeting.id,
      });
    } else {
      t += between(HOUR, 2 * DAY);
      schedule(t, stream, 'NatureDetermined', authority, { caseId, conclusion, by: 'authority', decidedBy: authority, authority });
    }
    if (!notIllegal) {
      const measures = 1 + Math.floor(random() * 2);
      for (let i = 0; i < measures; i++) {
        t += between(3 * DAY, 30 * DAY);
        const measure = pick(MEASURES);
        schedule(t, stream, 'AdministrativeMeasureTaken', leadUnit, {
          caseId,
          by: leadUnit,
          measure,
          ...(measure === 'penalty' || measure === 'supervised_refund' ? { amountYuan: yuan(amount * between(0.01, 0.3)) } : {}),
          text: '依法采取处置措施',
        });
      }
      if (chance(0.3)) {
        t += between(DAY, 20 * DAY);
        schedule(t, stream, 'VictimClaimsRecorded', office, {
          caseId,
          by: office,
          claimants: Math.max(1, Math.round(summary.participants * 0.6)),
          amountYuan: yuan(amount * 0.7),
        });
      }
      if (chance(0.15)) {
        t += between(DAY, 20 * DAY);
        schedule(t, stream, 'PetitionRecorded', 'lc-letters', {
          caseId,
          by: 'lc-letters',
          petitioners: 1 + Math.floor(random() * 50),
          text: '投资人集体上访',
        });
      }
      if (chance(0.4)) {
        t += between(5 * DAY, 30 * DAY);
        schedule(t, stream, 'TransferredToPolice', office, {
          caseId,
          by: office,
          police: district.police,
          deadline: new Date(t + 30 * DAY).toISOString(),
          reason: '涉嫌非法吸收公众存款罪',
        });
        t += between(3 * DAY, 25 * DAY);
        if (chance(0.85)) {
          schedule(t, stream, 'TransferAcceptedByPolice', district.police, {
            caseId,
            police: district.police,
            filedOn: new Date(t).toISOString().slice(0, 10),
            policeCaseNo: `J${caseId.slice(0, 10)}`,
          });
          if (chance(0.5)) {
            t += between(60 * DAY, 200 * DAY);
            schedule(t, stream, 'ProsecutionRecorded', 'lc-procuratorate', {
              caseId,
              by: 'lc-procuratorate',
              text: '提起公诉',
              defendants: 1 + Math.floor(random() * 5),
            });
            t += between(60 * DAY, 200 * DAY);
            schedule(t, stream, 'JudgmentRecorded', 'lc-court', { caseId, by: 'lc-court', text: '一审判决', amountYuan: yuan(amount * 0.1) });
            t += between(10 * DAY, 100 * DAY);
            schedule(t, stream, 'FundsRecovered', district.police, {
              caseId,
              by: district.police,
              amountYuan: yuan(amount * between(0.05, 0.6)),
              text: '追赃挽损',
            });
          }
        } else {
          schedule(t, stream, 'TransferDeclinedByPolice', district.police, { caseId, police: district.police, reasons: ['证据不足，不予立案'] });
        }
      }
    }
    if (chance(0.75)) {
      t += between(10 * DAY, 60 * DAY);
      schedule(t, stream, 'ClosureRequested', leadUnit, { caseId, by: leadUnit, summary: '风险已处置完毕，申请销号' });
      t += between(DAY, 15 * DAY);
      schedule(t, stream, 'CaseClosed', office, { caseId, reason: '风险已处置完毕', approvedBy: office, requestedBy: leadUnit, note: '同意' });
      if (chance(0.9)) schedule(t + between(HOUR, 10 * DAY), stream, 'RiskWrittenOff', office, { caseId, approvedBy: office });
    }
  };

  for (let emitted = 0; emitted < options.events;) {
    // New leads join as time passes; then the earliest pending event of any story goes out.
    while (agenda.size === 0 || nextLeadAt <= (agenda.peek() as Scheduled).at) {
      now = nextLeadAt;
      startLead(nextLeadAt);
      nextLeadAt += Math.round(interval * -Math.log(1 - random()));
    }
    const next = agenda.pop() as Scheduled;
    now = next.at;
    emitted++;
    yield {
      streamId: next.streamId,
      event: {
        id: uuid(),
        type: next.type,
        schemaVersion: 1,
        data: next.data,
        time: new Date(next.at).toISOString(),
        correlationId: uuid(),
        causationId: uuid(),
        actor: next.actor,
      },
    };
  }
}
