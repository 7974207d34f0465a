/** Every transition of the lead decider and every refused one, as given/when/then. */
import { deciderSpec } from '@jm/event-sourcing/testing';
import { DomainActor, LeadReceivedData, SealedValue } from '@jm/contracts';
import { DomainRuleError, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { LeadCommand, LeadContent, leadDecider, matchingActor, publicActor } from './lead.decider';
import type { LeadEvent } from './lead.events';

const AT = '2026-03-02T01:00:00.000Z';
const LATER = '2026-03-02T03:00:00.000Z';
const DEADLINE = '2026-03-03T01:00:00.000Z';

const actor = (
  agency: string,
  kind: DomainActor['agencyKind'],
  roles: DomainActor['roles'],
  jurisdiction = '350502',
  level: DomainActor['level'] = 'district',
): DomainActor => ({
  user: `${agency}-user`,
  agency,
  agencyKind: kind,
  level,
  jurisdiction,
  roles,
});
const lcOffice = actor('lc-office', 'office', ['office_officer']);
const lcOfficeAdmin = actor('lc-office', 'office', ['admin']);
const lcAnalyst = actor('lc-office', 'office', ['analyst']);
const lcAuditor = actor('lc-office', 'office', ['auditor']);
const lcMarket = actor('lc-market', 'member', ['unit_officer']);
const lcPolice = actor('lc-police', 'member', ['unit_officer']);
const lcStreet = actor('lc-st-haibin', 'street', ['street_officer']);
const fzOffice = actor('fz-office', 'office', ['office_officer'], '350503');
const qzOffice = actor('qz-office', 'office', ['office_officer'], '350500', 'city');
const office = { code: 'lc-office', level: 'district' as const, jurisdiction: '350502' };
const thepublic = publicActor(office);
const matcher = matchingActor(office);

const sealed: SealedValue = { alg: 'AES-256-GCM', keyId: 'informant-L1', iv: 'aXY=', tag: 'dGFn', ciphertext: 'Y3Q=' };

const content = (overrides: Partial<LeadContent> = {}): LeadContent => ({
  leadId: 'L1',
  receiptNo: 'JB-20260302-7K3Q9X',
  title: '某某财富高息揽储',
  category: 'illegal_fundraising',
  field: 'third_party_wealth_management',
  source: 'routine_supervision',
  channel: 'agency_system',
  jurisdiction: '350502',
  street: 'lc-st-haibin',
  subjects: [{ kind: 'company', name: '泉州某某财富管理有限公司' }],
  matchKeys: ['name:泉州某某财富管理'],
  major: false,
  anonymous: true,
  description: '承诺年化15%',
  evidence: [],
  office: 'lc-office',
  ...overrides,
});

const received = (by: DomainActor, overrides: Partial<LeadContent> = {}): LeadEvent => ({
  type: 'LeadReceived',
  data: { ...content(overrides), receivedBy: by.agency, receivedAt: AT, reportDeadline: DEADLINE } as LeadReceivedData,
});
const receivedData = (e: LeadEvent) => e.data as LeadReceivedData;
const reportedBy = (lead: LeadEvent, by: string, at: string): LeadEvent => {
  const d = receivedData(lead);
  return {
    type: 'LeadReportedToOffice',
    data: {
      leadId: d.leadId,
      office: d.office,
      reportedBy: by,
      reportedAt: at,
      deadline: DEADLINE,
      summary: {
        leadId: d.leadId,
        receiptNo: d.receiptNo,
        title: d.title,
        category: d.category,
        field: d.field,
        source: d.source,
        channel: d.channel,
        jurisdiction: d.jurisdiction,
        street: d.street,
        receivedBy: d.receivedBy,
        receivedAt: d.receivedAt,
        subjects: d.subjects,
        matchKeys: d.matchKeys,
        major: d.major,
      },
    },
  };
};

const byMarket = received(lcMarket);
const withInformant = received(lcMarket, { anonymous: false, informant: sealed });
const fromPublic = received(thepublic, { source: 'public_report', channel: 'website', receiptSecretHash: 'ab'.repeat(32) });
const target = { kind: 'lead' as const, id: 'L0' };
const linked: LeadEvent = {
  type: 'LeadLinked',
  data: { leadId: 'L1', target, reasons: [{ kind: 'company_name', value: '泉州某某财富管理' }], score: 0.8 },
};
const confirmed: LeadEvent = { type: 'LeadLinkConfirmed', data: { leadId: 'L1', target } };
const undone: LeadEvent = { type: 'LeadLinkUndone', data: { leadId: 'L1', target, reason: '不同主体' } };

const spec = deciderSpec(leadDecider);
const cmd = <K extends LeadCommand['kind']>(
  kind: K,
  a: DomainActor,
  rest: Omit<Extract<LeadCommand, { kind: K }>, 'kind' | 'actor' | 'at'>,
  at = LATER,
) => ({ kind, actor: a, at, ...rest }) as unknown as LeadCommand;

const receive = (a: DomainActor, reportToOffice: boolean, overrides: Partial<LeadContent> = {}, intake: 'public' | 'agency' = 'agency') =>
  cmd('ReceiveLead', a, { intake, lead: content(overrides), reportToOffice, reportDeadlineHours: 24 }, AT);

describe('lead decider', () => {
  describe('ReceiveLead', () => {
    it('records the first receiver and time, with the report deadline', () => {
      spec.given([]).when(receive(lcMarket, false)).then([byMarket]);
      spec
        .given([])
        .when(receive(lcStreet, false))
        .then([received(lcStreet)]);
    });
    it('reports to the office in the same step when asked', () => {
      spec
        .given([])
        .when(receive(lcMarket, true))
        .then([byMarket, reportedBy(byMarket, 'lc-market', AT)]);
    });
    it('a public submission is received by the office on behalf of the public', () => {
      const overrides = { source: 'public_report' as const, channel: 'website' as const, receiptSecretHash: 'ab'.repeat(32) };
      spec
        .given([])
        .when(receive(thepublic, true, overrides, 'public'))
        .then([fromPublic, reportedBy(fromPublic, 'lc-office', AT)]);
    });
    it('refuses a public submission without a receipt hash, or made as someone else', () => {
      spec
        .given([])
        .when(receive(thepublic, true, {}, 'public'))
        .thenThrows(DomainRuleError);
      spec
        .given([])
        .when(receive(lcMarket, true, { receiptSecretHash: 'ab' }, 'public'))
        .thenThrows(ForbiddenError);
      spec
        .given([])
        .when(receive(publicActor({ code: 'fz-office', level: 'district', jurisdiction: '350503' }), true, { receiptSecretHash: 'ab' }, 'public'))
        .thenThrows(ForbiddenError);
    });
    it('analysts, auditors and the public acting as an agency cannot submit (403)', () => {
      spec
        .given([])
        .when(receive(lcAnalyst, true))
        .thenThrows(/analysts and auditors read only/);
      spec.given([]).when(receive(lcAuditor, true)).thenThrows(ForbiddenError);
      spec.given([]).when(receive(thepublic, true)).thenThrows(ForbiddenError);
      spec.given([]).when(receive(matcher, true)).thenThrows(ForbiddenError);
    });
    it('a lead is received once (409 naming the state and what it allows)', () => {
      spec.given([byMarket]).when(receive(lcMarket, false)).thenThrows(InvalidTransitionError);
      spec
        .given([byMarket])
        .when(receive(lcMarket, false))
        .thenThrows(/the lead is received; allowed from received: ReportLeadToOffice, SupplementLead/);
    });
  });

  describe('ReportLeadToOffice', () => {
    it('by the receiving agency or the office', () => {
      spec
        .given([byMarket])
        .when(cmd('ReportLeadToOffice', lcMarket, {}))
        .then([reportedBy(byMarket, 'lc-market', LATER)]);
      spec
        .given([byMarket])
        .when(cmd('ReportLeadToOffice', lcOffice, {}))
        .then([reportedBy(byMarket, 'lc-office', LATER)]);
    });
    it('refused for any other agency (403), the wrong office or an analyst', () => {
      spec
        .given([byMarket])
        .when(cmd('ReportLeadToOffice', lcPolice, {}))
        .thenThrows(/only the receiving agency \(lc-market\)/);
      spec
        .given([byMarket])
        .when(cmd('ReportLeadToOffice', fzOffice, {}))
        .thenThrows(ForbiddenError);
      spec
        .given([byMarket])
        .when(cmd('ReportLeadToOffice', lcAnalyst, {}))
        .thenThrows(ForbiddenError);
    });
    it('refused when not received or already reported (409)', () => {
      spec
        .given([])
        .when(cmd('ReportLeadToOffice', lcMarket, {}))
        .thenThrows(/the lead is none; allowed from none: ReceiveLead/);
      spec
        .given([byMarket, reportedBy(byMarket, 'lc-market', AT)])
        .when(cmd('ReportLeadToOffice', lcMarket, {}))
        .thenThrows(/the lead is reported/);
    });
  });

  describe('SupplementLead', () => {
    const ev = { sha256: 'cd'.repeat(32), size: 3, mediaType: 'text/plain', fileName: 'a.txt' };
    it('by the informant through the receipt of a public lead', () => {
      spec
        .given([fromPublic])
        .when(cmd('SupplementLead', thepublic, { by: 'informant', text: ' 又收到催款短信 ', evidence: [ev] }))
        .then([{ type: 'LeadSupplemented', data: { leadId: 'L1', by: 'informant', text: '又收到催款短信', evidence: [ev] } }]);
    });
    it('by the receiving agency or the office', () => {
      spec
        .given([byMarket])
        .when(cmd('SupplementLead', lcMarket, { by: 'agency', evidence: [ev] }))
        .then([{ type: 'LeadSupplemented', data: { leadId: 'L1', by: 'agency', evidence: [ev] } }]);
      spec
        .given([byMarket])
        .when(cmd('SupplementLead', lcOffice, { by: 'agency', text: '补充', evidence: [] }))
        .then([{ type: 'LeadSupplemented', data: { leadId: 'L1', by: 'agency', text: '补充', evidence: [] } }]);
    });
    it('refused: informant on an agency lead, other agencies, empty supplements, unknown lead', () => {
      spec
        .given([byMarket])
        .when(cmd('SupplementLead', thepublic, { by: 'informant', text: 'x', evidence: [] }))
        .thenThrows(ForbiddenError);
      spec
        .given([fromPublic])
        .when(cmd('SupplementLead', lcMarket, { by: 'informant', text: 'x', evidence: [] }))
        .thenThrows(ForbiddenError);
      spec
        .given([byMarket])
        .when(cmd('SupplementLead', lcPolice, { by: 'agency', text: 'x', evidence: [] }))
        .thenThrows(ForbiddenError);
      spec
        .given([byMarket])
        .when(cmd('SupplementLead', lcMarket, { by: 'agency', text: '  ', evidence: [] }))
        .thenThrows(DomainRuleError);
      spec
        .given([])
        .when(cmd('SupplementLead', lcMarket, { by: 'agency', text: 'x', evidence: [] }))
        .thenThrows(InvalidTransitionError);
    });
  });

  describe('LinkLead', () => {
    const linkCmd = (a: DomainActor, t = target) =>
      cmd('LinkLead', a, { target: t, reasons: [{ kind: 'company_name', value: '泉州某某财富管理' }], score: 0.8 });
    it('matching links a lead to an earlier one with reasons and a score', () => {
      spec.given([byMarket]).when(linkCmd(matcher)).then([linked]);
      spec.given([byMarket]).when(linkCmd(lcOffice)).then([linked]);
    });
    it('the same target twice is a no-op, even after the office undid it', () => {
      spec.given([byMarket, linked]).when(linkCmd(matcher)).thenNothing();
      spec.given([byMarket, linked, undone]).when(linkCmd(matcher)).thenNothing();
    });
    it('refused: by a unit (403), to itself, without reasons or with a bad score (422), before receipt (409)', () => {
      spec.given([byMarket]).when(linkCmd(lcMarket)).thenThrows(ForbiddenError);
      spec
        .given([byMarket])
        .when(linkCmd(matcher, { kind: 'lead', id: 'L1' }))
        .thenThrows(DomainRuleError);
      spec
        .given([byMarket])
        .when(cmd('LinkLead', matcher, { target, reasons: [], score: 0.5 }))
        .thenThrows(DomainRuleError);
      spec
        .given([byMarket])
        .when(cmd('LinkLead', matcher, { target, reasons: [{ kind: 'phone', value: '1' }], score: 1.5 }))
        .thenThrows(DomainRuleError);
      spec.given([]).when(linkCmd(matcher)).thenThrows(InvalidTransitionError);
    });
  });

  describe('ConfirmLink and UndoLink', () => {
    const confirm = (a: DomainActor) => cmd('ConfirmLink', a, { target });
    const undo = (a: DomainActor, reason = '不同主体') => cmd('UndoLink', a, { target, reason });
    it('the office confirms a suggested link, undoes it with a reason, and may confirm it again', () => {
      spec.given([byMarket, linked]).when(confirm(lcOffice)).then([confirmed]);
      spec.given([byMarket, linked]).when(undo(lcOffice, ' 不同主体 ')).then([undone]);
      spec.given([byMarket, linked, confirmed]).when(undo(lcOffice)).then([undone]);
      spec.given([byMarket, linked, undone]).when(confirm(lcOffice)).then([confirmed]);
    });
    it('only an office officer of the lead’s jurisdiction (403): not a unit, an analyst, another district, the matcher', () => {
      spec.given([byMarket, linked]).when(confirm(lcMarket)).thenThrows(ForbiddenError);
      spec
        .given([byMarket, linked])
        .when(confirm(lcAnalyst))
        .thenThrows(/analysts and auditors read/);
      spec.given([byMarket, linked]).when(undo(fzOffice)).thenThrows(ForbiddenError);
      spec.given([byMarket, linked]).when(undo(matcher)).thenThrows(ForbiddenError);
    });
    it('the city office contains the district', () => {
      spec.given([byMarket, linked]).when(confirm(qzOffice)).then([confirmed]);
    });
    it('undoing needs a reason (422)', () => {
      spec.given([byMarket, linked]).when(undo(lcOffice, '  ')).thenThrows(DomainRuleError);
    });
    it('refused by the link state (409 naming it): absent, already confirmed, already undone', () => {
      spec
        .given([byMarket])
        .when(confirm(lcOffice))
        .thenThrows(/link to lead L0 is absent; allowed from absent: LinkLead/);
      spec
        .given([byMarket, linked, confirmed])
        .when(confirm(lcOffice))
        .thenThrows(/is confirmed; allowed from confirmed: UndoLink/);
      spec
        .given([byMarket, linked, undone])
        .when(undo(lcOffice))
        .thenThrows(/is undone; allowed from undone: ConfirmLink/);
    });
  });

  describe('ShredInformantIdentity', () => {
    const shred = (a: DomainActor, reason = '举报人申请') => cmd('ShredInformantIdentity', a, { reason });
    const shredded: LeadEvent = { type: 'InformantIdentityShredded', data: { leadId: 'L1', keyId: 'informant-L1', reason: '举报人申请' } };
    it('by an office officer or admin of the office', () => {
      spec.given([withInformant]).when(shred(lcOffice)).then([shredded]);
      spec.given([withInformant]).when(shred(lcOfficeAdmin)).then([shredded]);
    });
    it('refused for units, analysts, another district (403) and without a reason (422)', () => {
      spec.given([withInformant]).when(shred(lcMarket)).thenThrows(ForbiddenError);
      spec.given([withInformant]).when(shred(lcAnalyst)).thenThrows(ForbiddenError);
      spec.given([withInformant]).when(shred(fzOffice)).thenThrows(ForbiddenError);
      spec.given([withInformant]).when(shred(lcOffice, ' ')).thenThrows(DomainRuleError);
    });
    it('refused when there is nothing to shred (409): anonymous, already shredded, no lead', () => {
      spec
        .given([byMarket])
        .when(shred(lcOffice))
        .thenThrows(/informant identity is absent/);
      spec
        .given([withInformant, shredded])
        .when(shred(lcOffice))
        .thenThrows(/informant identity is shredded/);
      spec.given([]).when(shred(lcOffice)).thenThrows(InvalidTransitionError);
    });
  });

  it('evolve keeps what each event says', () => {
    const state = [withInformant, reportedBy(withInformant, 'lc-market', LATER), linked, confirmed].reduce(
      leadDecider.evolve,
      leadDecider.initialState(),
    );
    expect(state).toMatchObject({
      status: 'reported',
      reportedBy: 'lc-market',
      informant: { status: 'sealed' },
      links: [{ target, status: 'confirmed', score: 0.8 }],
    });
  });
});

describe('lead commands the decider does not know', () => {
  it('given any state, when a command of an unknown kind comes, then it is refused naming it', () => {
    expect(() => leadDecider.decide({ kind: 'Bogus' } as never, leadDecider.initialState())).toThrow(/^Unhandled lead command: .*Bogus/);
  });
});

describe('lead decider: what each refusal says, and the edges of each rule', () => {
  const link = (a: DomainActor, score: number, t: { kind: 'lead' | 'case'; id: string } = target) =>
    cmd('LinkLead', a, { target: t, reasons: [{ kind: 'company_name', value: '泉州某某财富管理' }], score });

  it('given a public submission, then each refusal names what is missing or who may do it', () => {
    spec
      .given([])
      .when(receive(thepublic, true, {}, 'public'))
      .thenThrows('a public submission needs a receipt secret hash so the informant can follow up');
    spec
      .given([])
      .when(receive(lcOffice, true, { receiptSecretHash: 'ab' }, 'public'))
      .thenThrows('a public submission is received by the office of its jurisdiction on behalf of the public');
    // The public user with a role, or a role-less user who is not the public, is not the public.
    spec
      .given([])
      .when(receive({ ...thepublic, roles: ['office_officer'] }, true, { receiptSecretHash: 'ab' }, 'public'))
      .thenThrows(ForbiddenError);
    spec
      .given([])
      .when(receive({ ...thepublic, user: 'clerk' }, true, { receiptSecretHash: 'ab' }, 'public'))
      .thenThrows(ForbiddenError);
  });

  it('given an agency submission, then the public, the matcher and role-less users are refused with what is needed', () => {
    spec.given([]).when(receive(thepublic, true)).thenThrows('an agency submission needs an authenticated officer');
    spec.given([]).when(receive(matcher, true)).thenThrows('an agency submission needs an authenticated officer');
    spec
      .given([])
      .when(receive({ ...lcMarket, roles: [] }, true))
      .thenThrows(
        'only officers (office_officer, unit_officer, street_officer) receive leads; no role may not submit (analysts and auditors read only)',
      );
    spec
      .given([])
      .when(receive({ ...lcMarket, roles: ['analyst', 'auditor'] }, true))
      .thenThrows(/; analyst, auditor may not submit/);
    // A user named like the matcher but with a role is an officer.
    spec
      .given([])
      .when(receive({ ...lcMarket, user: 'system:matching' }, false))
      .then([byMarket]);
  });

  it('given optional facts, then the lead carries them only when given', () => {
    const withFacts = receive(lcMarket, false, { amountYuan: '1200000.00', participants: 35 } as Partial<LeadContent>);
    const events = leadDecider.decide(withFacts, leadDecider.initialState());
    expect(events[0].data).toMatchObject({ amountYuan: '1200000.00', participants: 35 });
    const without = leadDecider.decide(receive(lcMarket, false), leadDecider.initialState());
    expect(without[0].data).not.toHaveProperty('amountYuan');
    expect(without[0].data).not.toHaveProperty('participants');
  });

  it('given supplements, then each refusal says why', () => {
    spec
      .given([byMarket])
      .when(cmd('SupplementLead', thepublic, { by: 'informant', text: 'x', evidence: [] }))
      .thenThrows('this lead was not submitted by the public: there is no receipt to supplement it with');
    spec
      .given([fromPublic])
      .when(cmd('SupplementLead', lcOffice, { by: 'informant', text: 'x', evidence: [] }))
      .thenThrows('an informant supplements through the public receipt only');
    spec
      .given([fromPublic])
      .when(
        cmd('SupplementLead', publicActor({ code: 'fz-office', level: 'district', jurisdiction: '350503' }), {
          by: 'informant',
          text: 'x',
          evidence: [],
        }),
      )
      .thenThrows('an informant supplements through the public receipt only');
    spec
      .given([byMarket])
      .when(cmd('SupplementLead', lcPolice, { by: 'agency', text: 'x', evidence: [] }))
      .thenThrows('only the receiving agency (lc-market) or the office of 350502 adds to this lead; lc-police may not');
    spec
      .given([byMarket])
      .when(cmd('SupplementLead', lcMarket, { by: 'agency', text: ' ', evidence: [] }))
      .thenThrows('a supplement needs text or evidence');
  });

  it('given links, then the score is in (0, 1], a lead is not linked to itself but may be to a case of the same id, and refusals say why', () => {
    spec
      .given([byMarket])
      .when(link(matcher, 1))
      .then([{ type: 'LeadLinked', data: { ...linked.data, score: 1 } } as LeadEvent]);
    spec.given([byMarket]).when(link(matcher, 0)).thenThrows('a link score is in (0, 1]');
    spec.given([byMarket]).when(link(matcher, -0.5)).thenThrows(DomainRuleError);
    spec
      .given([byMarket])
      .when(link(matcher, 0.5, { kind: 'lead', id: 'L1' }))
      .thenThrows('a lead cannot be linked to itself');
    spec
      .given([byMarket])
      .when(link(matcher, 0.5, { kind: 'case', id: 'L1' }))
      .then([{ type: 'LeadLinked', data: { ...linked.data, target: { kind: 'case', id: 'L1' }, score: 0.5 } } as LeadEvent]);
    spec
      .given([byMarket])
      .when(cmd('LinkLead', matcher, { target, reasons: [], score: 0.5 }))
      .thenThrows('a link needs at least one reason');
    spec
      .given([byMarket])
      .when(link(lcMarket, 0.5))
      .thenThrows('links are made by matching or by an office_officer of the office of 350502; lc-market may not');
    // An office officer of a member agency is not an office.
    spec
      .given([byMarket, linked])
      .when(cmd('ConfirmLink', { ...lcMarket, roles: ['office_officer'] }, { target }))
      .thenThrows(ForbiddenError);
  });

  it('given confirming or undoing a link, then the refusal names the act, the region and the agency', () => {
    spec
      .given([byMarket, linked])
      .when(cmd('ConfirmLink', lcMarket, { target }))
      .thenThrows(
        'confirming a link: only an office_officer of the joint-meeting office whose jurisdiction contains 350502 may do this; lc-market may not',
      );
    spec
      .given([byMarket, linked])
      .when(cmd('UndoLink', lcMarket, { target, reason: 'x' }))
      .thenThrows(/^undoing a link: only an office_officer/);
    spec
      .given([byMarket, linked])
      .when(cmd('UndoLink', lcOffice, { target, reason: ' ' }))
      .thenThrows('undoing a link needs a reason');
    // An office officer who is also an analyst works as an officer.
    spec
      .given([byMarket, linked])
      .when(cmd('ConfirmLink', { ...lcOffice, roles: ['office_officer', 'analyst'] }, { target }))
      .then([confirmed]);
  });

  it('given shredding, then the refusal names who may and why not, and nothing is allowed after it', () => {
    spec
      .given([withInformant])
      .when(cmd('ShredInformantIdentity', lcMarket, { reason: 'x' }))
      .thenThrows(
        "only an office_officer or admin of the office whose jurisdiction contains 350502 shreds an informant's identity; lc-market may not",
      );
    spec
      .given([withInformant])
      .when(cmd('ShredInformantIdentity', { ...lcMarket, roles: ['admin'] }, { reason: 'x' }))
      .thenThrows(ForbiddenError);
    spec
      .given([withInformant])
      .when(cmd('ShredInformantIdentity', lcOffice, { reason: ' ' }))
      .thenThrows('shredding an identity needs a reason');
    spec
      .given([byMarket])
      .when(cmd('ShredInformantIdentity', lcOffice, { reason: 'x' }))
      .thenThrows(/allowed from absent: nothing \(final state\)/);
  });

  it('given a reported lead, then it is still supplemented, linked and shredded, but not reported again', () => {
    const reported = reportedBy(byMarket, 'lc-market', AT);
    spec
      .given([byMarket, reported])
      .when(cmd('SupplementLead', lcMarket, { by: 'agency', text: '补充', evidence: [] }))
      .then([{ type: 'LeadSupplemented', data: { leadId: 'L1', by: 'agency', text: '补充', evidence: [] } }]);
    spec.given([byMarket, reported]).when(link(matcher, 0.8)).then([linked]);
    spec
      .given([byMarket, reported])
      .when(cmd('ReportLeadToOffice', lcMarket, {}))
      .thenThrows(/allowed from reported: .*SupplementLead/);
  });

  it('the public and the matching actors act for their office, with no roles', () => {
    expect(thepublic).toEqual({ user: 'public', agency: 'lc-office', agencyKind: 'office', level: 'district', jurisdiction: '350502', roles: [] });
    expect(matcher).toEqual({
      user: 'system:matching',
      agency: 'lc-office',
      agencyKind: 'office',
      level: 'district',
      jurisdiction: '350502',
      roles: [],
    });
  });
});
