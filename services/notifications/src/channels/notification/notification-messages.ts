/**
 * The channels' application service: turns a notice into messages (one
 * stream each, appended idempotently, with their inbox and outbox rows in the
 * consumer's transaction), and reads and sets an agency's channel choice
 * (who may, then the rules, then the command). Every id a step appends under
 * derives from the message id, so repeating a step appends nothing twice.
 */
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DomainActor, toNotificationChannelsStreamId, toNotificationStreamId } from '@jm/contracts';
import { Clock, CommandHandler, CommandMetadata, ForbiddenError, NotFoundError, StoredEvent } from '@jm/event-sourcing';
import {
  AGENCY_REGISTRY,
  CLOCK,
  CommandAccepted,
  commandAccepted,
  commandFromRequest,
  CommandRequest,
  SERVICE_CONFIG,
  ServiceConfig,
} from '@jm/platform';
import { Agency, AgencyRegistry } from '@jm/reference';
import type { NotificationRequestedData } from '@jm/contracts';
import type { EntityManager } from 'typeorm';
import { actsFor, CHANNEL_ROLES, holdsChannelRole } from '../agency-scope';
import { ChannelChoice, ChannelDefaults, checkChoice, ChoiceRules, currentChoice, normaliseChoice } from '../channel-settings';
import { CHANNEL_CHOICE_COMMANDS, CHANNEL_DEFAULTS, CHANNELS_ACTOR, CHOICE_RULES, NOTIFICATION_COMMANDS } from '../channels.tokens';
import type { ChooseChannelsDto } from '../choice/channel-choice.dto';
import type { ChannelChoiceEvent, ChannelChoiceState, ChooseChannels } from '../choice/channel-choice.decider';
import { recordRequestedMessage } from '../delivery/outbox';
import { HandoffNotice, messagesForHandoffs, messagesForNotice, NoticeContext, recipientAgenciesOf } from '../notice/notices';
import { PolicyNames, policyNamesFromFile } from '../notice/policy-names';
import type { NotificationCommand } from './notification.commands';
import type { NotificationEvent } from './notification.events';
import type { NotificationState } from './notification';

export type NotificationCommands = CommandHandler<NotificationCommand, NotificationState, NotificationEvent>;
export type ChannelChoiceCommands = CommandHandler<ChooseChannels, ChannelChoiceState, ChannelChoiceEvent>;

@Injectable()
export class NotificationMessages {
  private readonly policyNames: PolicyNames;

  constructor(
    @Inject(NOTIFICATION_COMMANDS) readonly commands: NotificationCommands,
    @Inject(CHANNEL_CHOICE_COMMANDS) private readonly choices: ChannelChoiceCommands,
    @Inject(CHANNEL_DEFAULTS) private readonly defaults: ChannelDefaults,
    @Inject(CHOICE_RULES) private readonly rules: ChoiceRules,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.policyNames = policyNamesFromFile(config.domain.deadlinePoliciesPath);
  }

  /** Metadata of a step the service takes on its own; the command id names the step, so a repeat is recognised. */
  systemStep(commandId: string, cause?: Pick<StoredEvent, 'id' | 'correlationId'>): CommandMetadata {
    return {
      commandId,
      time: this.clock.now().toISOString(),
      actor: CHANNELS_ACTOR,
      ...(cause ? { correlationId: cause.correlationId, causationId: cause.id } : {}),
    };
  }

  /** A notice from the deadline engine: its messages, appended and written to the inbox and outbox in the consumer's transaction. */
  async onNotice(event: StoredEvent, manager: EntityManager): Promise<NotificationRequestedData[]> {
    return this.request(event, recipientAgenciesOf(event), (ctx) => messagesForNotice(event, ctx), manager);
  }

  /** An event's hand-offs (docs/worklist.md): one message to each receiving unit, as for a notice. */
  async onHandoffs(event: StoredEvent, handoffs: readonly HandoffNotice[], manager: EntityManager): Promise<NotificationRequestedData[]> {
    if (!handoffs.length) return [];
    return this.request(event, [...new Set(handoffs.map((h) => h.to))], (ctx) => messagesForHandoffs(event, handoffs, ctx), manager);
  }

  private async request(
    event: StoredEvent,
    agencies: string[],
    build: (ctx: NoticeContext) => NotificationRequestedData[],
    manager: EntityManager,
  ): Promise<NotificationRequestedData[]> {
    const choices = new Map<string, ChannelChoice>();
    for (const agency of agencies) choices.set(agency, await this.choiceOf(agency));
    const messages = build({
      nameOf: (code, lang) => this.registry.name(code, lang),
      policyName: this.policyNames,
      choiceOf: (agency) => choices.get(agency) ?? this.defaults.of(agency),
      emailEnabled: this.config.domain.smtpUrl !== undefined,
      now: this.clock.now().toISOString(),
    });
    for (const request of messages) {
      const { state } = await this.commands.handle(
        toNotificationStreamId(request.messageId),
        { kind: 'RequestNotification', request },
        this.systemStep(`notify:${request.messageId}`, event),
      );
      // What the stream holds wins: a redelivered notice must not write rows that differ from the first request.
      const stored = state.status === 'requested' ? state.request : request;
      await recordRequestedMessage(manager, stored, this.config.domain.deliveryMaxAttempts);
    }
    return messages;
  }

  async choiceOf(agency: string): Promise<ChannelChoice & { source: 'file' | 'agency'; version: number | undefined }> {
    const { state, version } = await this.choices.load(toNotificationChannelsStreamId(agency));
    return { ...currentChoice(this.defaults, agency, state.chosen), version };
  }

  /** Sets an agency's channels. Who may comes before what: another agency learns nothing about the rules from a refused body. */
  async choose(request: CommandRequest, code: string, dto: ChooseChannelsDto): Promise<CommandAccepted> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    const agency = this.channelAgencyFor(principal, code);
    const problems = checkChoice(dto, this.rules);
    if (problems.length) {
      throw new HttpException(
        {
          code: 'VALIDATION_FAILED',
          message: problems.map((p) => `${p.field}: ${p.message}`),
          errors: problems.map((p) => ({ field: p.field, messages: [p.message] })),
        },
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
    const choice = normaliseChoice(dto, this.defaults.locale);
    const command: ChooseChannels = {
      kind: 'ChooseChannels',
      agency: agency.code,
      agencyJurisdiction: agency.jurisdiction,
      choice,
      actor: principal,
      at: metadata.time,
    };
    const streamId = toNotificationChannelsStreamId(agency.code);
    return commandAccepted(streamId, await this.choices.handle(streamId, command, metadata));
  }

  /**
   * The agency whose channels the actor reads or sets. A role that never
   * manages channels is 403 whatever the agency (it learns nothing about it);
   * an agency the actor does not act for is 404, worded exactly as an agency
   * that does not exist, so one district does not learn of another's settings.
   */
  channelAgencyFor(actor: DomainActor, code: string): Agency {
    if (!holdsChannelRole(actor)) {
      throw new ForbiddenError(
        `notification channels are read and set by ${CHANNEL_ROLES.join(', ')} of the agency or of an office over it; your roles: ${actor.roles.join(', ') || '(none)'}`,
      );
    }
    const agency = this.registry.get(code);
    if (!agency || !actsFor(actor, agency)) throw new NotFoundError(`agency ${code}`);
    return agency;
  }

  jurisdictionOf(agency: string): string {
    return this.registry.get(agency)?.jurisdiction ?? '';
  }
}
