/**
 * Notifications owns deadlines on the working-day calendar, reminders, overdue
 * escalation (deadlines/) and the channels messages go out on (channels/).
 * Streams: deadline-…, obligation-…, notification-….
 * Config, logging, the event store, the bus, auth, the clock, /health and
 * /ready come from ServiceCoreModule in @jm/platform.
 */
import { Module } from '@nestjs/common';
import { ChannelsModule } from './channels/channels.module';
import { DeadlinesModule } from './deadlines/deadlines.module';

@Module({
  imports: [DeadlinesModule, ChannelsModule],
})
export class NotificationsModule {}
