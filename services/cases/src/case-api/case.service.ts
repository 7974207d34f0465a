/**
 * The case application service: need-to-know (404 for a case the caller may
 * not know), the registry facts and deadlines a command needs, the command
 * handler of case-<id>, and the detail view folded from the stream with a
 * readable timeline in zh-CN or English.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  AccessLog,
  AGENCY_REGISTRY,
  AgencyRegistry,
  CLOCK,
  Clock,
  CommandAccepted,
  commandAccepted,
  CommandHandler,
  CommandRequest,
  commandFromRequest,
  CommandMetadata,
  describeCaseEvent,
  DomainActor,
  DomainRuleError,
  InjectReadModel,
  Lang,
  NotFoundError,
  Principal,
  SERVICE_CONFIG,
  ServiceConfig,
  toCaseStreamId,
  toMeetingStreamId,
} from '@jm/shared';
import type { Page } from '@jm/shared';
import type { DataSource } from 'typeorm';
import { canSeeCase, caseAudience, requireCaseworker } from '../access/need-to-know';
import type { CaseCommand, CaseEvent, CaseState } from '../case/case.decider';
import { CASE_COMMANDS, domainActorOf, MEETING_COMMANDS } from '../common/command-support';
import type { MeetingCommand } from '../meeting/meeting.commands';
import type { MeetingEvent, MeetingLevel } from '../meeting/meeting.events';
import type { MeetingState } from '../meeting/meeting';
import { inCaseAudience, listCases } from '../read-model/queries';
import type { CaseSummaryRow } from '../read-model/read-model.entities';
import type { ListCasesQuery } from './case.dto';

type OpenedCase = Exclude<CaseState, { status: 'none' }>;

/** What a command builder gets: the common fields, the metadata and the current case. */
export interface CommandContext {
  base: { at: string; actor: DomainActor };
  metadata: CommandMetadata;
  state: OpenedCase;
}

export interface TimelineLine {
  version: number;
  at: string;
  type: string;
  by: { agency: string; name: string; user: string };
  text: string;
}

export interface CaseView {
  caseId: string;
  version: number;
  status: OpenedCase['status'];
  state: OpenedCase;
  timeline: TimelineLine[];
}

@Injectable()
export class CaseService {
  constructor(
    @Inject(CASE_COMMANDS) private readonly handler: CommandHandler<CaseCommand, CaseState, CaseEvent>,
    @Inject(MEETING_COMMANDS) private readonly meetings: CommandHandler<MeetingCommand, MeetingState, MeetingEvent>,
    @Inject(AGENCY_REGISTRY) readonly registry: AgencyRegistry,
    @Inject(SERVICE_CONFIG) readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
    private readonly accessLog: AccessLog,
  ) {}

  /** Runs one case command built from the request, after need-to-know. */
  async execute(request: CommandRequest, caseId: string, build: (context: CommandContext) => CaseCommand | Promise<CaseCommand>): Promise<CommandAccepted> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    const { state } = await this.visible(principal, caseId);
    const command = await build({ base: { at: metadata.time, actor: domainActorOf(principal) }, metadata, state });
    const streamId = toCaseStreamId(caseId);
    return commandAccepted(streamId, await this.handler.handle(streamId, command, metadata));
  }

  async get(principal: Principal, caseId: string, lang: Lang, purpose?: string): Promise<CaseView> {
    requireCaseworker(principal);
    const { state, version, stored } = await this.handler.load(toCaseStreamId(caseId));
    const opened = state.status === 'none' ? undefined : state;
    const visible = opened !== undefined && (await this.canSee(principal, caseId, opened, stored.map((e) => ({ type: e.type, data: e.data }) as CaseEvent)));
    await this.accessLog.record(principal, { resourceType: 'case', resourceId: caseId, exists: version !== undefined, granted: visible, ...(purpose ? { purpose } : {}) });
    if (!visible || opened === undefined || version === undefined) throw new NotFoundError(`case ${caseId}`);
    const name = (code: string) => this.registry.name(code, lang);
    return {
      caseId,
      version,
      status: opened.status,
      state: opened,
      timeline: stored.map((e) => ({
        version: e.streamVersion,
        at: e.time,
        type: e.type,
        by: { agency: e.actor.agency, name: name(e.actor.agency), user: e.actor.user },
        text: describeCaseEvent({ type: e.type, data: e.data } as CaseEvent, lang, name),
      })),
    };
  }

  async list(principal: Principal, query: ListCasesQuery): Promise<Page<CaseSummaryRow>> {
    requireCaseworker(principal);
    return listCases(this.db, principal, { status: query.status, field: query.field, street: query.street }, query.page ?? 1, query.pageSize ?? 50);
  }

  /** A referral or escalation names a meeting of the right level that is still open (the meeting stream is ours to read); answers its title. */
  async requireOpenMeeting(meetingId: string, level: MeetingLevel): Promise<{ title: string }> {
    const { state } = await this.meetings.load(toMeetingStreamId(meetingId));
    if (state.status === 'not_scheduled') throw new DomainRuleError(`meetingId: there is no joint meeting ${meetingId}; schedule it first (POST /meetings)`);
    if (state.level !== level) throw new DomainRuleError(`meetingId: ${meetingId} is a ${state.level} joint meeting; this step needs a ${level} one`);
    if (state.status === 'closed') throw new DomainRuleError(`meetingId: the joint meeting ${meetingId} is closed`);
    return { title: state.title };
  }

  private async visible(principal: Principal, caseId: string): Promise<{ state: OpenedCase }> {
    requireCaseworker(principal);
    const { state, stored } = await this.handler.load(toCaseStreamId(caseId));
    if (state.status === 'none' || !(await this.canSee(principal, caseId, state, stored.map((e) => ({ type: e.type, data: e.data }) as CaseEvent)))) {
      throw new NotFoundError(`case ${caseId}`);
    }
    return { state };
  }

  private async canSee(actor: DomainActor, caseId: string, state: OpenedCase, events: CaseEvent[]): Promise<boolean> {
    return canSeeCase(actor, state.facts.jurisdiction, caseAudience(events)) || (await inCaseAudience(this.db, caseId, actor.agency));
  }
}
