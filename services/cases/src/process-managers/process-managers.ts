/**
 * Process managers of the cases service: they run from the bus, never in the
 * request path, and turn one stream's facts into another stream's commands:
 *   intake LeadReportedToOffice          → triage OpenTriage
 *   intake LeadLinked/Confirmed/Undone   → triage RecordLeadLink / RemoveLeadLink (both leads)
 *   intake LeadLinkConfirmed (to a case) → case AttachLead
 *   triage LeadFounded                   → case OpenCase (with the linked leads)
 *   case ReferredToDistrictMeeting / EscalatedToCityMeeting → meeting PutCaseOnAgenda (not an escalation to another
 *     deployment: federation/federation.process-manager.ts sends that one)
 *   meeting MeetingDecisionRecorded      → case ApplyMeetingDecision (as the convener)
 *   notifications DeadlineMissed of a case clock in CLOCK_KEY_FLAGS → case SetKeyCaseFlagFromClock (as the system)
 *   aftermath AftermathPetitionReferred  → case CountRegisterPetition (petition pressure counts it)
 * Each command's id is derived from the triggering event id (`pm:<event id>`),
 * so a redelivered event appends nothing twice: the command handler answers
 * what it did the first time.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  decodeAftermathEvent,
  decodeCaseEvent,
  decodeDeadlineEvent,
  decodeMeetingEvent,
  toAftermathStreamId,
  toCaseStreamId,
  toMeetingStreamId,
  toRoutingStreamId,
} from '@jm/contracts';
import { CommandHandler, CommandMetadata, DomainRuleError, ForbiddenError, InvalidTransitionError, StoredEvent } from '@jm/event-sourcing';
import { AGENCY_REGISTRY, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import { AgencyRegistry, KeyCaseFlag, regionContains } from '@jm/reference';
import type { CaseCommand, CaseEvent, CaseState } from '../case/case.decider';
import type { AftermathCommand } from '../aftermath/aftermath.commands';
import type { AftermathEvent } from '../aftermath/aftermath.events';
import type { AftermathState } from '../aftermath/aftermath';
import { actorFromEnvelope, AFTERMATH_COMMANDS, CASE_COMMANDS, MEETING_COMMANDS, TRIAGE_COMMANDS } from '../common/command-support';
import type { MeetingCommand } from '../meeting/meeting.commands';
import type { MeetingEvent } from '../meeting/meeting.events';
import type { MeetingState } from '../meeting/meeting';
import type { TriageCommand } from '../triage/triage.commands';
import type { LeadFoundedEventData, TriageEvent } from '../triage/triage.events';
import type { TriageState } from '../triage/triage';
import { parseLeadReportedToOffice, parseLinkEvent } from './intake-contract';

/**
 * The key-case flags statutory clocks stand for: when the clock of this policy (config/deadline-policies.json)
 * runs out on a case, the case gets the flag (seed 001: 刑事侦查立案5年以上 is a key case).
 */
export const CLOCK_KEY_FLAGS: Record<string, { flag: KeyCaseFlag; reason: string }> = {
  'case-clearance-5y': { flag: 'criminal_over_5y', reason: '刑事侦查立案满5年未出清' },
};

/** Metadata of a command caused by an event: id derived from it, its time and correlation. */
export function causedBy(event: StoredEvent, suffix = ''): CommandMetadata {
  return {
    commandId: `pm:${event.id}${suffix}`,
    time: event.time,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.id,
  };
}

/** Case number: CASE-<region>-<year in Beijing time>-<first 8 of the case id>, derived, so it is the same on every redelivery. */
export function caseNumber(caseId: string, jurisdiction: string, at: string): string {
  const year = new Date(new Date(at).getTime() + 8 * 3600 * 1000).getUTCFullYear();
  return `CASE-${jurisdiction}-${year}-${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

@Injectable()
export class ProcessManagers {
  private readonly logger = new Logger('ProcessManagers');

  constructor(
    @Inject(TRIAGE_COMMANDS) private readonly triage: CommandHandler<TriageCommand, TriageState, TriageEvent>,
    @Inject(CASE_COMMANDS) private readonly cases: CommandHandler<CaseCommand, CaseState, CaseEvent>,
    @Inject(MEETING_COMMANDS) private readonly meetings: CommandHandler<MeetingCommand, MeetingState, MeetingEvent>,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(AFTERMATH_COMMANDS) private readonly aftermath: CommandHandler<AftermathCommand, AftermathState, AftermathEvent>,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onLeadReportedToOffice(event: StoredEvent): Promise<void> {
    const data = parseLeadReportedToOffice(event);
    const actor = actorFromEnvelope(this.registry, event.actor, data.summary);
    await this.triage.handle(
      toRoutingStreamId(data.leadId),
      {
        kind: 'OpenTriage',
        at: event.time,
        actor,
        summary: data.summary,
        office: data.office,
        ...(data.deadline ? { deadline: data.deadline } : {}),
      },
      causedBy(event),
    );
  }

  async onLeadLinkEvent(event: StoredEvent): Promise<void> {
    const data = parseLinkEvent(event);
    const actor = actorFromEnvelope(this.registry, event.actor, { jurisdiction: '000000' });
    if (data.target.kind === 'case') {
      if (event.type === 'LeadLinkConfirmed') await this.attachToCase(event, data.leadId, data.target.id);
      return;
    }
    const base = { at: event.time, actor };
    // Both leads learn of the link: whichever is founded first attaches the other to its case.
    const pairs: Array<[string, string, string]> = [
      [data.leadId, data.target.id, ':a'],
      [data.target.id, data.leadId, ':b'],
    ];
    for (const [leadId, target, suffix] of pairs) {
      const command: TriageCommand =
        event.type === 'LeadLinkUndone'
          ? { kind: 'RemoveLeadLink', ...base, leadId, target }
          : { kind: 'RecordLeadLink', ...base, leadId, target, confirmed: event.type === 'LeadLinkConfirmed' };
      await this.triage.handle(toRoutingStreamId(leadId), command, causedBy(event, suffix));
    }
  }

  async onLeadFounded(event: StoredEvent<LeadFoundedEventData>): Promise<void> {
    const { leadId, caseId, actor } = event.data;
    const { state } = await this.triage.load(toRoutingStreamId(leadId));
    if (state.status !== 'founded') throw new Error(`LeadFounded ${event.id}: the triage of lead ${leadId} is ${state.status}, not founded`);
    const { summary, routing } = state;
    const street = routing.street;
    const regionOffices: Record<string, string> = {};
    for (const subject of summary.subjects) {
      if (!subject.region || regionContains(summary.jurisdiction, subject.region)) continue;
      const office = this.registry.officeFor(subject.region, 'district') ?? this.registry.officeFor(subject.region, 'city');
      if (office) regionOffices[subject.region] = office.code;
    }
    const command: CaseCommand = {
      kind: 'OpenCase',
      at: event.time,
      actor,
      caseId,
      caseNo: caseNumber(caseId, summary.jurisdiction, event.time),
      title: summary.title,
      leadIds: [leadId, ...state.links.map((l) => l.leadId).filter((id) => id !== leadId)],
      category: summary.category,
      field: summary.field,
      jurisdiction: summary.jurisdiction,
      ...(street ? { street } : {}),
      office: state.office,
      leadUnit: routing.unit,
      cooperatingUnits: street && street !== routing.unit ? [street] : [],
      subjects: summary.subjects,
      matchKeys: summary.matchKeys,
      ...(summary.amountYuan ? { amountYuan: summary.amountYuan } : {}),
      ...(summary.participants !== undefined ? { participants: summary.participants } : {}),
      ...(Object.keys(regionOffices).length ? { regionOffices } : {}),
    };
    await this.cases.handle(toCaseStreamId(caseId), command, causedBy(event));
  }

  async onReferral(event: StoredEvent): Promise<void> {
    const referral = decodeCaseEvent(event);
    if (referral.type !== 'ReferredToDistrictMeeting' && referral.type !== 'EscalatedToCityMeeting')
      throw new Error(`${event.type} is not a referral`);
    // Escalated to another deployment's city office: no meeting here (federation/ sends it there).
    if (referral.type === 'EscalatedToCityMeeting' && referral.data.cityDeployment) return;
    const { caseId, meetingId } = referral.data;
    const { state } = await this.cases.load(toCaseStreamId(caseId));
    const fallback = state.status === 'none' ? { jurisdiction: '000000' } : { jurisdiction: state.facts.jurisdiction };
    const command: MeetingCommand = {
      kind: 'PutCaseOnAgenda',
      at: event.time,
      actor: actorFromEnvelope(this.registry, event.actor, fallback),
      caseId,
      question: referral.type === 'EscalatedToCityMeeting' ? 'escalation' : 'determination',
      referralEventId: event.id,
    };
    await this.meetings.handle(toMeetingStreamId(meetingId), command, causedBy(event));
  }

  async onMeetingDecision(event: StoredEvent): Promise<void> {
    const decision = decodeMeetingEvent(event);
    if (decision.type !== 'MeetingDecisionRecorded') throw new Error(`${event.type} is not a meeting decision`);
    const d = decision.data;
    // The decision event does not repeat the title; the meeting stream (ours) has it, for the case's timeline.
    const { state: meeting } = await this.meetings.load(toMeetingStreamId(d.meetingId));
    const command: CaseCommand = {
      kind: 'ApplyMeetingDecision',
      at: event.time,
      actor: d.decidedBy,
      meetingId: d.meetingId,
      ...(meeting.status === 'not_scheduled' ? {} : { meetingTitle: meeting.title }),
      level: d.level,
      decision: d.decision,
      ...(d.conclusion ? { conclusion: d.conclusion } : {}),
      text: d.text,
    };
    await this.cases.handle(toCaseStreamId(d.caseId), command, causedBy(event));
  }

  /** A case's clock ran out: the flag it stands for is set, by the system, naming the clock; a closed or unknown case is left alone. */
  async onDeadlineMissed(event: StoredEvent): Promise<void> {
    const missed = decodeDeadlineEvent(event);
    if (missed.type !== 'DeadlineMissed') throw new Error(`${event.type} is not a missed deadline`);
    const { subject, policyId, clockId, dueAt } = missed.data;
    const flag = CLOCK_KEY_FLAGS[policyId];
    if (!flag || subject?.kind !== 'case') return;
    await this.cases.handle(
      toCaseStreamId(subject.id),
      (state): CaseCommand | undefined => {
        if (state.status === 'none' || state.status === 'closed') return undefined;
        const actor = actorFromEnvelope(this.registry, event.actor, { jurisdiction: state.facts.jurisdiction });
        return { kind: 'SetKeyCaseFlagFromClock', at: event.time, actor, flag: flag.flag, clockId, dueAt, reason: flag.reason };
      },
      causedBy(event),
    );
  }

  /**
   * A petition referred through the case's aftermath register counts toward petition pressure: the case hears
   * how many the register held with it (its place in the register, the same on a redelivery). A closed or unknown case is left alone.
   */
  async onRegisterPetition(event: StoredEvent): Promise<void> {
    const referred = decodeAftermathEvent(event);
    if (referred.type !== 'AftermathPetitionReferred') throw new Error(`${event.type} is not a referred petition`);
    const { caseId, petitionId } = referred.data;
    const { state: register } = await this.aftermath.load(toAftermathStreamId(caseId));
    const registerPetitions = Object.keys(register.petitions).indexOf(petitionId) + 1;
    if (registerPetitions === 0) return;
    await this.cases.handle(
      toCaseStreamId(caseId),
      (state): CaseCommand | undefined => {
        if (state.status === 'none' || state.status === 'closed') return undefined;
        const actor = actorFromEnvelope(this.registry, event.actor, { jurisdiction: state.facts.jurisdiction });
        const threshold = this.config.domain.petitionPressureThreshold;
        return { kind: 'CountRegisterPetition', at: event.time, actor, petitionId, registerPetitions, petitionPressureThreshold: threshold };
      },
      causedBy(event),
    );
  }

  /** The office confirmed that a new lead belongs to an existing case: attach it. A case that cannot take it (closed) is logged, not parked. */
  private async attachToCase(event: StoredEvent, leadId: string, caseId: string): Promise<void> {
    const actor = actorFromEnvelope(this.registry, event.actor, { jurisdiction: '000000' });
    try {
      await this.cases.handle(toCaseStreamId(caseId), { kind: 'AttachLead', at: event.time, actor, leadId }, causedBy(event));
    } catch (error) {
      if (error instanceof InvalidTransitionError || error instanceof DomainRuleError || error instanceof ForbiddenError) {
        this.logger.warn({ eventId: event.id, caseId, leadId, reason: error.message }, 'confirmed lead link not attached to the case');
        return;
      }
      throw error;
    }
  }
}
