/**
 * Need-to-know as pure functions: which roles read case files at all, who sees a
 * lead's triage in each status (a referred-up lead included), who enters a case's
 * audience through which event, and who sees a meeting. The HTTP answers (404,
 * 403) are in test/cases.
 */
import type { DomainActor } from '@jm/contracts';
import type { Role } from '@jm/reference';
import type { CaseEvent } from '../case/case.events';
import type { MeetingState } from '../meeting/meeting';
import type { TriageState } from '../triage/triage';
import { audienceOf, canSeeCase, canSeeMeeting, canSeeTriage, caseAudience, isOfficeOver, requireCaseworker } from './need-to-know';

const actor = (
  agency: string,
  agencyKind: DomainActor['agencyKind'],
  jurisdiction: string,
  roles: Role[] = ['unit_officer'],
  level: DomainActor['level'] = 'district',
): DomainActor => ({
  user: `${agency}-user`,
  agency,
  agencyKind,
  level,
  jurisdiction,
  roles,
});

const lcOffice = actor('lc-office', 'office', '350502', ['office_officer']);
const qzOffice = actor('qz-office', 'office', '350500', ['office_officer'], 'city');
const fjOffice = actor('fj-office', 'office', '350000', ['office_officer'], 'province');
const fzOffice = actor('fz-office', 'office', '350100', ['office_officer'], 'city');
const lcMarket = actor('lc-market', 'member', '350502');
const lcPolice = actor('lc-police', 'member', '350502');
const lcStreet = actor('lc-st-haibin', 'street', '350502', ['street_officer']);
const fzMarket = actor('fz-market', 'member', '350102');

const opened = {
  leadId: 'l1',
  summary: { jurisdiction: '350502' } as never,
  office: 'lc-office',
  links: [],
};
const routing = { unit: 'lc-market', street: 'lc-st-haibin', rule: 'field:pension', deadline: '2026-03-20T16:00:00.000Z' };

describe('who reads case files', () => {
  it.each([['office_officer'], ['unit_officer'], ['street_officer'], ['convener']] as Array<[Role]>)(
    'given the %s role, then case files are open to it',
    (role) => {
      expect(() => requireCaseworker(actor('lc-market', 'member', '350502', [role]))).not.toThrow();
    },
  );

  it('given an analyst, an auditor or neither, then each is refused, told where to look or which roles read case files', () => {
    expect(() => requireCaseworker(actor('lc-office', 'office', '350502', ['analyst']))).toThrow(
      "analysts query reporting's projections (ledgers, statistics), not lead or case files",
    );
    expect(() => requireCaseworker(actor('lc-office', 'office', '350502', ['auditor']))).toThrow(
      "auditors replay and verify the event log through reporting's audit API, not lead or case files",
    );
    expect(() => requireCaseworker(actor('lc-office', 'office', '350502', ['admin', 'analyst']))).toThrow(/analysts/);
    expect(() => requireCaseworker(actor('lc-office', 'office', '350502', ['admin']))).toThrow(
      'roles admin do not read lead or case files; casework roles are office_officer, unit_officer, street_officer, convener',
    );
    expect(() => requireCaseworker(actor('lc-office', 'office', '350502', []))).toThrow(/^roles \(none\) do not read lead or case files/);
    expect(() => requireCaseworker(actor('lc-office', 'office', '350502', ['admin', 'reporter' as Role]))).toThrow(/^roles admin, reporter do not/);
  });
});

describe('offices over a region', () => {
  it('given an office, then it is over its own region and the regions inside it, not over a neighbour; a member unit is over nothing', () => {
    expect(isOfficeOver(lcOffice, '350502')).toBe(true);
    expect(isOfficeOver(qzOffice, '350502')).toBe(true);
    expect(isOfficeOver(fjOffice, '350502')).toBe(true);
    expect(isOfficeOver(fzOffice, '350502')).toBe(false);
    expect(isOfficeOver(lcOffice, '350500')).toBe(false);
    expect(isOfficeOver(lcMarket, '350502')).toBe(false);
  });
});

describe('triage', () => {
  const states: Record<string, TriageState> = {
    not_reported: { status: 'not_reported', links: [] },
    awaiting_triage: { status: 'awaiting_triage', ...opened },
    referred_up: { status: 'referred_up', from: 'lc-office', reason: '跨区域', ...opened, office: 'qz-office' },
    routed: { status: 'routed', routing, ...opened },
    closed_unfounded: { status: 'closed_unfounded', routing, reason: '不属实', ...opened },
    founded: { status: 'founded', routing, caseId: 'c1', ...opened },
  };

  it('given a lead not reported yet, then nobody sees its triage, not even the office over it', () => {
    expect(canSeeTriage(lcOffice, states.not_reported)).toBe(false);
    expect(canSeeTriage(fjOffice, states.not_reported)).toBe(false);
  });

  it.each(['awaiting_triage', 'referred_up', 'routed', 'closed_unfounded', 'founded'])(
    'given a lead %s, then the offices over its region see it and an office elsewhere does not',
    (status) => {
      expect(canSeeTriage(lcOffice, states[status])).toBe(true);
      expect(canSeeTriage(qzOffice, states[status])).toBe(true);
      expect(canSeeTriage(fzOffice, states[status])).toBe(false);
    },
  );

  it('given a lead referred up to an office outside its region, then that office sees it as its owner', () => {
    const elsewhere: TriageState = { ...states.referred_up, office: 'fz-office' } as TriageState;
    expect(canSeeTriage(fzOffice, elsewhere)).toBe(true);
    expect(canSeeTriage(actor('fz-office', 'member', '350100'), elsewhere)).toBe(true);
  });

  it('given a lead awaiting triage or referred up, then no unit sees it, not even the one routed before the referral', () => {
    const referredAfterRouting = { ...states.referred_up, routing } as TriageState;
    for (const state of [states.awaiting_triage, states.referred_up, referredAfterRouting]) {
      expect(canSeeTriage(lcMarket, state)).toBe(false);
      expect(canSeeTriage(lcStreet, state)).toBe(false);
      expect(canSeeTriage(lcPolice, state)).toBe(false);
    }
  });

  it.each(['routed', 'closed_unfounded', 'founded'])('given a lead %s, then its unit and street see it, an uninvolved unit does not', (status) => {
    expect(canSeeTriage(lcMarket, states[status])).toBe(true);
    expect(canSeeTriage(lcStreet, states[status])).toBe(true);
    expect(canSeeTriage(lcPolice, states[status])).toBe(false);
    expect(canSeeTriage(fzMarket, states[status])).toBe(false);
  });

  it('given a routing without a street, then no street sees it', () => {
    const noStreet = { ...states.routed, routing: { ...routing, street: undefined } } as TriageState;
    expect(canSeeTriage(lcStreet, noStreet)).toBe(false);
  });
});

describe('case audience', () => {
  const event = (type: string, data: object) => ({ type, data }) as unknown as CaseEvent;

  it('given each event that brings agencies in, then they enter with their reason', () => {
    expect(audienceOf(event('CaseOpened', { leadUnit: 'lc-market', cooperatingUnits: ['lc-police', 'lc-finance'], street: 'lc-st-haibin' }))).toEqual(
      [
        { agency: 'lc-market', reason: 'lead_unit' },
        { agency: 'lc-police', reason: 'cooperating_unit' },
        { agency: 'lc-finance', reason: 'cooperating_unit' },
        { agency: 'lc-st-haibin', reason: 'street' },
      ],
    );
    expect(audienceOf(event('CaseOpened', { leadUnit: 'lc-market', cooperatingUnits: [] }))).toEqual([{ agency: 'lc-market', reason: 'lead_unit' }]);
    expect(audienceOf(event('CaseUnitsAssigned', { leadUnit: 'lc-finance', cooperatingUnits: ['lc-market'] }))).toEqual([
      { agency: 'lc-finance', reason: 'lead_unit' },
      { agency: 'lc-market', reason: 'cooperating_unit' },
    ]);
    expect(audienceOf(event('JointInvestigationTeamFormed', { leader: 'lc-police', members: ['lc-market', 'lc-finance'] }))).toEqual([
      { agency: 'lc-police', reason: 'joint_team' },
      { agency: 'lc-market', reason: 'joint_team' },
      { agency: 'lc-finance', reason: 'joint_team' },
    ]);
    expect(audienceOf(event('FundsMonitoringRequested', { to: 'lc-pboc' }))).toEqual([{ agency: 'lc-pboc', reason: 'funds_monitoring' }]);
    for (const type of ['DeterminationRequested', 'DeterminationOpinionIssued']) {
      expect(audienceOf(event(type, { authority: 'lc-market' }))).toEqual([{ agency: 'lc-market', reason: 'determination_authority' }]);
    }
    for (const type of ['TransferredToPolice', 'TransferAcceptedByPolice', 'TransferDeclinedByPolice']) {
      expect(audienceOf(event(type, { police: 'lc-police' }))).toEqual([{ agency: 'lc-police', reason: 'police' }]);
    }
    expect(audienceOf(event('CaseClosed', { leadUnit: 'lc-market', police: 'lc-police', authority: 'x', to: 'y' }))).toEqual([]);
  });

  it('given a case history, then its audience is everyone any event brought in, each once', () => {
    const audience = caseAudience([
      event('CaseOpened', { leadUnit: 'lc-market', cooperatingUnits: ['lc-police'] }),
      event('TransferredToPolice', { police: 'lc-police' }),
      event('DeterminationRequested', { authority: 'lc-finance' }),
    ]);
    expect([...audience]).toEqual(['lc-market', 'lc-police', 'lc-finance']);
  });

  it('given a case, then the offices over its region and its audience see it, nobody else', () => {
    const audience = new Set(['lc-market']);
    expect(canSeeCase(lcOffice, '350502', audience)).toBe(true);
    expect(canSeeCase(qzOffice, '350502', audience)).toBe(true);
    expect(canSeeCase(lcMarket, '350502', audience)).toBe(true);
    expect(canSeeCase(lcPolice, '350502', audience)).toBe(false);
    expect(canSeeCase(fzOffice, '350502', audience)).toBe(false);
    // An agency with the code of an office but not an office kind is only in by the audience.
    expect(canSeeCase(actor('lc-office', 'member', '350502'), '350502', audience)).toBe(false);
  });
});

describe('meetings', () => {
  const meeting = (jurisdiction: string): MeetingState =>
    ({
      status: 'scheduled',
      meetingId: 'm1',
      level: 'district',
      kind: 'regular',
      scheduledFor: '2026-03-10T02:00:00.000Z',
      title: '鲤城区联席会议',
      office: 'lc-office',
      jurisdiction,
      agenda: [],
      decisions: [],
    }) as unknown as MeetingState;

  it('given no meeting, then nobody sees it', () => {
    for (const who of [lcOffice, qzOffice, lcMarket]) expect(canSeeMeeting(who, { status: 'not_scheduled' })).toBe(false);
  });

  it('given a district meeting, then the offices over it and the member units of the district see it; streets and other districts do not', () => {
    expect(canSeeMeeting(lcOffice, meeting('350502'))).toBe(true);
    expect(canSeeMeeting(qzOffice, meeting('350502'))).toBe(true);
    expect(canSeeMeeting(lcMarket, meeting('350502'))).toBe(true);
    expect(canSeeMeeting(lcStreet, meeting('350502'))).toBe(false);
    expect(canSeeMeeting(fzMarket, meeting('350502'))).toBe(false);
    expect(canSeeMeeting(fzOffice, meeting('350502'))).toBe(false);
  });

  it('given a city meeting, then the member units of its districts see it, a district office does not sit over it', () => {
    expect(canSeeMeeting(lcMarket, meeting('350500'))).toBe(true);
    expect(canSeeMeeting(lcOffice, meeting('350500'))).toBe(false);
    expect(canSeeMeeting(qzOffice, meeting('350500'))).toBe(true);
    expect(canSeeMeeting(fzMarket, meeting('350500'))).toBe(false);
  });
});
