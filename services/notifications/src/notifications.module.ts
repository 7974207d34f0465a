/**
 * Notifications owns deadlines on the working-day calendar, reminders, overdue
 * escalation (deadlines/), the channels messages go out on (channels/) and
 * the to-do list with its hand-off notices (worklist/).
 * Streams: deadline-…, obligation-…, notification-….
 * Config, logging, the event store, the bus, auth, the clock, /health and
 * /ready come from ServiceCoreModule in @jm/platform.
 */
import { Module } from '@nestjs/common';
import { ChannelsModule } from './channels/channels.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { WorklistModule } from './worklist/worklist.module';

@Module({
  imports: [DeadlinesModule, ChannelsModule, WorklistModule],
})
export class NotificationsModule {}
