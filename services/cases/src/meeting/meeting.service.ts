/** The joint-meeting application service: need-to-know, ids, the command handler of meeting-<id>, and the meeting list. */
import { Inject, Injectable } from '@nestjs/common';
import { DomainActor, toCaseStreamId, toMeetingStreamId } from '@jm/contracts';
import { Clock, CommandHandler, DomainRuleError, NotFoundError } from '@jm/event-sourcing';
import { AccessLog, CLOCK, CommandAccepted, commandAccepted, CommandRequest, commandFromRequest, InjectReadModel, Principal } from '@jm/platform';
import type { Page } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { canSeeMeeting, requireCaseworker } from '../access/need-to-know';
import type { CaseCommand, CaseEvent, CaseState } from '../case/case.decider';
import { CASE_COMMANDS, derivedId, domainActorOf, MEETING_COMMANDS } from '../common/command-support';
import type { MeetingSummaryRow } from '../meeting-summary/meeting-summary.entity';
import { listMeetings } from '../meeting-summary/meeting-summary.query';
import type { MeetingCommand } from './meeting.commands';
import type { MeetingEvent } from './meeting.events';
import type { MeetingState } from './meeting';
import type { ListMeetingsQuery, PutCaseOnAgendaDto, RecordDecisionDto, ScheduleMeetingDto } from './meeting.dto';

export type MeetingView = Exclude<MeetingState, { status: 'not_scheduled' }> & { version: number };

@Injectable()
export class MeetingService {
  constructor(
    @Inject(MEETING_COMMANDS) private readonly handler: CommandHandler<MeetingCommand, MeetingState, MeetingEvent>,
    @Inject(CASE_COMMANDS) private readonly cases: CommandHandler<CaseCommand, CaseState, CaseEvent>,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
    private readonly accessLog: AccessLog,
  ) {}

  /** The meetings the caller may see (the same rule as get), from the meeting_summary read model. */
  async list(principal: Principal, query: ListMeetingsQuery): Promise<Page<MeetingSummaryRow>> {
    requireCaseworker(principal);
    return listMeetings(this.db, principal, { status: query.status, level: query.level }, query.page, query.pageSize);
  }

  async schedule(request: CommandRequest, dto: ScheduleMeetingDto): Promise<CommandAccepted & { meetingId: string }> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    requireCaseworker(principal);
    const meetingId = derivedId('meeting', metadata.commandId);
    const streamId = toMeetingStreamId(meetingId);
    const command: MeetingCommand = {
      kind: 'ScheduleMeeting',
      at: metadata.time,
      actor: domainActorOf(principal),
      meetingId,
      level: dto.level,
      meetingKind: dto.kind,
      scheduledFor: dto.scheduledFor,
      title: dto.title,
      office: principal.agency,
    };
    return { ...commandAccepted(streamId, await this.handler.handle(streamId, command, metadata)), meetingId };
  }

  async putOnAgenda(request: CommandRequest, meetingId: string, dto: PutCaseOnAgendaDto): Promise<CommandAccepted> {
    return this.execute(request, meetingId, async (base) => {
      const { state } = await this.cases.load(toCaseStreamId(dto.caseId));
      if (state.status === 'none') throw new DomainRuleError(`caseId: there is no case ${dto.caseId}`);
      return { kind: 'PutCaseOnAgenda', ...base, caseId: dto.caseId, question: dto.question };
    });
  }

  async recordDecision(request: CommandRequest, meetingId: string, dto: RecordDecisionDto): Promise<CommandAccepted> {
    return this.execute(request, meetingId, (base) => ({
      kind: 'RecordDecision',
      ...base,
      caseId: dto.caseId,
      decision: dto.decision,
      ...(dto.conclusion ? { conclusion: dto.conclusion } : {}),
      text: dto.text,
    }));
  }

  async close(request: CommandRequest, meetingId: string): Promise<CommandAccepted> {
    return this.execute(request, meetingId, (base) => ({ kind: 'CloseMeeting', ...base }));
  }

  async get(principal: Principal, meetingId: string, purpose?: string): Promise<MeetingView> {
    requireCaseworker(principal);
    const { state, version } = await this.handler.load(toMeetingStreamId(meetingId));
    const visible = canSeeMeeting(principal, state);
    await this.accessLog.record(principal, {
      resourceType: 'meeting',
      resourceId: meetingId,
      exists: version !== undefined,
      granted: visible,
      ...(purpose ? { purpose } : {}),
    });
    if (!visible || state.status === 'not_scheduled' || version === undefined) throw new NotFoundError(`meeting ${meetingId}`);
    return { ...state, version };
  }

  /** A command on a meeting the caller may see (404 otherwise), checked and built on the meeting as loaded once. */
  private async execute(
    request: CommandRequest,
    meetingId: string,
    build: (base: { at: string; actor: DomainActor }) => MeetingCommand | Promise<MeetingCommand>,
  ): Promise<CommandAccepted> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    requireCaseworker(principal);
    const streamId = toMeetingStreamId(meetingId);
    const result = await this.handler.handle(
      streamId,
      (state) => {
        if (!canSeeMeeting(principal, state)) throw new NotFoundError(`meeting ${meetingId}`);
        return build({ at: metadata.time, actor: domainActorOf(principal) });
      },
      metadata,
    );
    return commandAccepted(streamId, result);
  }
}
