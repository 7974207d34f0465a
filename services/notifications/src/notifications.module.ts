/**
 * Notifications owns deadlines on the working-day calendar, reminders, overdue
 * escalation and the channels messages go out on. Streams: deadline-…, notification-…, obligation-….
 *
 * The domain goes here (one folder per stream, see docs and style.md); config,
 * logging, the event store, the bus, /health and /ready come from
 * ServiceCoreModule in @jm/shared.
 */
import { Module } from '@nestjs/common';

@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class NotificationsModule {}
