/**
 * Cases across deployments (docs/federation-casework.md). Outgoing, from this deployment's own stored events (never
 * from a request): an escalation to another deployment's city office → CaseEscalatedToCity; the city meeting's
 * decision on a record of such an escalation → CityMeetingDecided to where it came from; a lead referred up to an
 * office of another deployment → LeadReferredAcross. A failing send throws: the consumer retries, then parks.
 * Incoming, from the federation inbox: each message becomes one command whose id is derived from the message id
 * (`fed:<id>`), so a redelivery appends nothing twice. The sender is the topic's (the ACLs protect it); a message its
 * sender may not send is logged and ignored, never thrown (it would only be parked and retried for nothing).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CaseEventBody,
  CaseEscalatedToCityData,
  CityMeetingDecidedData,
  ContractEvent,
  LeadReferredAcrossData,
  decodeCaseEvent,
  decodeFederationCaseMessage,
  decodeMeetingEvent,
  decodeRoutingEvent,
  MeetingDecisionRecordedData,
  toCaseStreamId,
  toMeetingStreamId,
  toRoutingStreamId,
} from '@jm/contracts';
import { assertNever, CommandHandler, CommandMetadata, StoredEvent } from '@jm/event-sourcing';
import { AGENCY_REGISTRY, FEDERATION, Federation } from '@jm/platform';
import { AgencyRegistry, Deployment } from '@jm/reference';
import type { CaseCommand, CaseEvent, CaseState } from '../case/case.decider';
import { evolveCase, initialCaseState, OpenedCaseState } from '../case/case';
import { actorFromEnvelope, CASE_COMMANDS, MEETING_COMMANDS, TRIAGE_COMMANDS } from '../common/command-support';
import type { MeetingCommand } from '../meeting/meeting.commands';
import type { MeetingEvent } from '../meeting/meeting.events';
import type { MeetingState } from '../meeting/meeting';
import { causedBy } from '../process-managers/process-managers';
import type { TriageCommand } from '../triage/triage.commands';
import type { TriageEvent } from '../triage/triage.events';
import { evolveTriage, initialTriageState, TriageState } from '../triage/triage';
import { DatedCaseEvent, decisionMessage, escalatedCaseId, escalationMessage, leadReferralMessage, referredLeadId } from './federation-messages';

/** A command caused by a message from another deployment: its id derived from the message's. */
function causedByMessage(message: StoredEvent): CommandMetadata {
  return { ...causedBy(message), commandId: `fed:${message.id}` };
}

/** The events of a stream up to (and with) the one that caused a message: the same message on every retry. */
function upTo(stored: readonly StoredEvent[], cause: StoredEvent): StoredEvent[] {
  return stored.filter((e) => e.streamVersion <= cause.streamVersion);
}

@Injectable()
export class FederationCases {
  private readonly logger = new Logger('FederationCases');

  constructor(
    @Inject(FEDERATION) private readonly federation: Federation,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CASE_COMMANDS) private readonly cases: CommandHandler<CaseCommand, CaseState, CaseEvent>,
    @Inject(MEETING_COMMANDS) private readonly meetings: CommandHandler<MeetingCommand, MeetingState, MeetingEvent>,
    @Inject(TRIAGE_COMMANDS) private readonly triage: CommandHandler<TriageCommand, TriageState, TriageEvent>,
  ) {}

  // ---- outgoing ----

  /** A case event that may have to go to another deployment. */
  async onCaseEvent(event: StoredEvent): Promise<void> {
    const decoded = decodeCaseEvent(event);
    if (decoded.type === 'EscalatedToCityMeeting') await this.onEscalated(event, decoded);
    if (decoded.type === 'MeetingDecisionApplied') await this.onDecisionApplied(event, decoded);
  }

  /** EscalatedToCityMeeting to another deployment's city office: the case as the city meeting needs it. */
  private async onEscalated(event: StoredEvent, escalated: Extract<CaseEventBody, { type: 'EscalatedToCityMeeting' }>): Promise<void> {
    if (!escalated.data.cityDeployment) return;
    const { state, history } = await this.caseAsOf(event);
    const cityOffice = this.registry.officeFor(state.facts.jurisdiction, 'city');
    if (!cityOffice) throw new Error(`${event.id}: no city office over ${state.facts.jurisdiction} in the registry`);
    const data = escalationMessage(state, history, {
      cityOffice: cityOffice.code,
      question: escalated.data.question,
      districtMeetingId: escalated.data.districtMeetingId,
    });
    await this.send(escalated.data.cityDeployment, event, { type: 'CaseEscalatedToCity', version: 1, data });
  }

  /** The city meeting decided on a record opened from another deployment's escalation: the decision goes back there. */
  private async onDecisionApplied(event: StoredEvent, applied: Extract<CaseEventBody, { type: 'MeetingDecisionApplied' }>): Promise<void> {
    if (applied.data.level !== 'city') return;
    const { state } = await this.caseAsOf(event);
    const origin = state.facts.origin;
    if (!origin) return;
    const decidedBy = await this.convenerOf(applied.data.meetingId, applied.data.caseId);
    await this.send(origin.deployment, event, {
      type: 'CityMeetingDecided',
      version: 1,
      data: decisionMessage(applied.data.caseId, origin, applied.data, decidedBy),
    });
  }

  /** A lead referred up to an office another deployment serves: its summary goes there. */
  async onLeadReferredUp(event: StoredEvent): Promise<void> {
    const referred = decodeRoutingEvent(event);
    if (referred.type !== 'LeadReferredUp') return;
    const to = this.federation.remoteDeploymentOf(referred.data.to);
    if (!to) return;
    const { stored } = await this.triage.load(event.streamId);
    const state = upTo(stored, event)
      .map((e) => decodeRoutingEvent(e))
      .reduce(evolveTriage, initialTriageState());
    if (state.status === 'not_reported') throw new Error(`${event.id}: the triage of lead ${referred.data.leadId} was never opened`);
    await this.send(to.id, event, { type: 'LeadReferredAcross', version: 1, data: leadReferralMessage(state, referred.data) });
  }

  /**
   * A record of an escalation from elsewhere, put on a city meeting's agenda by the city office: the record goes before
   * that meeting (EscalateToCityMeeting names it), so the convener's decision applies to it as to any escalation.
   */
  async onPutOnAgenda(event: StoredEvent): Promise<void> {
    const put = decodeMeetingEvent(event);
    if (put.type !== 'CasePutOnAgenda' || put.data.source !== 'manual') return;
    const { state: meeting } = await this.meetings.load(toMeetingStreamId(put.data.meetingId));
    if (meeting.status === 'not_scheduled' || meeting.level !== 'city') return;
    const { stored } = await this.cases.load(toCaseStreamId(put.data.caseId));
    const opening = stored[0] ? decodeCaseEvent(stored[0]) : undefined;
    if (opening?.type !== 'CaseOpened' || !opening.data.origin) return;
    const question = opening.data.origin.question;
    await this.cases.handle(
      toCaseStreamId(put.data.caseId),
      (state): CaseCommand | undefined => {
        if (state.status !== 'awaiting_city_escalation') return undefined;
        const actor = actorFromEnvelope(this.registry, event.actor, { jurisdiction: state.facts.jurisdiction });
        return { kind: 'EscalateToCityMeeting', at: event.time, actor, meetingId: meeting.meetingId, meetingTitle: meeting.title, question };
      },
      causedBy(event),
    );
  }

  // ---- incoming ----

  /** A message from another deployment (the sender is the topic's). */
  async onMessage(message: StoredEvent, sender: Deployment): Promise<void> {
    const decoded = decodeFederationCaseMessage(message);
    switch (decoded.type) {
      case 'CaseEscalatedToCity':
        return this.onCaseEscalatedToCity(message, sender, decoded.data);
      case 'CityMeetingDecided':
        return this.onCityMeetingDecided(message, sender, decoded.data);
      case 'LeadReferredAcross':
        return this.onLeadReferredAcross(message, sender, decoded.data);
      default:
        return assertNever(decoded, 'federation case message');
    }
  }

  /** A district of another deployment escalated its case here: the city's own record, linked to it. */
  private async onCaseEscalatedToCity(message: StoredEvent, sender: Deployment, d: CaseEscalatedToCityData): Promise<void> {
    const city = this.registry.officeFor(d.jurisdiction, 'city');
    if (
      !this.registry.get(d.office) ||
      !this.fromServed(sender, message, d.office) ||
      city?.code !== d.cityOffice ||
      !this.federation.servesAgency(d.cityOffice)
    ) {
      return this.ignore(
        message,
        sender,
        `escalates ${d.caseNo} from ${d.office} to ${d.cityOffice}, which is not the city office here over ${d.jurisdiction}`,
      );
    }
    const { cityOffice, keyFlags, caseId, caseNo, office, districtMeeting, question, findings, opinions, ...facts } = d;
    const caseRecordId = escalatedCaseId(sender.id, caseId, message.causationId);
    await this.cases.handle(
      toCaseStreamId(caseRecordId),
      {
        kind: 'ReceiveEscalation',
        ...facts,
        at: message.time,
        actor: actorFromEnvelope(this.registry, message.actor, { jurisdiction: d.jurisdiction }),
        caseId: caseRecordId,
        caseNo,
        office: cityOffice,
        origin: { deployment: sender.id, caseId, caseNo, office, districtMeeting, question, findings, opinions },
        keyFlags,
      },
      causedByMessage(message),
    );
  }

  /** The city meeting of the deployment this case was escalated to decided: the case moves, in the convener's name. */
  private async onCityMeetingDecided(message: StoredEvent, sender: Deployment, d: CityMeetingDecidedData): Promise<void> {
    if (!this.federation.registry.serves(sender, d.decidedBy.agency)) {
      return this.ignore(message, sender, `names the convener ${d.decidedBy.agency}, whom ${sender.id} does not serve`);
    }
    await this.cases.handle(
      toCaseStreamId(d.caseId),
      (state): CaseCommand | undefined => {
        if (state.status !== 'at_city_meeting' || state.cityDeployment !== sender.id) {
          this.ignore(
            message,
            sender,
            `decides case ${d.caseId}, which ${state.status === 'at_city_meeting' ? `was escalated to ${state.cityDeployment ?? 'this deployment'}` : `is ${state.status}`}`,
          );
          return undefined;
        }
        return {
          kind: 'ApplyMeetingDecision',
          at: message.time,
          actor: d.decidedBy,
          meetingId: d.meetingId,
          ...(d.meetingTitle ? { meetingTitle: d.meetingTitle } : {}),
          level: 'city',
          decision: d.decision,
          ...(d.conclusion ? { conclusion: d.conclusion } : {}),
          text: d.text,
          fromDeployment: sender.id,
        };
      },
      causedByMessage(message),
    );
  }

  /** A lead referred up from another deployment to an office served here: its triage opens here, linked to it. */
  private async onLeadReferredAcross(message: StoredEvent, sender: Deployment, d: LeadReferredAcrossData): Promise<void> {
    if (!this.fromServed(sender, message, d.from) || this.registry.get(d.to)?.kind !== 'office' || !this.federation.servesAgency(d.to)) {
      return this.ignore(message, sender, `refers lead ${d.leadId} from ${d.from} to ${d.to}, which is not an office served here`);
    }
    const leadId = referredLeadId(sender.id, d.leadId);
    await this.triage.handle(
      toRoutingStreamId(leadId),
      {
        kind: 'OpenTriage',
        at: message.time,
        actor: actorFromEnvelope(this.registry, message.actor, { jurisdiction: d.summary.jurisdiction }),
        summary: { ...d.summary, leadId },
        office: d.to,
        origin: { deployment: sender.id, leadId: d.leadId, office: d.from },
      },
      causedByMessage(message),
    );
  }

  // ---- support ----

  private async send(to: string, cause: StoredEvent, event: ContractEvent): Promise<void> {
    const id = await this.federation.send(to, cause, event);
    this.logger.log({ messageId: id, causeId: cause.id, to, type: event.type }, 'sent to another deployment');
  }

  /** The case as it stood at the event, with its events up to then. */
  private async caseAsOf(event: StoredEvent): Promise<{ state: OpenedCaseState; history: DatedCaseEvent[] }> {
    const { stored } = await this.cases.load(event.streamId);
    const history = upTo(stored, event).map((e) => ({ ...decodeCaseEvent(e), time: e.time }) as DatedCaseEvent);
    const state = history.reduce<CaseState>(evolveCase, initialCaseState());
    if (state.status === 'none') throw new Error(`${event.id}: case stream ${event.streamId} has no opening`);
    return { state, history };
  }

  /** The convener who recorded the meeting's decision on the case (the meeting stream is ours). */
  private async convenerOf(meetingId: string, caseId: string): Promise<MeetingDecisionRecordedData['decidedBy']> {
    const { stored } = await this.meetings.load(toMeetingStreamId(meetingId));
    for (const e of stored) {
      const decoded = decodeMeetingEvent(e);
      if (decoded.type === 'MeetingDecisionRecorded' && decoded.data.caseId === caseId) return decoded.data.decidedBy;
    }
    throw new Error(`meeting ${meetingId} has recorded no decision on case ${caseId}`);
  }

  /** The message's actor and the agency it speaks for are both the sender's. */
  private fromServed(sender: Deployment, message: StoredEvent, agency: string): boolean {
    const registry = this.federation.registry;
    return registry.serves(sender, agency) && registry.serves(sender, message.actor.agency);
  }

  private ignore(message: StoredEvent, sender: Deployment, why: string): void {
    this.logger.warn({ messageId: message.id, type: message.type, sender: sender.id }, `ignored a message from ${sender.id}: it ${why}`);
  }
}
