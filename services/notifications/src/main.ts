/** Process entry of the notifications service (see notifications.module.ts for what it owns). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/shared';
import { NotificationsModule } from './notifications.module';

void bootstrapService('notifications', NotificationsModule);
