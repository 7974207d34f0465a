/**
 * The console offers a case command only where the cases decider allows it:
 * every action of the case page (services/console/web/src/features/cases/
 * case-actions.ts) is offered only in statuses whose row of the decider's
 * status table (ALLOWED_COMMANDS) holds its command, each action is offered
 * somewhere, and the lifecycle's steps go to the agencies and roles the
 * decider authorises (and not to the others).
 */
import { ALLOWED_COMMANDS } from '../../services/cases/src/case/case.decider';

/** The part of case-actions.ts this spec reads (the web app is type-checked by its own tsconfig, not the root one). */
interface SessionRoles {
  agency: string;
  roles: string[];
}
interface CaseState {
  status: string;
  facts: Record<string, unknown>;
  [stage: string]: unknown;
}
interface CaseAction {
  key: string;
  command: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime import keeps the browser code out of the root type-check
const { CASE_ACTIONS, offeredActions } = require('../../services/console/web/src/features/cases/case-actions') as {
  CASE_ACTIONS: CaseAction[];
  offeredActions: (state: CaseState, session: SessionRoles | undefined) => CaseAction[];
};

const FACTS: CaseState['facts'] = {
  caseId: 'c-1',
  caseNo: 'CASE-350502-2026-0001',
  title: '某公司非法集资',
  category: 'illegal_fundraising',
  field: 'pension',
  jurisdiction: '350502',
  street: 'lc-st-haibin',
  office: 'lc-office',
  leadUnit: 'lc-social-affairs',
  cooperatingUnits: ['lc-market'],
  leadIds: ['lead-1'],
  keyFlags: [],
  fundsRequests: {},
  nature: { conclusion: 'illegal_fundraising', by: 'city_meeting' },
  police: 'lc-police',
  assessedSteps: [],
  reopenings: 0,
};

const STAGES: Record<string, { status: string; [stage: string]: unknown }> = {
  investigating: { status: 'investigating' },
  awaiting_opinion: { status: 'awaiting_opinion', authority: 'lc-finance' },
  opinion_issued: { status: 'opinion_issued', opinion: { authority: 'lc-finance', conclusion: 'illegal_fundraising', disputed: false } },
  at_district_meeting: { status: 'at_district_meeting', meetingId: 'm-d' },
  awaiting_city_escalation: { status: 'awaiting_city_escalation', districtMeetingId: 'm-d' },
  at_city_meeting: { status: 'at_city_meeting', meetingId: 'm-c', districtMeetingId: 'm-d' },
  determined: { status: 'determined' },
  transferred_to_police: { status: 'transferred_to_police', transfer: { police: 'lc-police', deadline: '2027-01-04T00:00:00.000Z', ordinal: 1 } },
  in_criminal_proceedings: { status: 'in_criminal_proceedings' },
  closure_requested: { status: 'closure_requested', closure: { requestedBy: 'lc-social-affairs', summary: '风险已化解' } },
  closed: { status: 'closed', closure: { requestedBy: 'lc-social-affairs', summary: '风险已化解', approvedBy: 'lc-office' }, writtenOff: true },
};
const STATES: CaseState[] = Object.values(STAGES).map((stage) => ({ ...stage, facts: FACTS }));
const stateOf = (status: string): CaseState => STATES.find((s) => s.status === status)!;

const SESSIONS: Record<string, SessionRoles> = {
  office: { agency: 'lc-office', roles: ['office_officer'] },
  convener: { agency: 'lc-office', roles: ['convener'] },
  leadUnit: { agency: 'lc-social-affairs', roles: ['unit_officer'] },
  cooperating: { agency: 'lc-market', roles: ['unit_officer'] },
  street: { agency: 'lc-st-haibin', roles: ['street_officer'] },
  police: { agency: 'lc-police', roles: ['unit_officer'] },
  authority: { agency: 'lc-finance', roles: ['unit_officer'] },
  otherOffice: { agency: 'qz-office', roles: ['office_officer'] },
  analyst: { agency: 'lc-office', roles: ['analyst'] },
  auditor: { agency: 'lc-office', roles: ['auditor'] },
};

const offered = (status: string, who: keyof typeof SESSIONS) => offeredActions(stateOf(status), SESSIONS[who]).map((a) => a.key);

describe('the console case actions against the cases decider', () => {
  it('offers an action only in a status whose row of ALLOWED_COMMANDS holds its command', () => {
    const wrong: string[] = [];
    for (const state of STATES) {
      const allowed: readonly string[] = ALLOWED_COMMANDS[state.status as keyof typeof ALLOWED_COMMANDS];
      for (const [who, session] of Object.entries(SESSIONS)) {
        for (const action of offeredActions(state, session)) {
          if (!allowed.includes(action.command)) wrong.push(`${action.key} (${action.command}) offered to ${who} in ${state.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('names a command the decider knows for every action, and offers each one somewhere', () => {
    const known = new Set(Object.values(ALLOWED_COMMANDS).flat());
    expect(CASE_ACTIONS.filter((a) => !known.has(a.command as never)).map((a) => a.command)).toEqual([]);
    const somewhere = new Set(STATES.flatMap((state) => Object.values(SESSIONS).flatMap((s) => offeredActions(state, s).map((a) => a.key))));
    expect(CASE_ACTIONS.map((a) => a.key).filter((key) => !somewhere.has(key))).toEqual([]);
  });

  it('gives each lifecycle step to the agency and role the decider authorises', () => {
    expect(offered('investigating', 'office')).toEqual(expect.arrayContaining(['referToDistrict', 'transferToPolice', 'requestDetermination']));
    expect(offered('investigating', 'leadUnit')).toEqual(expect.arrayContaining(['findings', 'requestDetermination', 'requestClosure']));
    expect(offered('awaiting_opinion', 'authority')).toContain('issueOpinion');
    expect(offered('opinion_issued', 'office')).toContain('acceptOpinion');
    expect(offered('awaiting_city_escalation', 'office')).toContain('escalateToCity');
    expect(offered('determined', 'office')).toContain('transferToPolice');
    expect(offered('transferred_to_police', 'police')).toEqual(expect.arrayContaining(['acceptTransfer', 'declineTransfer']));
    expect(offered('in_criminal_proceedings', 'leadUnit')).toContain('requestClosure');
    expect(offered('closure_requested', 'office')).toEqual(expect.arrayContaining(['approveClosure', 'rejectClosure']));
    expect(offered('closure_requested', 'convener')).toContain('approveClosure');
    expect(offered('closed', 'office')).toEqual(['reopen']);
  });

  it('keeps the steps from those the decider refuses', () => {
    expect(offered('transferred_to_police', 'office')).not.toContain('acceptTransfer');
    expect(offered('in_criminal_proceedings', 'police')).not.toContain('prosecution');
    expect(offered('in_criminal_proceedings', 'leadUnit')).not.toContain('judgment');
    expect(offered('investigating', 'cooperating')).not.toContain('requestClosure');
    expect(offered('closure_requested', 'leadUnit')).not.toContain('approveClosure');
    expect(offered('investigating', 'otherOffice')).toEqual([]);
    expect(offered('awaiting_opinion', 'office')).not.toContain('issueOpinion');
    expect(offered('opinion_issued', 'office')).not.toContain('escalateToCity');
    for (const state of STATES) {
      expect(offeredActions(state, SESSIONS.analyst)).toEqual([]);
      expect(offeredActions(state, SESSIONS.auditor)).toEqual([]);
      expect(offeredActions(state, undefined)).toEqual([]);
    }
  });

  it('does not offer accepting a disputed opinion (it goes to the district meeting)', () => {
    const disputed: CaseState = {
      ...stateOf('opinion_issued'),
      opinion: { authority: 'lc-finance', conclusion: 'illegal_fundraising', disputed: true },
    };
    const keys = offeredActions(disputed, SESSIONS.office).map((a) => a.key);
    expect(keys).not.toContain('acceptOpinion');
    expect(keys).toContain('referToDistrict');
  });
});
