/** Every transition of a lead's triage and every refusal, given/when/then. */
import { DomainRuleError, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { deciderSpec } from '@jm/event-sourcing/testing';
import { haibin, leadSummary, market, officeOfficer, socialAffairs, cityOfficeOfficer } from '../testing/fixtures';
import type { TriageCommand } from './triage.commands';
import { triageDecider } from './triage.decider';
import type { TriageEvent } from './triage.events';

const spec = deciderSpec(triageDecider);
const at = '2026-03-02T02:00:00.000Z';
const summary = leadSummary('L1');
const deadline = '2026-03-17T02:00:00.000Z';

const opened: TriageEvent = { type: 'TriageOpened', data: { leadId: 'L1', office: 'lc-office', summary, deadline: '2026-03-02T01:00:00.000Z' } };
const routed: TriageEvent = {
  type: 'LeadRouted',
  data: { leadId: 'L1', unit: 'lc-social-affairs', street: 'lc-st-haibin', rule: 'field:pension', deadline },
};
const referred: TriageEvent = {
  type: 'LeadReferredUp',
  data: { leadId: 'L1', from: 'lc-office', to: 'qz-office', reason: '持牌机构，属省证监局职责' },
};
const started: TriageEvent = { type: 'VerificationStarted', data: { leadId: 'L1', unit: 'lc-social-affairs', startedAt: at } };
const unfounded: TriageEvent = { type: 'LeadClosedUnfounded', data: { leadId: 'L1', unit: 'lc-social-affairs', reason: '经核查系正常经营' } };
const founded: TriageEvent = { type: 'LeadFounded', data: { leadId: 'L1', unit: 'lc-social-affairs', caseId: 'C1', actor: socialAffairs } };

const open: TriageCommand = { kind: 'OpenTriage', at, actor: officeOfficer, summary, office: 'lc-office', deadline: '2026-03-02T01:00:00.000Z' };
const route: TriageCommand = {
  kind: 'RouteLead',
  at,
  actor: officeOfficer,
  unit: 'lc-social-affairs',
  street: 'lc-st-haibin',
  rule: 'field:pension',
  deadline,
};
const referUp: TriageCommand = { kind: 'ReferLeadUp', at, actor: officeOfficer, to: 'qz-office', reason: '持牌机构，属省证监局职责' };
const start: TriageCommand = { kind: 'StartVerification', at, actor: socialAffairs };
const feedUnfounded: TriageCommand = { kind: 'FeedBackUnfounded', at, actor: socialAffairs, reason: '经核查系正常经营' };
const feedFounded: TriageCommand = { kind: 'FeedBackFounded', at, actor: socialAffairs, caseId: 'C1' };

describe('triage decider', () => {
  describe('OpenTriage', () => {
    it('opens the triage when intake reports the lead', () => {
      spec.given([]).when(open).then([opened]);
    });
    it('does nothing when the report is delivered again, whatever happened since', () => {
      spec.given([opened]).when(open).thenNothing();
      spec.given([opened, routed, founded]).when(open).thenNothing();
    });
    it('given a lead referred up from another deployment, then the triage opens with its origin, which routing keeps', () => {
      const origin = { deployment: 'lc', leadId: 'LC-L1', office: 'lc-office' };
      const fromLc: TriageEvent = { type: 'TriageOpened', data: { leadId: 'L1', office: 'qz-office', summary, origin } };
      spec.given([]).when({ kind: 'OpenTriage', at, actor: officeOfficer, summary, office: 'qz-office', origin }).then([fromLc]);
      const cityRoute: TriageCommand = { ...route, actor: cityOfficeOfficer, unit: 'qz-nfra', street: undefined };
      const events = [fromLc, ...triageDecider.decide(cityRoute, [fromLc].reduce(triageDecider.evolve, triageDecider.initialState()))];
      expect(events.reduce(triageDecider.evolve, triageDecider.initialState())).toMatchObject({ status: 'routed', office: 'qz-office', origin });
    });
  });

  describe('links', () => {
    const link = (target: string, confirmed: boolean): TriageCommand => ({
      kind: 'RecordLeadLink',
      at,
      actor: officeOfficer,
      leadId: 'L1',
      target,
      confirmed,
    });
    const noted = (target: string, confirmed: boolean): TriageEvent => ({ type: 'LinkedLeadNoted', data: { leadId: 'L1', target, confirmed } });
    it('notes a link, even before the lead itself was reported', () => {
      spec
        .given([])
        .when(link('L0', false))
        .then([noted('L0', false)]);
      spec
        .given([opened, routed, founded])
        .when(link('L0', false))
        .then([noted('L0', false)]);
    });
    it('notes a confirmation, and ignores a repeat or a late unconfirmed copy', () => {
      spec
        .given([opened, noted('L0', false)])
        .when(link('L0', true))
        .then([noted('L0', true)]);
      spec
        .given([opened, noted('L0', true)])
        .when(link('L0', true))
        .thenNothing();
      spec
        .given([opened, noted('L0', true)])
        .when(link('L0', false))
        .thenNothing();
    });
    it('refuses a link to the lead itself', () => {
      spec.given([opened]).when(link('L1', false)).thenThrows(DomainRuleError);
    });
    it('removes a link once, and ignores removing one it does not have', () => {
      const remove: TriageCommand = { kind: 'RemoveLeadLink', at, actor: officeOfficer, leadId: 'L1', target: 'L0' };
      spec
        .given([opened, noted('L0', false)])
        .when(remove)
        .then([{ type: 'LinkedLeadRemoved', data: { leadId: 'L1', target: 'L0' } }]);
      spec.given([opened]).when(remove).thenNothing();
      spec
        .given([opened, noted('L0', false), { type: 'LinkedLeadRemoved', data: { leadId: 'L1', target: 'L0' } }])
        .when(remove)
        .thenNothing();
    });
  });

  describe('RouteLead', () => {
    it('the owning office routes a lead awaiting triage', () => {
      spec.given([opened]).when(route).then([routed]);
    });
    it('leaves street out when there is none', () => {
      spec
        .given([opened])
        .when({ ...route, street: undefined, rule: 'manual' } as TriageCommand)
        .then([{ type: 'LeadRouted', data: { leadId: 'L1', unit: 'lc-social-affairs', rule: 'manual', deadline } }]);
    });
    it('the office it was referred to routes a referred lead', () => {
      spec
        .given([opened, referred])
        .when({ ...route, actor: cityOfficeOfficer, unit: 'qz-nfra', street: undefined, rule: 'manual' } as TriageCommand)
        .then([{ type: 'LeadRouted', data: { leadId: 'L1', unit: 'qz-nfra', rule: 'manual', deadline } }]);
    });
    it('re-routes before verification started; the same routing again does nothing', () => {
      spec
        .given([opened, routed])
        .when({ ...route, unit: 'lc-finance', rule: 'manual' } as TriageCommand)
        .then([{ type: 'LeadRouted', data: { ...routed.data, unit: 'lc-finance', rule: 'manual' } } as TriageEvent]);
      spec.given([opened, routed]).when(route).thenNothing();
    });
    it('refuses to re-route once the unit started verifying', () => {
      spec
        .given([opened, routed, started])
        .when({ ...route, unit: 'lc-finance' } as TriageCommand)
        .thenThrows(DomainRuleError);
    });
    it('refuses anyone but an officer of the owning office', () => {
      spec
        .given([opened])
        .when({ ...route, actor: socialAffairs } as TriageCommand)
        .thenThrows(ForbiddenError);
      spec.given([opened, referred]).when(route).thenThrows(ForbiddenError);
      spec
        .given([opened])
        .when({ ...route, actor: { ...officeOfficer, roles: ['convener'] } } as TriageCommand)
        .thenThrows(ForbiddenError);
    });
    it('refuses routing to the office itself or naming the unit twice', () => {
      spec
        .given([opened])
        .when({ ...route, unit: 'lc-office' } as TriageCommand)
        .thenThrows(DomainRuleError);
      spec
        .given([opened])
        .when({ ...route, unit: 'lc-st-haibin' } as TriageCommand)
        .thenThrows(DomainRuleError);
    });
    it('is refused before the report and after feedback, naming the state and what is allowed', () => {
      spec
        .given([])
        .when(route)
        .thenThrows(/RouteLead is not allowed: the lead triage is not_reported; allowed from not_reported: OpenTriage/);
      spec.given([opened, routed, unfounded]).when(route).thenThrows(InvalidTransitionError);
      spec
        .given([opened, routed, founded])
        .when(route)
        .thenThrows(/founded; allowed from founded: nothing/);
    });
  });

  describe('ReferLeadUp', () => {
    it('the owning office reports a lead up', () => {
      spec.given([opened]).when(referUp).then([referred]);
    });
    it('the city office reports it up again', () => {
      spec
        .given([opened, referred])
        .when({ ...referUp, actor: cityOfficeOfficer, to: 'fj-office', reason: '属省级职责' } as TriageCommand)
        .then([{ type: 'LeadReferredUp', data: { leadId: 'L1', from: 'qz-office', to: 'fj-office', reason: '属省级职责' } }]);
    });
    it('refuses a unit, an office that no longer owns it, a referral to itself and an empty reason', () => {
      spec
        .given([opened])
        .when({ ...referUp, actor: market } as TriageCommand)
        .thenThrows(ForbiddenError);
      spec.given([opened, referred]).when(referUp).thenThrows(ForbiddenError);
      spec
        .given([opened])
        .when({ ...referUp, to: 'lc-office' } as TriageCommand)
        .thenThrows(DomainRuleError);
      spec
        .given([opened])
        .when({ ...referUp, reason: '  ' } as TriageCommand)
        .thenThrows(DomainRuleError);
    });
    it('is refused once routed', () => {
      spec
        .given([opened, routed])
        .when(referUp)
        .thenThrows(/the lead triage is routed; allowed from routed: RouteLead, StartVerification/);
      spec.given([]).when(referUp).thenThrows(InvalidTransitionError);
    });
  });

  describe('StartVerification', () => {
    it('the routed unit starts verifying, once', () => {
      spec.given([opened, routed]).when(start).then([started]);
      spec.given([opened, routed, started]).when(start).thenNothing();
    });
    it('refuses another unit, even the street, and a lead not routed', () => {
      spec
        .given([opened, routed])
        .when({ ...start, actor: haibin } as TriageCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([opened, routed])
        .when({ ...start, actor: market } as TriageCommand)
        .thenThrows(ForbiddenError);
      spec.given([opened]).when(start).thenThrows(InvalidTransitionError);
    });
  });

  describe('FeedBackUnfounded', () => {
    it('the routed unit closes the lead with a reason', () => {
      spec.given([opened, routed]).when(feedUnfounded).then([unfounded]);
      spec.given([opened, routed, started]).when(feedUnfounded).then([unfounded]);
    });
    it('refuses another unit, an empty reason, and a lead not routed or already closed', () => {
      spec
        .given([opened, routed])
        .when({ ...feedUnfounded, actor: market } as TriageCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([opened, routed])
        .when({ ...feedUnfounded, actor: officeOfficer } as TriageCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([opened, routed])
        .when({ ...feedUnfounded, reason: '' } as TriageCommand)
        .thenThrows(DomainRuleError);
      spec.given([opened]).when(feedUnfounded).thenThrows(InvalidTransitionError);
      spec
        .given([opened, routed, unfounded])
        .when(feedUnfounded)
        .thenThrows(/closed_unfounded/);
    });
  });

  describe('FeedBackFounded', () => {
    it('the routed unit founds the lead, naming the case and carrying its actor snapshot', () => {
      spec.given([opened, routed]).when(feedFounded).then([founded]);
    });
    it('refuses another unit and a lead not routed, referred up or already founded', () => {
      spec
        .given([opened, routed])
        .when({ ...feedFounded, actor: market } as TriageCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([opened, referred])
        .when(feedFounded)
        .thenThrows(/referred_up; allowed from referred_up: RouteLead, ReferLeadUp/);
      spec.given([opened, routed, founded]).when(feedFounded).thenThrows(InvalidTransitionError);
    });
  });

  it('folds to the state the app reads', () => {
    const state = [
      opened,
      { type: 'LinkedLeadNoted', data: { leadId: 'L1', target: 'L0', confirmed: true } } as TriageEvent,
      routed,
      started,
      founded,
    ].reduce(triageDecider.evolve, triageDecider.initialState());
    expect(state).toMatchObject({
      status: 'founded',
      caseId: 'C1',
      office: 'lc-office',
      links: [{ leadId: 'L0', confirmed: true }],
      routing: { unit: 'lc-social-affairs', street: 'lc-st-haibin', verificationStartedAt: at },
    });
  });
});

describe('triage commands the decider does not know', () => {
  it('given any state, when a command of an unknown kind comes, then it is refused naming it', () => {
    expect(() => triageDecider.decide({ kind: 'Bogus' } as never, triageDecider.initialState())).toThrow(/^Unhandled triage command: .*Bogus/);
  });
});
