/** The to-do fold: given contract events, then these items (open or closed) and these hand-offs. */
import { caseOpenedData } from '../testing/worklist.fixtures';
import { emptyWorklist, evolveWorklist, Handoff, TodoItem, WorklistEvent, WorklistState } from './worklist.evolve';

const T = (minute: number) => new Date(Date.UTC(2026, 2, 2, 2, minute)).toISOString();

let position = 0;
/** An event as the bus delivers it; the id and position follow the order of writing. */
function ev(streamId: string, type: string, data: Record<string, unknown>, agency = 'lc-office', user = 'zhang'): WorklistEvent {
  position += 1;
  return { id: `e${position}`, type, data, time: T(position), streamId, position, actor: { agency, user } };
}

function fold(events: WorklistEvent[], state: WorklistState = emptyWorklist()): { state: WorklistState; handoffs: Handoff[] } {
  const handoffs: Handoff[] = [];
  for (const e of events) {
    const next = evolveWorklist(state, e);
    state = next.state;
    handoffs.push(...next.handoffs);
  }
  return { state, handoffs };
}

const items = (s: WorklistState) => [...s.items.values()];
const brief = (i: TodoItem) => `${i.kind} ${i.unit} ${i.subjectId} ${i.state}${i.closedBy ? ` by ${i.closedBy}` : ''}`;

const caseOpened = (caseId: string) => ev(`case-${caseId}`, 'CaseOpened', caseOpenedData(caseId));

describe('to-do fold', () => {
  beforeEach(() => {
    position = 0;
  });

  it('given a triaged lead, when it is routed then founded, then its verification item opens for the unit with the receipt number and closes by the finding', () => {
    const triage = ev('routing-L1', 'TriageOpened', {
      leadId: 'L1',
      office: 'lc-office',
      summary: { leadId: 'L1', receiptNo: 'R-2026-0001', title: '理财诈骗' },
    });
    const routed = ev('routing-L1', 'LeadRouted', { leadId: 'L1', unit: 'lc-market', rule: 'manual', deadline: T(99) });
    const opened = fold([triage, routed]);
    expect(items(opened.state)).toMatchObject([
      {
        kind: 'lead_verification',
        unit: 'lc-market',
        subjectKind: 'lead',
        subjectId: 'L1',
        subjectNo: 'R-2026-0001',
        subjectTitle: '理财诈骗',
        policyId: 'routed-lead-feedback',
        handedBy: 'lc-office',
        handedByUser: 'zhang',
        handedAt: routed.time,
        state: 'open',
      },
    ]);
    expect(opened.handoffs).toEqual([
      {
        template: 'handoff_lead_routed',
        to: 'lc-market',
        subjectKind: 'lead',
        subjectId: 'L1',
        subjectNo: 'R-2026-0001',
        subjectTitle: '理财诈骗',
        from: 'lc-office',
      },
    ]);
    const founded = ev('routing-L1', 'LeadFounded', { leadId: 'L1', unit: 'lc-market', caseId: 'C1' }, 'lc-market');
    const closed = fold([founded], opened.state);
    expect(items(closed.state).map(brief)).toEqual(['lead_verification lc-market L1 closed by LeadFounded']);
    expect(items(closed.state)[0]).toMatchObject({ closedAt: founded.time, closedByAgency: 'lc-market' });
    expect(closed.handoffs).toEqual([]);
  });

  it('given a lead routed again to another unit, then the first item closes and the second opens; referring it up closes that one', () => {
    const { state } = fold([
      ev('routing-L2', 'LeadRouted', { leadId: 'L2', unit: 'lc-market', rule: 'manual', deadline: T(99) }),
      ev('routing-L2', 'LeadRouted', { leadId: 'L2', unit: 'lc-finance', rule: 'manual', deadline: T(99) }),
      ev('routing-L2', 'LeadReferredUp', { leadId: 'L2', from: 'lc-office', to: 'qz-office', reason: '跨区' }),
    ]);
    expect(items(state).map(brief)).toEqual([
      'lead_verification lc-market L2 closed by LeadRouted',
      'lead_verification lc-finance L2 closed by LeadReferredUp',
    ]);
  });

  it('given a case, when a determination is asked and answered, then the authority has the item until its opinion', () => {
    const { state, handoffs } = fold([
      caseOpened('C1'),
      ev('case-C1', 'DeterminationRequested', { caseId: 'C1', by: 'lc-office', authority: 'lc-finance' }),
    ]);
    expect(items(state)).toMatchObject([
      { kind: 'determination', unit: 'lc-finance', subjectNo: 'CASE-350502-2026-C1', policyId: 'nature-determination', state: 'open' },
    ]);
    expect(handoffs).toMatchObject([{ template: 'handoff_determination_requested', to: 'lc-finance', subjectNo: 'CASE-350502-2026-C1' }]);
    const answered = fold(
      [
        ev(
          'case-C1',
          'DeterminationOpinionIssued',
          { caseId: 'C1', authority: 'lc-finance', conclusion: 'illegal_fundraising', disputed: false, text: '' },
          'lc-finance',
        ),
      ],
      state,
    );
    expect(items(answered.state).map(brief)).toEqual(['determination lc-finance C1 closed by DeterminationOpinionIssued']);
  });

  it('given a transfer declined by one police unit and made again to another, then each transfer has its own item, the office decides in between, and each answer closes only its own', () => {
    const { state, handoffs } = fold([
      caseOpened('C2'),
      ev('case-C2', 'TransferredToPolice', { caseId: 'C2', by: 'lc-office', police: 'lc-police', deadline: T(99), reason: '涉嫌非吸' }),
      ev('case-C2', 'TransferDeclinedByPolice', { caseId: 'C2', police: 'lc-police', reasons: ['证据不足', '管辖不明'] }, 'lc-police'),
      ev('case-C2', 'TransferredToPolice', { caseId: 'C2', by: 'lc-office', police: 'qz-police', deadline: T(99), reason: '再次移送' }),
      ev('case-C2', 'TransferAcceptedByPolice', { caseId: 'C2', police: 'qz-police', filedOn: '2026-03-03' }, 'qz-police'),
    ]);
    expect(items(state).map(brief)).toEqual([
      'police_answer lc-police C2 closed by TransferDeclinedByPolice',
      'declined_transfer lc-office C2 closed by TransferredToPolice',
      'police_answer qz-police C2 closed by TransferAcceptedByPolice',
    ]);
    expect(items(state)[1]).toMatchObject({ role: 'office_officer', policyId: 'police-decline-next-step', handedBy: 'lc-police' });
    expect(handoffs.map((h) => `${h.template} → ${h.to}`)).toEqual([
      'handoff_transferred_to_police → lc-police',
      'handoff_police_declined → lc-office',
      'handoff_transferred_to_police → qz-police',
    ]);
    expect(handoffs[1]).toMatchObject({ from: 'lc-police', note: '证据不足；管辖不明' });
  });

  it('given a case put on the district agenda, escalated to the city and decided there, then the conveners, the city office and the district office each get their item and notice in turn, and closure closes the rest', () => {
    const { state, handoffs } = fold([
      caseOpened('C3'),
      ev('meeting-M1', 'MeetingScheduled', {
        meetingId: 'M1',
        level: 'district',
        kind: 'full',
        scheduledFor: T(50),
        title: '区联席会议第3次',
        office: 'lc-office',
        jurisdiction: '350502',
      }),
      ev(
        'meeting-M2',
        'MeetingScheduled',
        { meetingId: 'M2', level: 'city', kind: 'full', scheduledFor: T(80), title: '市联席会议第1次', office: 'qz-office', jurisdiction: '350500' },
        'qz-office',
      ),
      ev('case-C3', 'ReferredToDistrictMeeting', { caseId: 'C3', by: 'lc-market', meetingId: 'M1', question: 'determination' }, 'lc-market'),
      ev(
        'meeting-M1',
        'CasePutOnAgenda',
        { meetingId: 'M1', office: 'lc-office', caseId: 'C3', question: 'determination', source: 'referral' },
        'lc-market',
      ),
      ev('meeting-M1', 'MeetingDecisionRecorded', {
        meetingId: 'M1',
        level: 'district',
        office: 'lc-office',
        caseId: 'C3',
        question: 'determination',
        decision: 'escalate',
        text: '',
      }),
      ev('case-C3', 'EscalatedToCityMeeting', { caseId: 'C3', by: 'lc-office', meetingId: 'M2', districtMeetingId: 'M1', question: 'escalation' }),
      ev(
        'meeting-M2',
        'CasePutOnAgenda',
        { meetingId: 'M2', office: 'qz-office', caseId: 'C3', question: 'escalation', source: 'referral' },
        'lc-office',
      ),
      ev(
        'meeting-M2',
        'MeetingDecisionRecorded',
        { meetingId: 'M2', level: 'city', office: 'qz-office', caseId: 'C3', question: 'escalation', decision: 'determined', text: '' },
        'qz-office',
      ),
      ev('case-C3', 'DecisionReceivedFromCity', { caseId: 'C3', meetingId: 'M2', office: 'lc-office', decision: 'determined' }, 'qz-office'),
      ev('case-C3', 'ClosureRequested', { caseId: 'C3', by: 'lc-market', summary: '办结' }, 'lc-market'),
      ev('case-C3', 'ClosureRejected', { caseId: 'C3', by: 'lc-office', reason: '资金清退未完成' }),
      ev('case-C3', 'ClosureRequested', { caseId: 'C3', by: 'lc-market', summary: '办结' }, 'lc-market'),
      ev('case-C3', 'CaseClosed', { caseId: 'C3', reason: '办结', approvedBy: 'lc-office', requestedBy: 'lc-market', note: '' }),
    ]);
    expect(items(state).map(brief)).toEqual([
      'meeting_decision lc-office C3 closed by MeetingDecisionRecorded',
      'meeting_decision qz-office C3 closed by MeetingDecisionRecorded',
      'city_decision_action lc-office C3 closed by ClosureRequested',
      'closure_approval lc-office C3 closed by ClosureRejected',
      'closure_approval lc-office C3 closed by CaseClosed',
    ]);
    expect(items(state)[0]).toMatchObject({ role: 'convener', meetingId: 'M1', subjectNo: 'CASE-350502-2026-C3' });
    expect(handoffs.map((h) => `${h.template} → ${h.to}`)).toEqual([
      'handoff_put_on_agenda → lc-office',
      'handoff_escalated_to_city → qz-office',
      'handoff_put_on_agenda → qz-office',
      'handoff_decision_received → lc-office',
      'handoff_closure_refused → lc-market',
      'handoff_closure_approved → lc-market',
    ]);
    expect(handoffs[1]).toMatchObject({ meetingTitle: '市联席会议第1次' });
    expect(handoffs[3]).toMatchObject({ from: 'qz-office', note: 'determined', meetingTitle: '市联席会议第1次' });
    expect(handoffs[4]).toMatchObject({ note: '资金清退未完成', from: 'lc-office' });
  });

  it('a meeting that closes leaves no case of its agenda waiting; a case closed by the office closes every item of the case', () => {
    const { state } = fold([
      caseOpened('C4'),
      ev('meeting-M3', 'CasePutOnAgenda', { meetingId: 'M3', office: 'lc-office', caseId: 'C4', question: 'disposal', source: 'manual' }),
      ev('meeting-M3', 'MeetingClosed', { meetingId: 'M3' }),
      ev('case-C4', 'DeterminationRequested', { caseId: 'C4', by: 'lc-office', authority: 'lc-finance' }),
      ev('case-C4', 'CaseClosed', { caseId: 'C4', reason: '撤案', approvedBy: 'lc-office', requestedBy: 'lc-office', note: '' }),
    ]);
    expect(items(state).map(brief)).toEqual([
      'meeting_decision lc-office C4 closed by MeetingClosed',
      'determination lc-finance C4 closed by CaseClosed',
    ]);
  });

  it('an obligation is due for its unit until submitted, with its own policy', () => {
    const { state } = fold([
      ev('obligation-monthly_risk_ledger.lc-st-haibin.2026-03', 'ObligationDue', {
        obligationId: 'monthly_risk_ledger.lc-st-haibin.2026-03',
        kind: 'monthly_risk_ledger',
        unit: 'lc-st-haibin',
        period: '2026-03',
        dueAt: T(90),
        policyId: 'street-monthly-risk-ledger',
      }),
      ev(
        'obligation-monthly_risk_ledger.lc-st-haibin.2026-03',
        'ObligationSubmitted',
        {
          obligationId: 'monthly_risk_ledger.lc-st-haibin.2026-03',
          kind: 'monthly_risk_ledger',
          unit: 'lc-st-haibin',
          period: '2026-03',
          submittedAt: T(9),
          by: { agency: 'lc-st-haibin', user: 'li' },
          late: false,
        },
        'lc-st-haibin',
      ),
    ]);
    expect(items(state)).toMatchObject([
      {
        kind: 'obligation_due',
        unit: 'lc-st-haibin',
        subjectKind: 'obligation',
        subjectNo: '2026-03',
        subjectTitle: 'monthly_risk_ledger',
        policyId: 'street-monthly-risk-ledger',
        state: 'closed',
        closedBy: 'ObligationSubmitted',
      },
    ]);
  });

  it('a cross-region notice goes to the other office when the registry knows it; a unit handing work to itself gets no notice', () => {
    const { handoffs, state } = fold([
      caseOpened('C5'),
      ev('case-C5', 'CrossRegionPartyNotified', {
        caseId: 'C5',
        caseNo: 'CASE-350502-2026-C5',
        region: '350503',
        party: { name: 'x' },
        office: 'fz-office',
        message: '当事人住所在丰泽区',
      }),
      ev('case-C5', 'CrossRegionPartyNotified', {
        caseId: 'C5',
        caseNo: 'CASE-350502-2026-C5',
        region: '440300',
        party: { name: 'y' },
        message: '外省',
      }),
      ev('meeting-M4', 'CasePutOnAgenda', { meetingId: 'M4', office: 'lc-office', caseId: 'C5', question: 'disposal', source: 'manual' }),
    ]);
    expect(handoffs).toMatchObject([
      { template: 'handoff_cross_region', to: 'fz-office', subjectNo: 'CASE-350502-2026-C5', note: '当事人住所在丰泽区' },
    ]);
    expect(items(state).map(brief)).toEqual(['meeting_decision lc-office C5 open']);
  });

  it('given every event delivered again after the fold, then nothing changes and an old close does not close a newer item', () => {
    const events = [
      caseOpened('C6'),
      ev('case-C6', 'TransferredToPolice', { caseId: 'C6', by: 'lc-office', police: 'lc-police', deadline: T(99), reason: '' }),
      ev('case-C6', 'TransferDeclinedByPolice', { caseId: 'C6', police: 'lc-police', reasons: [] }, 'lc-police'),
      ev('case-C6', 'TransferredToPolice', { caseId: 'C6', by: 'lc-office', police: 'lc-police', deadline: T(99), reason: '' }),
    ];
    const once = fold(events);
    const again = fold(events, once.state);
    expect(items(again.state)).toEqual(items(once.state));
    expect(items(again.state).map(brief)).toEqual([
      'police_answer lc-police C6 closed by TransferDeclinedByPolice',
      'declined_transfer lc-office C6 closed by TransferredToPolice',
      'police_answer lc-police C6 open',
    ]);
    expect([...again.state.facts.values()]).toEqual([...once.state.facts.values()]);
  });
});
