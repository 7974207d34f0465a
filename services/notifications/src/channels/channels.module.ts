/**
 * Channels: the in-app inbox, email over SMTP and signed webhooks, per
 * agency's choice, idempotent by message id. Streams: notification-<messageId>,
 * notification-channels-<agency>. Tables: notification_outbox,
 * notification_inbox, notification_inbox_read (channels.entities.ts).
 */
import { Module } from '@nestjs/common';
import { AGENCY_REGISTRY, commandHandlerProvider, OperationsLog, OperatorAccess, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import { AgencyRegistry } from '@jm/reference';
import { ChannelDefaults, ChoiceRules } from './channel-settings';
import { ChannelsBusController } from './channels.bus.controller';
import { CHANNEL_CHOICE_COMMANDS, CHANNEL_DEFAULTS, CHOICE_RULES, NOTIFICATION_COMMANDS, SECRET_ENV, WEBHOOK_TARGETS } from './channels.tokens';
import { ChannelChoiceController } from './choice/channel-choice.controller';
import { CHANNEL_CHOICE_SCHEMA_VERSIONS, channelChoiceDecider } from './choice/channel-choice.decider';
import { DeadLettersController } from './delivery/dead-letters.controller';
import { DeadLettersService } from './delivery/dead-letters.service';
import { DeliveriesController } from './delivery/deliveries.controller';
import { DeliveriesService } from './delivery/deliveries.service';
import { DeliveryDispatcher } from './delivery/delivery-dispatcher';
import { DeliveryMetrics } from './delivery/delivery.metrics';
import { WebhookTargets } from './delivery/webhook-targets';
import { InboxController } from './inbox/inbox.controller';
import { InboxService } from './inbox/inbox.service';
import { notificationDecider } from './notification/notification.decider';
import { NOTIFICATION_EVENT_SCHEMA_VERSIONS } from './notification/notification.events';
import { NotificationMessages } from './notification/notification-messages';

@Module({
  controllers: [ChannelsBusController, InboxController, DeliveriesController, ChannelChoiceController, DeadLettersController],
  providers: [
    { provide: SECRET_ENV, useValue: process.env },
    {
      provide: WEBHOOK_TARGETS,
      useFactory: (config: ServiceConfig) => new WebhookTargets(config.domain.webhookAllowedHosts),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: CHOICE_RULES,
      useFactory: (env: NodeJS.ProcessEnv, targets: WebhookTargets): ChoiceRules => ({ env, targets }),
      inject: [SECRET_ENV, WEBHOOK_TARGETS],
    },
    commandHandlerProvider(NOTIFICATION_COMMANDS, notificationDecider, NOTIFICATION_EVENT_SCHEMA_VERSIONS),
    commandHandlerProvider(CHANNEL_CHOICE_COMMANDS, channelChoiceDecider, CHANNEL_CHOICE_SCHEMA_VERSIONS),
    {
      // Read and validated at boot: a bad channels file stops the service with every problem listed.
      provide: CHANNEL_DEFAULTS,
      useFactory: (config: ServiceConfig, registry: AgencyRegistry, rules: ChoiceRules) =>
        ChannelDefaults.fromFile(config.domain.notificationChannelsPath, registry, rules),
      inject: [SERVICE_CONFIG, AGENCY_REGISTRY, CHOICE_RULES],
    },
    NotificationMessages,
    DeliveryDispatcher,
    DeliveryMetrics,
    DeliveriesService,
    InboxService,
    // The operator's dead-letter tools (docs/operations/parked-events.md), with the platform's access rule and log.
    OperatorAccess,
    OperationsLog,
    DeadLettersService,
  ],
  // The to-do list's hand-off notices go out through the same messages and dispatcher.
  exports: [NotificationMessages, DeliveryDispatcher],
})
export class ChannelsModule {}
