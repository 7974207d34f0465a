/**
 * The ledgers' pure projections, given events then rows: the lead ledger
 * from its two streams in any interleaving, redeliveries changing nothing,
 * the risk ledger's sums and regions over the shared case evolve, the facts
 * and their China-time months, the access log; and over a whole generated
 * scenario, the same tables whatever the order across streams.
 */
import type { StoredEvent } from '@jm/event-sourcing';
import { accessLogRowOf } from '../../services/reporting/src/ledgers/access-log.projection';
import { FACT_KIND_CODES, FACT_KINDS } from '../../services/reporting/src/ledgers/fact-kinds';
import { evolveLeadLedger } from '../../services/reporting/src/ledgers/lead-ledger.projection';
import { LedgerChanges, LedgerFold } from '../../services/reporting/src/ledgers/ledger.projector';
import { chinaMonthOf, factsOf } from '../../services/reporting/src/ledgers/report-facts.projection';
import { evolveRiskLedger } from '../../services/reporting/src/ledgers/risk-ledger.projection';
import type { LeadLedgerRow, RiskLedgerRow } from '../../services/reporting/src/read-model/read-model.tables';
import { generateScenario, seededRandom, storedEventsOf } from './support/reporting-scenario';

let position = 0;
const versions = new Map<string, number>();
function stored(streamId: string, type: string, data: unknown, time: string, agency = 'lc-office'): StoredEvent {
  const version = (versions.get(streamId) ?? -1) + 1;
  versions.set(streamId, version);
  position++;
  const id = `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`;
  return {
    id,
    type,
    schemaVersion: 1,
    data,
    time,
    correlationId: id,
    causationId: id,
    actor: { agency, user: 'u' },
    streamId,
    streamVersion: version,
    position,
    prevHash: '',
    hash: '',
    hashAlg: 'SM3',
  };
}

const fold = <Row>(evolve: (row: Row | undefined, e: StoredEvent) => Row | undefined, events: StoredEvent[]): Row | undefined =>
  events.reduce<Row | undefined>((row, e) => evolve(row, e), undefined);

/** Random interleavings of several ordered streams (each stream keeps its order). */
function interleave(streams: StoredEvent[][], rnd: () => number): StoredEvent[] {
  const queues = streams.map((s) => [...s]);
  const out: StoredEvent[] = [];
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    out.push(open[Math.floor(rnd() * open.length)].shift()!);
  }
  return out;
}

const summary = (leadId: string) => ({
  leadId,
  receiptNo: 'R00000001',
  title: '某养老公寓以预售床位名义吸收资金',
  category: 'illegal_fundraising',
  field: 'pension',
  source: 'grid_worker',
  channel: 'agency_system',
  jurisdiction: '350502',
  street: 'lc-st-haibin',
  receivedBy: 'lc-st-haibin',
  receivedAt: '2026-03-01T02:00:00.000Z',
  subjects: [
    { kind: 'company', name: '泉州某某养老服务有限公司', creditCode: '91350502MA2XXXXX1X' },
    { kind: 'person', name: '王某某' },
    { kind: 'phone', phone: '13800000000' },
    { kind: 'account', account: '6222000011112222' },
    { kind: 'company', name: '某某投资咨询有限公司' },
  ],
  matchKeys: [],
  amountYuan: '1500000.50',
  participants: 120,
  major: false,
});

function leadStreams(leadId = 'l-1') {
  versions.delete(`lead-${leadId}`);
  versions.delete(`routing-${leadId}`);
  const s = summary(leadId);
  const lead = [
    stored(
      `lead-${leadId}`,
      'LeadReceived',
      {
        ...s,
        anonymous: false,
        informant: { keyId: 'k', iv: 'x', ciphertext: 'y', tag: 'z' },
        description: '举报人称…',
        evidence: [],
        office: 'lc-office',
        reportDeadline: '2026-03-02T02:00:00.000Z',
      },
      '2026-03-01T02:00:00.000Z',
      'lc-st-haibin',
    ),
    stored(
      `lead-${leadId}`,
      'LeadReportedToOffice',
      {
        leadId,
        office: 'lc-office',
        reportedBy: 'lc-st-haibin',
        reportedAt: '2026-03-01T03:00:00.000Z',
        deadline: '2026-03-02T02:00:00.000Z',
        summary: s,
      },
      '2026-03-01T03:00:00.000Z',
      'lc-st-haibin',
    ),
    stored(`lead-${leadId}`, 'LeadLinkConfirmed', { leadId, target: { kind: 'lead', id: 'l-0' } }, '2026-03-02T01:00:00.000Z'),
    stored(`lead-${leadId}`, 'LeadLinkConfirmed', { leadId, target: { kind: 'case', id: 'c-0' } }, '2026-03-02T01:10:00.000Z'),
    stored(`lead-${leadId}`, 'LeadLinkUndone', { leadId, target: { kind: 'lead', id: 'l-0' }, reason: '不是同一主体' }, '2026-03-02T01:20:00.000Z'),
  ];
  const routing = [
    stored(`routing-${leadId}`, 'TriageOpened', { leadId, office: 'lc-office', summary: s }, '2026-03-01T03:00:01.000Z'),
    stored(
      `routing-${leadId}`,
      'LeadRouted',
      { leadId, unit: 'lc-social-affairs', street: 'lc-st-haibin', rule: 'field:pension', deadline: '2026-03-16T03:00:00.000Z' },
      '2026-03-01T05:00:00.000Z',
    ),
    stored(
      `routing-${leadId}`,
      'VerificationStarted',
      { leadId, unit: 'lc-social-affairs', startedAt: '2026-03-02T00:00:00.000Z' },
      '2026-03-02T00:00:00.000Z',
      'lc-social-affairs',
    ),
    stored(
      `routing-${leadId}`,
      'LeadFounded',
      { leadId, unit: 'lc-social-affairs', caseId: 'c-1', actor: {} },
      '2026-03-05T00:00:00.000Z',
      'lc-social-affairs',
    ),
  ];
  return { lead, routing };
}

describe('lead ledger projection', () => {
  it('given a lead received, reported, linked, routed, verified and founded, then the row has both parts and no personal data', () => {
    const { lead, routing } = leadStreams();
    const row = fold(evolveLeadLedger, [...lead, ...routing])!;
    expect(row).toMatchObject<Partial<LeadLedgerRow>>({
      leadId: 'l-1',
      receiptNo: 'R00000001',
      category: 'illegal_fundraising',
      field: 'pension',
      street: 'lc-st-haibin',
      receivedBy: 'lc-st-haibin',
      amountFen: 150000050,
      participants: 120,
      companies: '泉州某某养老服务有限公司、某某投资咨询有限公司',
      reportedAt: '2026-03-01T03:00:00.000Z',
      intakeStatus: 'reported',
      triageStatus: 'founded',
      status: 'founded',
      unit: 'lc-social-affairs',
      routingRule: 'field:pension',
      routedAt: '2026-03-01T05:00:00.000Z',
      verificationDeadline: '2026-03-16T03:00:00.000Z',
      feedbackAt: '2026-03-05T00:00:00.000Z',
      caseId: 'c-1',
      confirmedLinks: 1,
      confirmedLinkTargets: 'case:c-0',
      lastEventType: 'LeadFounded',
      leadVersion: 4,
      routingVersion: 3,
    });
    const text = JSON.stringify(row);
    for (const personal of ['王某某', '13800000000', '6222000011112222', '举报人', 'ciphertext']) expect(text).not.toContain(personal);
  });

  it('given only part of the streams, then the status follows what is known', () => {
    const { lead, routing } = leadStreams();
    expect(fold(evolveLeadLedger, lead.slice(0, 1))!.status).toBe('received');
    expect(fold(evolveLeadLedger, lead.slice(0, 2))!.status).toBe('reported');
    expect(fold(evolveLeadLedger, routing.slice(0, 1))!).toMatchObject({ status: 'triaged', title: null, leadVersion: -1, routingVersion: 0 });
    expect(fold(evolveLeadLedger, [...lead.slice(0, 2), ...routing.slice(0, 2)])!.status).toBe('routed');
  });

  it('given the two streams in any interleaving, then the row is identical', () => {
    const { lead, routing } = leadStreams();
    const expected = fold(evolveLeadLedger, [...lead, ...routing]);
    const rnd = seededRandom(7);
    for (let i = 0; i < 50; i++) expect(fold(evolveLeadLedger, interleave([lead, routing], rnd))).toEqual(expected);
    expect(fold(evolveLeadLedger, [...routing, ...lead])).toEqual(expected);
  });

  it('given any event delivered again, later or at once, then nothing changes', () => {
    const { lead, routing } = leadStreams();
    const events = [...lead, ...routing];
    const expected = fold(evolveLeadLedger, events);
    events.forEach((redelivered, i) => {
      const withRepeat = [...events.slice(0, i + 1), redelivered, ...events.slice(i + 1), redelivered];
      expect(fold(evolveLeadLedger, withRepeat)).toEqual(expected);
    });
  });
});

describe('risk ledger projection', () => {
  const caseEvents = () => {
    const s = `case-c-1`;
    versions.delete(s);
    const at = (d: number) => new Date(Date.parse('2026-03-05T00:00:00.000Z') + d * 86400000).toISOString();
    return [
      stored(
        s,
        'CaseOpened',
        {
          caseId: 'c-1',
          caseNo: 'CASE-1',
          title: '养老诈骗',
          leadIds: ['l-1'],
          category: 'illegal_fundraising',
          field: 'pension',
          jurisdiction: '350502',
          street: 'lc-st-haibin',
          office: 'lc-office',
          leadUnit: 'lc-social-affairs',
          cooperatingUnits: ['lc-market'],
          subjects: [
            { kind: 'company', name: '泉州某某养老服务有限公司', region: '440300' },
            { kind: 'company', name: '同城公司', region: '350500' },
            { kind: 'person', name: '王某某', region: '330100' },
          ],
          matchKeys: [],
          amountYuan: '1500000.00',
          participants: 120,
          by: 'lc-social-affairs',
        },
        at(0),
      ),
      stored(s, 'KeyCaseFlagSet', { caseId: 'c-1', by: 'lc-office', flag: 'cross_region', reason: 'x', automatic: true }, at(0)),
      stored(s, 'RiskGradeChanged', { caseId: 'c-1', by: 'lc-office', to: 'high', reason: 'x' }, at(1)),
      stored(
        s,
        'JointInvestigationTeamFormed',
        { caseId: 'c-1', by: 'lc-office', leader: 'lc-social-affairs', members: ['lc-police', 'lc-finance'] },
        at(2),
      ),
      stored(s, 'FindingRecorded', { caseId: 'c-1', by: 'lc-social-affairs', text: 'x', amountYuan: '2000000.00', participants: 300 }, at(3)),
      stored(
        s,
        'FundsMonitoringRequested',
        { caseId: 'c-1', by: 'lc-social-affairs', requestId: 'r1', to: 'qz-pbc', measure: 'freeze', accounts: ['a'] },
        at(4),
      ),
      stored(
        s,
        'FundsMonitoringAnswered',
        { caseId: 'c-1', by: 'qz-pbc', requestId: 'r1', outcome: 'frozen', frozenAmountYuan: '300000.00', note: 'x' },
        at(5),
      ),
      stored(s, 'DeterminationRequested', { caseId: 'c-1', by: 'lc-social-affairs', authority: 'lc-finance' }, at(6)),
      stored(
        s,
        'DeterminationOpinionIssued',
        { caseId: 'c-1', authority: 'lc-finance', conclusion: 'illegal_fundraising', disputed: false, text: 'x' },
        at(7),
      ),
      stored(s, 'NatureDetermined', { caseId: 'c-1', conclusion: 'illegal_fundraising', by: 'authority', decidedBy: 'lc-finance' }, at(8)),
      stored(s, 'AdministrativeMeasureTaken', { caseId: 'c-1', by: 'lc-market', measure: 'penalty', amountYuan: '50000.00', text: 'x' }, at(9)),
      stored(
        s,
        'AdministrativeMeasureTaken',
        { caseId: 'c-1', by: 'lc-market', measure: 'supervised_refund', amountYuan: '100000.10', text: 'x' },
        at(10),
      ),
      stored(s, 'TransferredToPolice', { caseId: 'c-1', by: 'lc-social-affairs', police: 'fz-police', deadline: at(40), reason: 'x' }, at(11)),
      stored(s, 'TransferAcceptedByPolice', { caseId: 'c-1', police: 'fz-police', filedOn: '2026-03-20' }, at(12)),
      stored(s, 'FundsRecovered', { caseId: 'c-1', by: 'fz-police', amountYuan: '20000.00' }, at(13)),
      stored(s, 'FundsRecovered', { caseId: 'c-1', by: 'fz-police', amountYuan: '0.05' }, at(14)),
      stored(s, 'VictimClaimsRecorded', { caseId: 'c-1', by: 'lc-st-haibin', claimants: 40, amountYuan: '900000.00' }, at(15)),
      stored(s, 'PetitionRecorded', { caseId: 'c-1', by: 'lc-letters', petitioners: 12, text: 'x' }, at(16)),
      stored(s, 'PetitionRecorded', { caseId: 'c-1', by: 'lc-letters', petitioners: 3, text: 'x' }, at(17)),
      stored(
        s,
        'CrossRegionPartyNotified',
        { caseId: 'c-1', caseNo: 'CASE-1', region: '440300', party: { kind: 'company', name: 'x' }, message: 'x', from: 'lc-office' },
        at(18),
      ),
    ];
  };

  it('given a case through its lifecycle, then the sums, units, regions and derived columns follow', () => {
    const row = fold(evolveRiskLedger, caseEvents())!;
    expect(row).toMatchObject<Partial<RiskLedgerRow>>({
      caseId: 'c-1',
      status: 'in_criminal_proceedings',
      amountInvolvedFen: 200000000,
      amountFrozenFen: 30000000,
      amountFinedFen: 5000000,
      amountRefundedFen: 10000010,
      amountRecoveredFen: 2000005,
      amountClaimedFen: 90000000,
      participants: 300,
      claimants: 40,
      petitions: 2,
      petitioners: 15,
      riskGrade: 'high',
      keyFlags: 'cross_region',
      keyCase: true,
      nature: 'illegal_fundraising',
      determinedBy: 'authority',
      transferStatus: 'accepted',
      police: 'fz-police',
      policeFiledOn: '2026-03-20',
      crossRegions: '330100,440300',
      crossProvince: true,
      units: ',fz-police,lc-finance,lc-market,lc-police,lc-social-affairs,lc-st-haibin,',
      companies: '泉州某某养老服务有限公司、同城公司',
      leadCount: 1,
      version: 19,
      lastEventType: 'CrossRegionPartyNotified',
    });
    expect(JSON.parse(row.state)).toMatchObject({ status: 'in_criminal_proceedings', facts: { police: 'fz-police' } });
  });

  it('given closure, write-off and reopening, then the dates follow and a redelivery changes nothing', () => {
    const events = caseEvents();
    const s = 'case-c-1';
    events.push(
      stored(s, 'ClosureRequested', { caseId: 'c-1', by: 'lc-social-affairs', summary: 'x' }, '2026-05-01T00:00:00.000Z'),
      stored(
        s,
        'CaseClosed',
        { caseId: 'c-1', reason: 'x', approvedBy: 'lc-office', requestedBy: 'lc-social-affairs', note: 'x' },
        '2026-05-02T00:00:00.000Z',
      ),
      stored(s, 'RiskWrittenOff', { caseId: 'c-1', approvedBy: 'lc-office' }, '2026-05-03T00:00:00.000Z'),
    );
    const closed = fold(evolveRiskLedger, events)!;
    expect(closed).toMatchObject({
      status: 'closed',
      writtenOff: true,
      closedAt: '2026-05-02T00:00:00.000Z',
      writtenOffAt: '2026-05-03T00:00:00.000Z',
    });
    expect(evolveRiskLedger(closed, events[10])).toBe(closed);
    expect(fold(evolveRiskLedger, [...events, ...events])).toEqual(closed);
    const reopened = evolveRiskLedger(
      closed,
      stored(s, 'CaseReopened', { caseId: 'c-1', by: 'lc-office', reason: 'x' }, '2026-06-01T00:00:00.000Z'),
    )!;
    expect(reopened).toMatchObject({ status: 'investigating', writtenOff: false, closedAt: null, writtenOffAt: null, nature: 'illegal_fundraising' });
  });

  it('given events of a case never opened, then there is no row', () => {
    expect(
      evolveRiskLedger(
        undefined,
        stored('case-c-9', 'PetitionRecorded', { caseId: 'c-9', by: 'x', petitioners: 1, text: 'x' }, '2026-03-01T00:00:00.000Z'),
      ),
    ).toBeUndefined();
  });
});

describe('facts and access log', () => {
  it('given an instant near midnight UTC, then the month is China time', () => {
    expect(chinaMonthOf('2026-01-31T15:59:59.999Z')).toBe('2026-01');
    expect(chinaMonthOf('2026-01-31T16:00:00.000Z')).toBe('2026-02');
    expect(chinaMonthOf('2026-12-31T16:30:00.000Z')).toBe('2027-01');
  });

  it('given intake events, then lead_received carries the source and first receiver, lead_reported its timeliness', () => {
    const { lead } = leadStreams('l-7');
    expect(factsOf(lead[0])).toEqual([
      {
        eventId: lead[0].id,
        kind: 'lead_received',
        subjectType: 'lead',
        subjectId: 'l-7',
        unit: 'lc-st-haibin',
        jurisdiction: null,
        occurredAt: lead[0].time,
        month: '2026-03',
        detail: 'grid_worker',
        amountFen: 150000050,
        quantity: 120,
      },
    ]);
    expect(factsOf(lead[1])[0]).toMatchObject({ kind: 'lead_reported', detail: 'on_time' });
    const late = stored(
      'lead-l-8',
      'LeadReportedToOffice',
      {
        leadId: 'l-8',
        office: 'lc-office',
        reportedBy: 'lc-market',
        reportedAt: '2026-03-04T00:00:00.000Z',
        deadline: '2026-03-02T00:00:00.000Z',
        summary: summary('l-8'),
      },
      '2026-03-04T00:00:00.000Z',
    );
    expect(factsOf(late)[0]).toMatchObject({ kind: 'lead_reported', detail: 'late', unit: 'lc-market' });
    expect(factsOf(lead[2])).toEqual([]);
  });

  it('given case and meeting events, then the kinds and figures are the documented ones', () => {
    const events = [
      stored(
        'case-c-2',
        'AdministrativeMeasureTaken',
        { caseId: 'c-2', by: 'lc-market', measure: 'penalty', amountYuan: '1.50', text: 'x' },
        '2026-04-01T00:00:00.000Z',
      ),
      stored(
        'case-c-2',
        'FundsMonitoringAnswered',
        { caseId: 'c-2', by: 'qz-pbc', requestId: 'r', outcome: 'monitoring', note: 'x' },
        '2026-04-01T00:00:00.000Z',
      ),
      stored(
        'case-c-2',
        'DeterminationOpinionIssued',
        { caseId: 'c-2', authority: 'lc-finance', conclusion: 'not_illegal', disputed: false, text: 'x' },
        '2026-04-01T00:00:00.000Z',
      ),
      stored(
        'meeting-m-1',
        'MeetingScheduled',
        {
          meetingId: 'm-1',
          level: 'city',
          kind: 'full',
          scheduledFor: '2026-04-30T17:00:00.000Z',
          title: 't',
          office: 'qz-office',
          jurisdiction: '350500',
        },
        '2026-04-20T00:00:00.000Z',
      ),
    ];
    const facts = events.flatMap((e) => factsOf(e));
    expect(facts.map((f) => [f.kind, f.unit, f.detail, f.amountFen, f.jurisdiction, f.month])).toEqual([
      ['measure_taken', 'lc-market', 'penalty', 150, null, '2026-04'],
      ['determination_issued', 'lc-finance', 'not_illegal', null, null, '2026-04'],
      ['meeting_held', 'qz-office', 'city', null, '350500', '2026-05'],
    ]);
    for (const fact of facts) expect(FACT_KIND_CODES).toContain(fact.kind);
    for (const code of FACT_KIND_CODES) expect(FACT_KINDS[code]['zh-CN'].length).toBeGreaterThan(0);
  });

  it('given a RecordAccessed event, then one access row; other events none', () => {
    const e = stored(
      'access-case-c-1',
      'RecordAccessed',
      {
        resourceType: 'case',
        resourceId: 'c-1',
        agency: 'lc-market',
        user: 'u1',
        roles: ['unit_officer'],
        fields: ['summary', 'timeline'],
        granted: false,
      },
      '2026-03-01T00:00:00.000Z',
    );
    expect(accessLogRowOf(e)).toEqual({
      eventId: e.id,
      streamId: 'access-case-c-1',
      resourceType: 'case',
      resourceId: 'c-1',
      agency: 'lc-market',
      userId: 'u1',
      roles: 'unit_officer',
      fields: 'summary,timeline',
      purpose: null,
      granted: false,
      at: e.time,
    });
    expect(accessLogRowOf(leadStreams('l-9').lead[0])).toBeUndefined();
  });
});

describe('the fold over a generated scenario', () => {
  const sorted = (changes: LedgerChanges) => ({
    leads: [...changes.leads].sort((a, b) => a.leadId.localeCompare(b.leadId)),
    risks: [...changes.risks].sort((a, b) => a.caseId.localeCompare(b.caseId)),
    facts: [...changes.facts].sort((a, b) => a.eventId.localeCompare(b.eventId)),
    access: [...changes.access].sort((a, b) => a.eventId.localeCompare(b.eventId)),
  });
  const foldAll = (events: StoredEvent[]) => {
    const f = new LedgerFold();
    for (const e of events) f.apply(e);
    return sorted(f.takeChanges());
  };

  it('given the streams interleaved differently (each in its own order), then every table is identical', () => {
    const events = storedEventsOf(generateScenario({ seed: 11, leads: 150 }));
    const byStream = new Map<string, StoredEvent[]>();
    for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
    const expected = foldAll(events);
    expect(expected.leads.length).toBe(150);
    expect(expected.risks.length).toBeGreaterThan(10);
    expect(new Set(expected.facts.map((f) => f.kind)).size).toBeGreaterThan(20);
    const shuffled = interleave([...byStream.values()], seededRandom(3));
    expect(shuffled.map((e) => e.id)).not.toEqual(events.map((e) => e.id));
    expect(foldAll(shuffled)).toEqual(expected);
  });

  it('given rows handed out before, then takeSettled and takeChanges put the fresh ones first and count them (the rebuild inserts those, upserts the rest)', () => {
    const events = storedEventsOf(generateScenario({ seed: 12, leads: 120 }));
    const half = Math.floor(events.length / 2);
    const f = new LedgerFold();
    for (const e of events.slice(0, half)) f.apply(e);
    const settled = f.takeSettled(Math.floor(half / 4));
    // Nothing handed out before: all fresh.
    expect(settled.leads.length).toBeGreaterThan(10);
    expect(settled.freshLeads).toBe(settled.leads.length);
    expect(settled.freshRisks).toBe(settled.risks.length);
    const first = f.takeChanges();
    expect(first.freshLeads).toBe(first.leads.length);
    expect(first.freshRisks).toBe(first.risks.length);
    const before = new Set([...settled.leads, ...first.leads].map((r) => r.leadId));
    const beforeCases = new Set([...settled.risks, ...first.risks].map((r) => r.caseId));
    for (const e of events.slice(half)) f.apply(e);
    const rest = f.takeChanges();
    const freshIds = rest.leads.slice(0, rest.freshLeads).map((r) => r.leadId);
    const againIds = rest.leads.slice(rest.freshLeads).map((r) => r.leadId);
    expect(freshIds.length).toBeGreaterThan(0);
    expect(againIds.length).toBeGreaterThan(0);
    expect(freshIds.filter((id) => before.has(id))).toEqual([]);
    expect(againIds.filter((id) => !before.has(id))).toEqual([]);
    expect(rest.risks.slice(0, rest.freshRisks).filter((r) => beforeCases.has(r.caseId))).toEqual([]);
    expect(rest.risks.slice(rest.freshRisks).filter((r) => !beforeCases.has(r.caseId))).toEqual([]);
    expect(rest.risks.length - rest.freshRisks).toBeGreaterThan(0);
    // Every row once more: none is fresh now.
    expect(f.takeChanges()).toMatchObject({ leads: [], risks: [], freshLeads: 0, freshRisks: 0 });
  });

  it('given the same seed, then the same history (ids included); another seed, another', () => {
    const a = generateScenario({ seed: 5, leads: 30 });
    expect(generateScenario({ seed: 5, leads: 30 })).toEqual(a);
    expect(generateScenario({ seed: 6, leads: 30 })).not.toEqual(a);
  });
});
