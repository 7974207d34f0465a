/**
 * The case application service: a case command as the caller asks it is
 * checked for need-to-know (404 for a case the caller may not know) on the
 * case as loaded once by the command handler, completed with the registry
 * facts, deadlines and meeting titles it needs, then decided and appended;
 * and the detail view folded from the stream with a readable timeline in
 * zh-CN or English.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CaseOrigin, describeCaseEvent, DomainActor, toAftermathStreamId, toCaseStreamId, toMeetingStreamId } from '@jm/contracts';
import { Clock, CommandHandler, CommandMetadata, DomainEvent, StoredEvent, DomainRuleError, NotFoundError } from '@jm/event-sourcing';
import {
  AccessLog,
  AGENCY_REGISTRY,
  CLOCK,
  CommandAccepted,
  commandAccepted,
  CommandRequest,
  commandFromRequest,
  FEDERATION,
  Federation,
  InjectReadModel,
  Principal,
  SERVICE_CONFIG,
  ServiceConfig,
} from '@jm/platform';
import { AgencyRegistry, Lang } from '@jm/reference';
import type { Page } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { canSeeCase, caseAudience, requireCaseworker } from '../access/need-to-know';
import type {
  ApplyMeetingDecision,
  SetKeyCaseFlagFromClock,
  EscalateToCityMeeting,
  OpenCase,
  ReferToDistrictMeeting,
  RequestDetermination,
  RequestFundsMonitoring,
  RecordPetition,
  CountRegisterPetition,
  TransferToPolice,
} from './case.commands';
import type { CaseCommand, CaseEvent, CaseState } from './case.decider';
import { isLettersBureauOver } from './case.policy';
import { addDays, AFTERMATH_COMMANDS, CASE_COMMANDS, derivedId, domainActorOf, MEETING_COMMANDS } from '../common/command-support';
import type { MeetingCommand } from '../meeting/meeting.commands';
import type { MeetingEvent, MeetingLevel } from '../meeting/meeting.events';
import type { MeetingState } from '../meeting/meeting';
import { inCaseAudience, listCases } from '../read-model/queries';
import type { CaseSummaryRow } from '../read-model/read-model.entities';
import type { ListCasesQuery } from './case.dto';

type OpenedCase = Exclude<CaseState, { status: 'none' }>;

/** A command as the caller asks it: without its instant and actor, and without the facts named in `Resolved`, which the service looks up. */
type Asked<C extends CaseCommand, Resolved extends keyof C = never> = C extends unknown ? Omit<C, 'at' | 'actor' | Resolved> : never;
type Completed = RequestFundsMonitoring | RequestDetermination | ReferToDistrictMeeting | EscalateToCityMeeting | TransferToPolice | RecordPetition;
/** From the process managers only. */
type Managed = OpenCase | ApplyMeetingDecision | SetKeyCaseFlagFromClock | CountRegisterPetition;

/** A case command over HTTP (OpenCase, ApplyMeetingDecision, SetKeyCaseFlagFromClock and CountRegisterPetition come from the process managers only). */
export type CaseRequest =
  | Asked<Exclude<CaseCommand, Managed | Completed>>
  | Asked<RequestFundsMonitoring, 'requestId' | 'toDuty'>
  | Asked<RequestDetermination, 'authorityName'>
  | Asked<ReferToDistrictMeeting, 'meetingTitle'>
  | Asked<EscalateToCityMeeting, 'meetingTitle' | 'cityDeployment'>
  | Asked<TransferToPolice, 'policeDuty' | 'deadline'>
  | Asked<RecordPetition, 'petitionPressureThreshold' | 'registerPetitions'>;

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
  /** Where a record opened from another deployment's escalation came from, with what the district asked and knew. */
  origin?: CaseOrigin;
  timeline: TimelineLine[];
}

/** A row of the case list, with the origin of a record escalated from another deployment (null otherwise). */
export type CaseListItem = CaseSummaryRow & { origin: { deployment: string; caseId: string; caseNo: string; office: string } | null };

@Injectable()
export class CaseService {
  constructor(
    @Inject(CASE_COMMANDS) private readonly handler: CommandHandler<CaseCommand, CaseState, CaseEvent>,
    @Inject(MEETING_COMMANDS) private readonly meetings: CommandHandler<MeetingCommand, MeetingState, MeetingEvent>,
    // Only how many petitions the case's aftermath register holds (its types stay in aftermath/, which builds on case/).
    @Inject(AFTERMATH_COMMANDS) private readonly aftermath: Pick<CommandHandler<never, { petitions: object }, DomainEvent>, 'load'>,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
    private readonly accessLog: AccessLog,
    @Inject(FEDERATION) private readonly federation: Federation,
  ) {}

  /** Runs one case command: need-to-know and the command's lookups on the case as loaded once, then decide and append. */
  async execute(request: CommandRequest, caseId: string, asked: CaseRequest): Promise<CommandAccepted> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    requireCaseworker(principal);
    const streamId = toCaseStreamId(caseId);
    const result = await this.handler.handle(
      streamId,
      async (state, _version, stored) => {
        // The letters-and-visits bureau of the case's region records its petitions without seeing the rest of the case.
        const bureau =
          asked.kind === 'RecordPetition' ? (opened: OpenedCase) => isLettersBureauOver(principal, opened.facts.jurisdiction) : undefined;
        await this.requireVisible(principal, caseId, state, stored, bureau);
        return this.complete(caseId, state as OpenedCase, asked, { at: metadata.time, actor: domainActorOf(principal) }, metadata);
      },
      metadata,
    );
    return commandAccepted(streamId, result);
  }

  async get(principal: Principal, caseId: string, lang: Lang, purpose?: string): Promise<CaseView> {
    requireCaseworker(principal);
    const { state, version, stored } = await this.handler.load(toCaseStreamId(caseId));
    const opened = state.status === 'none' ? undefined : state;
    const visible =
      opened !== undefined &&
      (await this.canSee(
        principal,
        caseId,
        opened,
        stored.map((e) => ({ type: e.type, data: e.data }) as CaseEvent),
      ));
    await this.accessLog.record(principal, {
      resourceType: 'case',
      resourceId: caseId,
      exists: version !== undefined,
      granted: visible,
      ...(purpose ? { purpose } : {}),
    });
    if (!visible || opened === undefined || version === undefined) throw new NotFoundError(`case ${caseId}`);
    const name = (code: string) => this.registry.name(code, lang);
    const first = stored[0]?.type === 'CaseOpened' ? (stored[0].data as { origin?: CaseOrigin }) : undefined;
    return {
      caseId,
      version,
      status: opened.status,
      state: opened,
      ...(first?.origin ? { origin: first.origin } : {}),
      timeline: stored.map((e) => ({
        version: e.streamVersion,
        at: e.time,
        type: e.type,
        by: { agency: e.actor.agency, name: name(e.actor.agency), user: e.actor.user },
        text: describeCaseEvent({ type: e.type, data: e.data } as CaseEvent, lang, name),
      })),
    };
  }

  async list(principal: Principal, query: ListCasesQuery): Promise<Page<CaseListItem>> {
    requireCaseworker(principal);
    const page = await listCases(this.db, principal, { status: query.status, field: query.field, street: query.street }, query.page, query.pageSize);
    return { ...page, items: page.items.map((row) => ({ ...row, origin: (JSON.parse(row.state) as OpenedCase).facts.origin ?? null })) };
  }

  /** The command with what the service knows: registry facts, the police's answer deadline, ids derived from the command id, meeting titles. */
  private async complete(
    caseId: string,
    state: OpenedCase,
    asked: CaseRequest,
    base: { at: string; actor: DomainActor },
    metadata: CommandMetadata,
  ): Promise<CaseCommand> {
    switch (asked.kind) {
      case 'RequestFundsMonitoring':
        return { ...asked, ...base, requestId: derivedId('funds', metadata.commandId), toDuty: this.registry.get(asked.to)?.duty };
      case 'RequestDetermination': {
        const authority = this.registry.get(asked.authority);
        return { ...asked, ...base, ...(authority ? { authorityName: authority.name['zh-CN'] } : {}) };
      }
      case 'ReferToDistrictMeeting':
        return { ...asked, ...base, meetingTitle: (await this.requireOpenMeeting(asked.meetingId, 'district')).title };
      case 'EscalateToCityMeeting': {
        const remote = this.cityDeploymentOf(state);
        if (remote) return { ...asked, ...base, cityDeployment: remote };
        if (asked.meetingId === undefined) throw new DomainRuleError('meetingId: name the scheduled city joint meeting to escalate to');
        return { ...asked, ...base, meetingTitle: (await this.requireOpenMeeting(asked.meetingId, 'city')).title };
      }
      case 'TransferToPolice':
        return {
          ...asked,
          ...base,
          policeDuty: this.registry.get(asked.police)?.duty,
          deadline: addDays(base.at, this.config.domain.policeResponseDays),
        };
      case 'RecordPetition': {
        const { state: register } = await this.aftermath.load(toAftermathStreamId(caseId));
        const registerPetitions = Object.keys(register.petitions).length;
        return { ...asked, ...base, petitionPressureThreshold: this.config.domain.petitionPressureThreshold, registerPetitions };
      }
      default:
        return { ...asked, ...base };
    }
  }

  /** The other deployment serving the city office over the case (federation), or undefined when it is served here. */
  private cityDeploymentOf(state: OpenedCase): string | undefined {
    const city = this.registry.officeFor(state.facts.jurisdiction, 'city');
    return city ? this.federation.remoteDeploymentOf(city.code)?.id : undefined;
  }

  /** A referral or escalation names a meeting of the right level that is still open (the meeting stream is ours to read); answers its title. */
  private async requireOpenMeeting(meetingId: string, level: MeetingLevel): Promise<{ title: string }> {
    const { state } = await this.meetings.load(toMeetingStreamId(meetingId));
    if (state.status === 'not_scheduled')
      throw new DomainRuleError(`meetingId: there is no joint meeting ${meetingId}; schedule it first (POST /meetings)`);
    if (state.level !== level) throw new DomainRuleError(`meetingId: ${meetingId} is a ${state.level} joint meeting; this step needs a ${level} one`);
    if (state.status === 'closed') throw new DomainRuleError(`meetingId: the joint meeting ${meetingId} is closed`);
    return { title: state.title };
  }

  /**
   * The opened case, if the caller may know of it or `alsoFor` admits the caller to it; 404 otherwise
   * (the aftermath register decides on its facts, and admits the letters-and-visits bureau of its region).
   */
  async visibleCase(principal: Principal, caseId: string, alsoFor?: (state: OpenedCase) => boolean): Promise<OpenedCase> {
    const { state, stored } = await this.handler.load(toCaseStreamId(caseId));
    await this.requireVisible(principal, caseId, state, stored, alsoFor);
    return state as OpenedCase;
  }

  /** The case as loaded, if the caller may know of it or `alsoFor` admits the caller; 404 otherwise (existence does not leak). */
  private async requireVisible(
    principal: Principal,
    caseId: string,
    state: CaseState,
    stored: StoredEvent[],
    alsoFor?: (state: OpenedCase) => boolean,
  ): Promise<void> {
    if (state.status !== 'none' && alsoFor?.(state)) return;
    if (
      state.status === 'none' ||
      !(await this.canSee(
        principal,
        caseId,
        state,
        stored.map((e) => ({ type: e.type, data: e.data }) as CaseEvent),
      ))
    ) {
      throw new NotFoundError(`case ${caseId}`);
    }
  }

  private async canSee(actor: DomainActor, caseId: string, state: OpenedCase, events: CaseEvent[]): Promise<boolean> {
    return canSeeCase(actor, state.facts.jurisdiction, caseAudience(events)) || (await inCaseAudience(this.db, caseId, actor.agency));
  }
}
