/**
 * A long, mixed, deterministic history for the reporting tests and the
 * benchmark: leads received and reported by intake (lead-<id>, with links
 * confirmed and undone), their triage by cases (routing-<id>: routed,
 * referred up, verified, unfounded or founded), cases opened from founded
 * leads and walked through their lifecycle (case-<id>: grades, flags, teams,
 * funds, determinations by an authority or a joint meeting, measures, police,
 * courts, recovery, claims, petitions, closure, write-off, reopening),
 * joint meetings (meeting-<id>) and reads (access-…-<id>).
 *
 * Every event has the contract's shape and every stream a valid sequence;
 * the same seed gives the same appends (ids included). Appends come in time
 * order, interleaving streams the way concurrent work does.
 */
import type { CaseOpenedData, LeadReceivedData, LeadReportedToOfficeData, LeadSubject, LeadSummary, RecordAccessedData } from '@jm/contracts';
import type { EventStore, NewEvent, StoredEvent } from '@jm/event-sourcing';

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ScenarioOptions {
  seed?: number;
  /** Leads received (default 300). */
  leads?: number;
  /** First event time (default 2026-01-05T01:00:00Z). */
  start?: string;
  /** Average minutes between two new leads (default 90). */
  leadEveryMinutes?: number;
  /** Share of triaged leads founded into cases (default 0.3). */
  foundedShare?: number;
  /** Reads recorded per lead and per case on average (default 1). */
  readsPerSubject?: number;
}

export interface ScenarioAppend {
  streamId: string;
  events: NewEvent[];
  /** Exact expected version of the stream before this append ('any' for access streams). */
  expectedVersion: number | 'no_stream' | 'any';
}

const CATEGORIES = ['illegal_securities', 'illegal_futures', 'illegal_fundraising', 'illegal_payment', 'illegal_forex', 'financial_fraud'] as const;
const FIELDS = [
  'private_investment_intermediary',
  'third_party_wealth_management',
  'fake_private_fund',
  'pension',
  'agriculture',
  'virtual_currency',
  'blockchain',
  'culture_tourism',
  'film_investment',
  'debt_resolution',
  'other',
] as const;
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
const CHANNELS = ['hotline', 'agency_system', 'letter', 'visit'] as const;
const STREETS = [
  'lc-st-haibin',
  'lc-st-linjiang',
  'lc-st-lizhong',
  'lc-st-kaiyuan',
  'lc-st-fuqiao',
  'lc-st-jiangnan',
  'lc-st-jinlong',
  'lc-st-changtai',
  'lc-hitech',
] as const;
const UNITS = ['lc-market', 'lc-finance', 'lc-social-affairs', 'lc-investment', 'lc-propaganda'] as const;
const GRADES = ['low', 'medium', 'high', 'major'] as const;
const OTHER_REGIONS = ['350503', '350100', '440300', '330100'] as const;
const COMPANY_WORDS = ['鑫盛', '恒泰', '汇金', '瑞丰', '宏达', '安康', '富民', '聚财', '华信', '永利'];
const COMPANY_KINDS = ['财富管理有限公司', '养老服务有限公司', '投资咨询有限公司', '农业专业合作社', '文化传媒有限公司'];

interface Pending {
  time: number;
  order: number;
  append: ScenarioAppend;
}

/** Builds the whole history in memory, in time order. */
export function generateScenario(options: ScenarioOptions = {}): ScenarioAppend[] {
  const rnd = seededRandom(options.seed ?? 20260305);
  const leadsWanted = options.leads ?? 300;
  const start = Date.parse(options.start ?? '2026-01-05T01:00:00.000Z');
  const every = options.leadEveryMinutes ?? 90;
  const foundedShare = options.foundedShare ?? 0.3;
  const reads = options.readsPerSubject ?? 1;
  const MIN = 60_000;
  const DAY = 24 * 60 * MIN;

  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const chance = (p: number) => rnd() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  let idCounter = 0;
  // Deterministic UUID-shaped ids (version nibble 4), so the same seed gives the same store.
  const uuid = (): string => {
    idCounter++;
    const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0').slice(-width);
    const a = hex(rnd() * 0xffffffff, 8);
    const b = hex(rnd() * 0xffff, 4);
    const c = `4${hex(rnd() * 0xfff, 3)}`;
    const d = `${(8 + Math.floor(rnd() * 4)).toString(16)}${hex(rnd() * 0xfff, 3)}`;
    const e = `${hex(idCounter, 4)}${hex(rnd() * 0xffffffff, 8)}`;
    return `${a}-${b}-${c}-${d}-${e}`;
  };
  const yuan = (lo: number, hi: number) => `${int(lo, hi)}.${String(int(0, 99)).padStart(2, '0')}`;
  const iso = (t: number) => new Date(t).toISOString();

  const pending: Pending[] = [];
  const versions = new Map<string, number>();
  let order = 0;
  /** One command's events on one stream at one time. */
  const emit = (streamId: string, time: number, agency: string, items: Array<{ type: string; data: unknown }>, any = false) => {
    const correlationId = uuid();
    const events: NewEvent[] = items.map((item) => {
      const id = uuid();
      return {
        id,
        type: item.type,
        schemaVersion: 1,
        data: item.data,
        time: iso(time),
        correlationId,
        causationId: id,
        actor: { agency, user: `${agency}-user` },
      };
    });
    const before = versions.get(streamId) ?? -1;
    versions.set(streamId, before + events.length);
    pending.push({ time, order: order++, append: { streamId, events, expectedVersion: any ? 'any' : before < 0 ? 'no_stream' : before } });
  };
  const read = (resourceType: string, resourceId: string, time: number) => {
    const agency = pick(['lc-office', 'lc-market', 'lc-police', 'qz-office']);
    const roles = agency === 'lc-office' ? ['office_officer'] : agency === 'qz-office' ? ['analyst'] : ['unit_officer'];
    const data: RecordAccessedData = {
      resourceType,
      resourceId,
      agency,
      user: `${agency}-user`,
      roles,
      fields: ['summary'],
      granted: chance(0.9),
      ...(chance(0.3) ? { purpose: '核查需要' } : {}),
    };
    emit(`access-${resourceType}-${resourceId}`, time, agency, [{ type: 'RecordAccessed', data }], true);
  };

  const leadIds: string[] = [];
  let caseCounter = 0;
  for (let i = 0; i < leadsWanted; i++) {
    let t = start + i * every * MIN + int(0, every - 1) * MIN;
    const leadId = uuid();
    leadIds.push(leadId);
    const street = pick(STREETS);
    const receiver = chance(0.6) ? street : pick(['lc-office', ...UNITS]);
    const crossRegion = chance(0.15) ? pick(OTHER_REGIONS) : undefined;
    const subjects: LeadSubject[] = [
      { kind: 'company', name: `泉州${pick(COMPANY_WORDS)}${pick(COMPANY_KINDS)}`, ...(crossRegion ? { region: crossRegion } : {}) },
      ...(chance(0.5)
        ? [
            { kind: 'person' as const, name: '张某' },
            { kind: 'phone' as const, phone: '13800000000' },
          ]
        : []),
      ...(chance(0.3) ? [{ kind: 'company' as const, name: `${pick(COMPANY_WORDS)}${pick(COMPANY_KINDS)}` }] : []),
    ];
    const amountYuan = chance(0.8) ? (chance(0.05) ? yuan(100_000_000, 300_000_000) : yuan(10_000, 50_000_000)) : undefined;
    const participants = chance(0.7) ? int(3, 3000) : undefined;
    const summary: LeadSummary = {
      leadId,
      receiptNo: `R${String(i).padStart(8, '0')}`,
      title: `${pick(COMPANY_WORDS)}以高额回报吸收资金线索${i}`,
      category: pick(CATEGORIES),
      field: pick(FIELDS),
      source: pick(SOURCES),
      channel: pick(CHANNELS),
      jurisdiction: '350502',
      street,
      receivedBy: receiver,
      receivedAt: iso(t),
      subjects,
      matchKeys: [`name:${subjects[0].name}`],
      ...(amountYuan ? { amountYuan } : {}),
      ...(participants ? { participants } : {}),
      major: chance(0.1),
    };
    const deadline = iso(t + (summary.major ? 1 : 2) * DAY);
    const received: LeadReceivedData = {
      ...summary,
      anonymous: chance(0.5),
      description: '以高额回报为诱饵吸收公众资金',
      evidence: [],
      office: 'lc-office',
      reportDeadline: deadline,
    };
    const reportedAt = t + (chance(0.85) ? int(10, 600) * MIN : int(3, 6) * DAY);
    const reported: LeadReportedToOfficeData = { leadId, office: 'lc-office', reportedBy: receiver, reportedAt: iso(reportedAt), deadline, summary };
    const leadStream = `lead-${leadId}`;
    emit(leadStream, t, receiver, [{ type: 'LeadReceived', data: received }]);
    if (chance(0.05)) continue; // never reported yet
    emit(leadStream, reportedAt, receiver, [{ type: 'LeadReportedToOffice', data: reported }]);
    t = reportedAt;
    if (i > 0 && chance(0.25)) {
      const target = { kind: 'lead' as const, id: leadIds[int(Math.max(0, i - 20), i - 1)] };
      t += int(1, 30) * MIN;
      emit(leadStream, t, 'lc-office', [
        { type: 'LeadLinked', data: { leadId, target, reasons: [{ kind: 'company_name', value: subjects[0].name }], score: 0.9 } },
      ]);
      if (chance(0.7)) {
        t += int(10, 600) * MIN;
        emit(leadStream, t, 'lc-office', [{ type: 'LeadLinkConfirmed', data: { leadId, target } }]);
        if (chance(0.2)) {
          t += int(10, 600) * MIN;
          emit(leadStream, t, 'lc-office', [{ type: 'LeadLinkUndone', data: { leadId, target, reason: '经核对并非同一主体' } }]);
        }
      }
    }
    if (chance(0.1))
      emit(leadStream, t + int(1, 5) * DAY, 'lc-office', [
        { type: 'LeadSupplemented', data: { leadId, by: 'agency', text: '补充材料', evidence: [] } },
      ]);
    for (let r = 0; r < reads; r++) if (chance(0.8)) read('lead', leadId, t + int(1, 900) * MIN);

    // Cases' triage of the lead: its own stream, its own clock (starts when cases hears of the report).
    const routing = `routing-${leadId}`;
    let rt = reportedAt + int(1, 20) * 1000;
    emit(routing, rt, 'lc-office', [{ type: 'TriageOpened', data: { leadId, office: 'lc-office', summary, deadline } }]);
    if (chance(0.1)) continue; // still awaiting triage
    rt += int(30, 2000) * MIN;
    if (chance(0.06)) {
      emit(routing, rt, 'lc-office', [
        { type: 'LeadReferredUp', data: { leadId, from: 'lc-office', to: 'qz-office', reason: '涉及跨市主体，超出区级权限' } },
      ]);
      continue;
    }
    const unit = pick(UNITS);
    emit(routing, rt, 'lc-office', [
      { type: 'LeadRouted', data: { leadId, unit, street, rule: `field:${summary.field}`, deadline: iso(rt + 15 * DAY) } },
    ]);
    if (chance(0.15)) continue; // routed, not yet verified
    rt += int(60, 3 * 24 * 60) * MIN;
    emit(routing, rt, unit, [{ type: 'VerificationStarted', data: { leadId, unit, startedAt: iso(rt) } }]);
    if (chance(0.15)) continue;
    rt += int(1, 14) * DAY;
    if (!chance(foundedShare)) {
      emit(routing, rt, unit, [{ type: 'LeadClosedUnfounded', data: { leadId, unit, reason: '经核查未发现违法违规行为' } }]);
      continue;
    }
    const caseId = uuid();
    caseCounter++;
    const actor = { user: `${unit}-user`, agency: unit, agencyKind: 'member', level: 'district', jurisdiction: '350502', roles: ['unit_officer'] };
    emit(routing, rt, unit, [{ type: 'LeadFounded', data: { leadId, unit, caseId, actor } }]);
    walkCase({
      caseId,
      caseNo: `CASE-350502-2026-${String(caseCounter).padStart(4, '0')}`,
      summary,
      unit,
      street,
      t: rt + int(1, 60) * 1000,
      crossRegion,
    });
  }

  function walkCase(c: { caseId: string; caseNo: string; summary: LeadSummary; unit: string; street: string; t: number; crossRegion?: string }) {
    const stream = `case-${c.caseId}`;
    let t = c.t;
    const step = (days = 5) => (t += int(1, days * 24 * 60) * MIN);
    const cooperating = chance(0.5) ? [pick(UNITS.filter((u) => u !== c.unit))] : [];
    const opened: CaseOpenedData & { by: string } = {
      caseId: c.caseId,
      caseNo: c.caseNo,
      title: c.summary.title,
      leadIds: [c.summary.leadId],
      category: c.summary.category,
      field: c.summary.field,
      jurisdiction: '350502',
      street: c.street,
      office: 'lc-office',
      leadUnit: c.unit,
      cooperatingUnits: cooperating,
      subjects: c.summary.subjects,
      matchKeys: c.summary.matchKeys,
      ...(c.summary.amountYuan ? { amountYuan: c.summary.amountYuan } : {}),
      ...(c.summary.participants ? { participants: c.summary.participants } : {}),
      by: c.unit,
    };
    const opening: Array<{ type: string; data: unknown }> = [{ type: 'CaseOpened', data: opened }];
    const big = c.summary.amountYuan !== undefined && Number(c.summary.amountYuan) >= 100_000_000;
    if (big)
      opening.push({
        type: 'KeyCaseFlagSet',
        data: { caseId: c.caseId, by: c.unit, flag: 'amount_over_100m', reason: '涉案金额亿元以上', automatic: true },
      });
    if (c.crossRegion) {
      opening.push({ type: 'KeyCaseFlagSet', data: { caseId: c.caseId, by: c.unit, flag: 'cross_region', reason: '涉及外地主体', automatic: true } });
      if (!c.crossRegion.startsWith('3505')) {
        opening.push({
          type: 'CrossRegionPartyNotified',
          data: { caseId: c.caseId, caseNo: c.caseNo, region: c.crossRegion, party: c.summary.subjects[0], message: '请协助核查', from: 'lc-office' },
        });
      }
    }
    emit(stream, t, c.unit, opening);
    for (let r = 0; r < reads; r++) if (chance(0.8)) read('case', c.caseId, t + int(1, 900) * MIN);
    let key = big || !!c.crossRegion;
    let grade: string | undefined;
    const setGrade = () => {
      const to = pick(GRADES);
      if (to === grade) return;
      emit(stream, step(), 'lc-office', [
        { type: 'RiskGradeChanged', data: { caseId: c.caseId, by: 'lc-office', ...(grade ? { from: grade } : {}), to, reason: '根据核查情况调整' } },
      ]);
      grade = to;
    };
    setGrade();
    if (chance(0.2)) {
      emit(stream, step(), 'lc-office', [
        { type: 'KeyCaseFlagSet', data: { caseId: c.caseId, by: 'lc-office', flag: 'leader_instruction', reason: '领导批示', automatic: false } },
      ]);
      key = true;
    }
    if (chance(0.3))
      emit(stream, step(), 'lc-office', [
        { type: 'JointInvestigationTeamFormed', data: { caseId: c.caseId, by: 'lc-office', leader: c.unit, members: ['lc-police', pick(UNITS)] } },
      ]);
    if (chance(0.5))
      emit(stream, step(), c.unit, [
        {
          type: 'FindingRecorded',
          data: {
            caseId: c.caseId,
            by: c.unit,
            text: '调取资金流水',
            ...(chance(0.5) ? { amountYuan: yuan(50_000, 80_000_000) } : {}),
            ...(chance(0.5) ? { participants: int(5, 5000) } : {}),
          },
        },
      ]);
    if (chance(0.4)) {
      const requestId = uuid();
      emit(stream, step(), c.unit, [
        {
          type: 'FundsMonitoringRequested',
          data: {
            caseId: c.caseId,
            by: c.unit,
            requestId,
            to: 'qz-pbc',
            measure: chance(0.5) ? 'freeze' : 'monitor',
            accounts: ['6222000000000000'],
          },
        },
      ]);
      const frozen = chance(0.6);
      emit(stream, step(), 'qz-pbc', [
        {
          type: 'FundsMonitoringAnswered',
          data: {
            caseId: c.caseId,
            by: 'qz-pbc',
            requestId,
            outcome: frozen ? 'frozen' : 'monitoring',
            ...(frozen ? { frozenAmountYuan: yuan(10_000, 5_000_000) } : {}),
            note: '已处理',
          },
        },
      ]);
    }
    if (chance(0.1))
      emit(stream, step(), c.unit, [
        {
          type: 'CaseUnitsAssigned',
          data: { caseId: c.caseId, by: 'lc-office', leadUnit: pick(UNITS), cooperatingUnits: [pick(UNITS)], previousLeadUnit: c.unit },
        },
      ]);

    // Nature determination: by the authority, or through the district (and city) joint meeting.
    if (chance(0.15)) return closeOrNot();
    const conclusion = chance(0.9) ? c.summary.category : 'not_illegal';
    emit(stream, step(), c.unit, [{ type: 'DeterminationRequested', data: { caseId: c.caseId, by: c.unit, authority: 'lc-finance' } }]);
    if (chance(0.1)) return; // awaiting the opinion
    const disputed = chance(0.3);
    emit(stream, step(10), 'lc-finance', [
      { type: 'DeterminationOpinionIssued', data: { caseId: c.caseId, authority: 'lc-finance', conclusion, disputed, text: '认定意见' } },
    ]);
    if (!disputed) {
      emit(stream, step(), 'lc-office', [
        { type: 'NatureDetermined', data: { caseId: c.caseId, conclusion, by: 'authority', decidedBy: 'lc-finance', authority: 'lc-finance' } },
      ]);
    } else {
      const district = meeting('district', step(), c.caseId, 'determination');
      emit(stream, t, 'lc-office', [
        {
          type: 'ReferredToDistrictMeeting',
          data: { caseId: c.caseId, by: 'lc-office', meetingId: district.id, meetingTitle: district.title, question: '性质争议' },
        },
      ]);
      step(10);
      if (chance(0.3) && conclusion !== 'not_illegal') {
        district.decide(t, 'escalate');
        emit(stream, t, 'lc-office', [
          {
            type: 'MeetingDecisionApplied',
            data: {
              caseId: c.caseId,
              by: 'lc-office',
              meetingId: district.id,
              meetingTitle: district.title,
              level: 'district',
              decision: 'escalate',
              text: '提请市联席会议',
            },
          },
        ]);
        const city = meeting('city', step(), c.caseId, 'determination');
        emit(stream, t, 'lc-office', [
          {
            type: 'EscalatedToCityMeeting',
            data: {
              caseId: c.caseId,
              by: 'lc-office',
              meetingId: city.id,
              meetingTitle: city.title,
              districtMeetingId: district.id,
              question: '性质认定',
            },
          },
        ]);
        step(10);
        city.decide(t, 'determined', conclusion);
        emit(stream, t, 'qz-office', [
          {
            type: 'MeetingDecisionApplied',
            data: {
              caseId: c.caseId,
              by: 'qz-office',
              meetingId: city.id,
              meetingTitle: city.title,
              level: 'city',
              decision: 'determined',
              conclusion,
              text: '认定',
            },
          },
          {
            type: 'DecisionReceivedFromCity',
            data: { caseId: c.caseId, meetingId: city.id, meetingTitle: city.title, office: 'lc-office', decision: 'determined', conclusion },
          },
          { type: 'NatureDetermined', data: { caseId: c.caseId, conclusion, by: 'city_meeting', decidedBy: 'qz-office', meetingId: city.id } },
        ]);
      } else {
        const decision = conclusion === 'not_illegal' ? 'not_illegal' : 'determined';
        district.decide(t, decision, conclusion === 'not_illegal' ? undefined : conclusion);
        emit(stream, t, 'lc-office', [
          {
            type: 'MeetingDecisionApplied',
            data: {
              caseId: c.caseId,
              by: 'lc-office',
              meetingId: district.id,
              meetingTitle: district.title,
              level: 'district',
              decision,
              ...(decision === 'determined' ? { conclusion } : {}),
              text: '会议决定',
            },
          },
          {
            type: 'NatureDetermined',
            data: { caseId: c.caseId, conclusion, by: 'district_meeting', decidedBy: 'lc-office', meetingId: district.id },
          },
        ]);
      }
    }
    if (conclusion === 'not_illegal') return closeOrNot();

    // Disposal: administrative measures and/or the police.
    for (const measure of ['warning_talk', 'order_rectify', 'seizure', 'supervised_refund', 'penalty'] as const) {
      if (!chance(0.3)) continue;
      const amount = measure === 'penalty' || measure === 'supervised_refund' ? { amountYuan: yuan(1_000, 2_000_000) } : {};
      emit(stream, step(), c.unit, [
        { type: 'AdministrativeMeasureTaken', data: { caseId: c.caseId, by: c.unit, measure, ...amount, text: '依法处置' } },
      ]);
    }
    if (chance(0.4)) {
      if (key || grade === 'high' || grade === 'major')
        emit(stream, step(), 'lc-office', [
          {
            type: 'StabilityRiskAssessed',
            data: { caseId: c.caseId, by: 'lc-office', level: 'medium', beforeStep: 'transfer_to_police', text: '风险可控' },
          },
        ]);
      emit(stream, step(), c.unit, [
        {
          type: 'TransferredToPolice',
          data: { caseId: c.caseId, by: c.unit, police: 'lc-police', deadline: iso(t + 30 * DAY), reason: '涉嫌非法吸收公众存款罪' },
        },
      ]);
      if (chance(0.15)) return; // awaiting the police
      if (chance(0.8)) {
        emit(stream, step(20), 'lc-police', [
          {
            type: 'TransferAcceptedByPolice',
            data: { caseId: c.caseId, police: 'lc-police', filedOn: iso(t).slice(0, 10), policeCaseNo: `J${int(1000, 9999)}` },
          },
        ]);
        if (chance(0.6))
          emit(stream, step(60), 'lc-procuratorate', [
            { type: 'ProsecutionRecorded', data: { caseId: c.caseId, by: 'lc-procuratorate', text: '提起公诉', defendants: int(1, 6) } },
          ]);
        if (chance(0.4))
          emit(stream, step(90), 'lc-court', [
            {
              type: 'JudgmentRecorded',
              data: { caseId: c.caseId, by: 'lc-court', text: '一审判决', ...(chance(0.5) ? { amountYuan: yuan(10_000, 9_000_000) } : {}) },
            },
          ]);
        for (let k = int(0, 2); k > 0; k--)
          emit(stream, step(30), 'lc-police', [
            { type: 'FundsRecovered', data: { caseId: c.caseId, by: 'lc-police', amountYuan: yuan(1_000, 3_000_000) } },
          ]);
      } else {
        emit(stream, step(20), 'lc-police', [
          { type: 'TransferDeclinedByPolice', data: { caseId: c.caseId, police: 'lc-police', reasons: ['证据不足'] } },
        ]);
      }
    }
    if (chance(0.3))
      emit(stream, step(), c.street, [
        { type: 'VictimClaimsRecorded', data: { caseId: c.caseId, by: c.street, claimants: int(1, 400), amountYuan: yuan(10_000, 9_000_000) } },
      ]);
    for (let k = chance(0.3) ? int(1, 3) : 0; k > 0; k--)
      emit(stream, step(), 'lc-letters', [
        { type: 'PetitionRecorded', data: { caseId: c.caseId, by: 'lc-letters', petitioners: int(1, 50), text: '群众来访' } },
      ]);
    if (chance(0.1)) setGrade();
    return closeOrNot();

    function closeOrNot() {
      if (chance(0.35)) return;
      if (key && chance(0.5))
        emit(stream, step(), 'lc-office', [
          { type: 'StabilityRiskAssessed', data: { caseId: c.caseId, by: 'lc-office', level: 'low', beforeStep: 'closure', text: '可以办结' } },
        ]);
      emit(stream, step(), c.unit, [{ type: 'ClosureRequested', data: { caseId: c.caseId, by: c.unit, summary: '处置完毕' } }]);
      if (chance(0.15)) {
        emit(stream, step(), 'lc-office', [{ type: 'ClosureRejected', data: { caseId: c.caseId, by: 'lc-office', reason: '清退未完成' } }]);
        emit(stream, step(), c.unit, [{ type: 'ClosureRequested', data: { caseId: c.caseId, by: c.unit, summary: '清退完成' } }]);
      }
      emit(stream, step(), 'lc-office', [
        { type: 'CaseClosed', data: { caseId: c.caseId, reason: '处置完毕', approvedBy: 'lc-office', requestedBy: c.unit, note: '同意办结' } },
      ]);
      if (chance(0.6)) emit(stream, step(), 'lc-office', [{ type: 'RiskWrittenOff', data: { caseId: c.caseId, approvedBy: 'lc-office' } }]);
      if (chance(0.08))
        emit(stream, step(), 'lc-office', [{ type: 'CaseReopened', data: { caseId: c.caseId, by: 'lc-office', reason: '发现新线索' } }]);
    }
  }

  /** A joint meeting with this one case on its agenda: scheduled, agenda, then (decide) the decision and the close. */
  function meeting(level: 'district' | 'city', at: number, caseId: string, question: 'determination' | 'escalation') {
    const id = uuid();
    const office = level === 'district' ? 'lc-office' : 'qz-office';
    const title = `${level === 'district' ? '鲤城区' : '泉州市'}防范和处置非法集资联席会议第${int(1, 40)}次会议`;
    const stream = `meeting-${id}`;
    emit(stream, at - 30 * MIN, office, [
      {
        type: 'MeetingScheduled',
        data: {
          meetingId: id,
          level,
          kind: 'full',
          scheduledFor: iso(at + 2 * DAY),
          title,
          office,
          jurisdiction: level === 'district' ? '350502' : '350500',
        },
      },
    ]);
    emit(stream, at + 1000, office, [{ type: 'CasePutOnAgenda', data: { meetingId: id, office, caseId, question, source: 'referral' } }]);
    return {
      id,
      title,
      decide(time: number, decision: string, conclusion?: string) {
        const decidedBy = {
          user: `${office}-convener`,
          agency: office,
          agencyKind: 'office',
          level,
          jurisdiction: level === 'district' ? '350502' : '350500',
          roles: ['convener'],
        };
        emit(stream, time - 1000, office, [
          {
            type: 'MeetingDecisionRecorded',
            data: { meetingId: id, level, office, caseId, question, decision, ...(conclusion ? { conclusion } : {}), text: '会议决定', decidedBy },
          },
        ]);
        emit(stream, time + 60 * MIN, office, [{ type: 'MeetingClosed', data: { meetingId: id } }]);
      },
    };
  }

  pending.sort((a, b) => a.time - b.time || a.order - b.order);
  return pending.map((p) => p.append);
}

/** Appends the scenario to a store in order (each append with its exact expected version). */
export async function appendScenario(store: EventStore, appends: readonly ScenarioAppend[]): Promise<number> {
  let events = 0;
  for (const append of appends) {
    await store.append(append.streamId, append.events, append.expectedVersion);
    events += append.events.length;
  }
  return events;
}

export function countEvents(appends: readonly ScenarioAppend[]): number {
  return appends.reduce((n, a) => n + a.events.length, 0);
}

/** The appends as a store would return them (versions and positions assigned; no hashes), for pure tests without a store. */
export function storedEventsOf(appends: readonly ScenarioAppend[]): StoredEvent[] {
  const versions = new Map<string, number>();
  const out: StoredEvent[] = [];
  for (const append of appends) {
    for (const event of append.events) {
      const version = (versions.get(append.streamId) ?? -1) + 1;
      versions.set(append.streamId, version);
      out.push({ ...event, streamId: append.streamId, streamVersion: version, position: out.length + 1, prevHash: '', hash: '', hashAlg: 'SM3' });
    }
  }
  return out;
}
