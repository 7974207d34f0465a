/** Every transition of a cross-region negotiation record and its refusals, given/when/then. */
import type { NegotiationOpenedData } from '@jm/contracts';
import { negotiationRecord } from '@jm/contracts/testing';
import { DomainRuleError, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { deciderSpec } from '@jm/event-sourcing/testing';
import { actor, fzOffice, lcOffice, qzOffice, systemActor } from '../testing/case.fixtures';
import type { NegotiationCommand } from './negotiation.commands';
import { negotiationDecider } from './negotiation.decider';
import type { NegotiationEvent } from './negotiation.events';

const spec = deciderSpec(negotiationDecider);
const at = '2026-06-01T02:00:00.000Z';
const dueAt = '2026-06-15T16:00:00.000Z';
const fzAnalyst = actor('fz-office', 'office', ['analyst'], { jurisdiction: '350503' });
const qzAnalyst = actor('qz-office', 'office', ['analyst'], { level: 'city', jurisdiction: '350500' });

const opened = (kind: NegotiationOpenedData['kind'], office: string, extra: Partial<NegotiationOpenedData> = {}): NegotiationEvent => ({
  type: 'NegotiationOpened',
  data: negotiationRecord(kind, office, extra),
});
const notice = opened('notice', 'lc-office');
const negotiation = opened('negotiation', 'fz-office', { dueAt });
const dispute = opened('dispute', 'qz-office', { reason: 'disagreed', disagreement: '主要资金归集地在鲤城' });

const answer = (extra: Partial<Extract<NegotiationCommand, { kind: 'AnswerNegotiation' }>> = {}): NegotiationCommand => ({
  kind: 'AnswerNegotiation',
  at,
  actor: fzOffice,
  agree: true,
  leadRegion: '350502',
  ...extra,
});
const agreed: NegotiationEvent = { type: 'NegotiationAnswered', data: { negotiationId: 'N1', agree: true, leadRegion: '350502', by: 'fz-office' } };
const disagreed: NegotiationEvent[] = [
  { type: 'NegotiationAnswered', data: { negotiationId: 'N1', agree: false, reason: '主要资金归集地在鲤城', by: 'fz-office' } },
  { type: 'NegotiationReferred', data: { negotiationId: 'N1', reason: 'disagreed', superior: 'qz' } },
];
const decide = (extra: Partial<Extract<NegotiationCommand, { kind: 'DecideDispute' }>> = {}): NegotiationCommand => ({
  kind: 'DecideDispute',
  at,
  actor: qzOffice,
  leadRegion: '350503',
  reason: '涉案主体注册地及主要经营地在丰泽',
  ...extra,
});
const decided: NegotiationEvent = {
  type: 'NegotiationDecided',
  data: { negotiationId: 'N1', leadRegion: '350503', reason: '涉案主体注册地及主要经营地在丰泽', by: 'qz-office' },
};
const recordDecision: NegotiationCommand = {
  kind: 'RecordDecision',
  at,
  actor: systemActor,
  leadRegion: '350503',
  reason: '涉案主体注册地及主要经营地在丰泽',
  by: 'qz-office',
};

describe('opening', () => {
  it('given nothing, when a record is opened, then it is', () =>
    spec
      .given([])
      .when({ kind: 'OpenNegotiation', at, actor: lcOffice, record: negotiationRecord('notice', 'lc-office') })
      .then([notice]));
  it('given an opened record, when the same one is opened again (a redelivery), then nothing', () =>
    spec
      .given([negotiation])
      .when({ kind: 'OpenNegotiation', at, actor: lcOffice, record: negotiationRecord('negotiation', 'fz-office', { dueAt }) })
      .thenNothing());
});

describe('the notified office answers', () => {
  it('given a negotiation, when its office officer agrees on a lead region, then it is agreed', () =>
    spec.given([negotiation]).when(answer()).then([agreed]));
  it('given a negotiation, when its office officer disagrees with a reason, then it is answered and referred to the common superior', () =>
    spec
      .given([negotiation])
      .when(answer({ agree: false, leadRegion: undefined, reason: '主要资金归集地在鲤城' }))
      .then(disagreed));
  it('given a negotiation, when the agreed region is neither of the two, then 422 naming both', () =>
    spec
      .given([negotiation])
      .when(answer({ leadRegion: '350203' }))
      .thenThrows('leadRegion: one of the two regions of this negotiation, 350502 or 350503; found 350203'));
  it('given a negotiation, when a disagreement has no reason, then 422', () =>
    spec
      .given([negotiation])
      .when(answer({ agree: false, leadRegion: undefined, reason: ' ' }))
      .thenThrows(DomainRuleError));
  it('given a negotiation, when an analyst of the office answers, then 403', () =>
    spec
      .given([negotiation])
      .when(answer({ actor: fzAnalyst }))
      .thenThrows(ForbiddenError));
  it('given a negotiation, when another office answers, then 403', () =>
    spec
      .given([negotiation])
      .when(answer({ actor: lcOffice }))
      .thenThrows(ForbiddenError));
  it('given an agreed negotiation, when it is answered again, then 409', () =>
    spec.given([negotiation, agreed]).when(answer()).thenThrows(InvalidTransitionError));
  it('given a decided negotiation, when it is answered, then 409 naming the binding decision', () =>
    spec
      .given([negotiation, ...disagreed, decided])
      .when(answer())
      .thenThrows(/bound by the decision of qz-office: lead region 350503/));
  it('given a referred negotiation, when it is answered, then 409 naming the superior', () =>
    spec
      .given([negotiation, ...disagreed])
      .when(answer())
      .thenThrows(/referred to the common superior qz/));
  it('given our own notice, when we answer it, then 409 (the other region answers)', () =>
    spec
      .given([notice])
      .when(answer({ actor: lcOffice }))
      .thenThrows(InvalidTransitionError));
  it('given no record, when it is answered, then 409', () => spec.given([]).when(answer()).thenThrows(InvalidTransitionError));
});

describe('the due time', () => {
  const refer = (when: string): NegotiationCommand => ({ kind: 'ReferNegotiation', at: when, actor: systemActor, reason: 'overdue' });
  const overdue: NegotiationEvent = { type: 'NegotiationReferred', data: { negotiationId: 'N1', reason: 'overdue', superior: 'qz' } };
  it('given an unanswered negotiation, when the due time has passed, then it is referred as overdue', () =>
    spec.given([negotiation]).when(refer(dueAt)).then([overdue]));
  it('given an unanswered negotiation, when the check runs before the due time, then nothing', () =>
    spec.given([negotiation]).when(refer(at)).thenNothing());
  it('given an agreed negotiation, when the due time passes, then nothing', () => spec.given([negotiation, agreed]).when(refer(dueAt)).thenNothing());
  it('given an overdue negotiation, when its office answers late, then 409', () =>
    spec.given([negotiation, overdue]).when(answer()).thenThrows(InvalidTransitionError));
  it('given our notice, when the other side says it referred it, then it is referred', () => spec.given([notice]).when(refer(at)).then([overdue]));
});

describe('the notifying side records what comes back', () => {
  const recordAnswer = (agree: boolean): NegotiationCommand => ({
    kind: 'RecordAnswer',
    at,
    actor: fzOffice,
    agree,
    ...(agree ? { leadRegion: '350502' } : { reason: '主要资金归集地在鲤城' }),
    by: 'fz-office',
  });
  it('given our notice, when the agreement comes back, then it is agreed', () => spec.given([notice]).when(recordAnswer(true)).then([agreed]));
  it('given our notice, when the disagreement comes back, then it is answered and referred', () =>
    spec.given([notice]).when(recordAnswer(false)).then(disagreed));
  it('given an agreed notice, when the answer comes again, then nothing', () => spec.given([notice, agreed]).when(recordAnswer(true)).thenNothing());
  it('given a referred notice, when the decision comes, then it is bound by it', () =>
    spec
      .given([notice, ...disagreed])
      .when(recordDecision)
      .then([decided]));
  it('given a decided notice, when the decision comes again, then nothing', () =>
    spec
      .given([notice, ...disagreed, decided])
      .when(recordDecision)
      .thenNothing());
  it('given no record, when a decision comes, then nothing', () => spec.given([]).when(recordDecision).thenNothing());
  it('given a referred notice, when a decision names a third region, then nothing', () =>
    spec
      .given([notice, ...disagreed])
      .when({ ...recordDecision, leadRegion: '350203' } as NegotiationCommand)
      .thenNothing());
});

describe('the common superior decides', () => {
  it('given a dispute, when its office officer decides, then the decision is recorded', () => spec.given([dispute]).when(decide()).then([decided]));
  it('given a dispute, when an analyst decides, then 403', () =>
    spec
      .given([dispute])
      .when(decide({ actor: qzAnalyst }))
      .thenThrows(ForbiddenError));
  it('given a dispute, when a district office decides, then 403', () =>
    spec
      .given([dispute])
      .when(decide({ actor: fzOffice }))
      .thenThrows(ForbiddenError));
  it('given a dispute, when the region is neither side, then 422', () =>
    spec
      .given([dispute])
      .when(decide({ leadRegion: '350000' }))
      .thenThrows(DomainRuleError));
  it('given a dispute, when the decision has no reason, then 422', () =>
    spec
      .given([dispute])
      .when(decide({ reason: '' }))
      .thenThrows(DomainRuleError));
  it('given a decided dispute, when it is decided again, then 409', () =>
    spec.given([dispute, decided]).when(decide()).thenThrows(InvalidTransitionError));
  it('given a negotiation, when it is decided as a dispute, then 409', () =>
    spec
      .given([negotiation])
      .when(decide({ actor: fzOffice }))
      .thenThrows(InvalidTransitionError));
});
