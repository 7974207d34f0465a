/** Process entry of the notifications service (see notifications.module.ts for what it owns). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/platform';
import { NOTIFICATIONS_READ_MODEL } from './notifications.read-model';
import { NotificationsModule } from './notifications.module';
import { NOTIFICATIONS_PUBLICATION } from './notifications.publication';

void bootstrapService('notifications', NotificationsModule, { readModel: NOTIFICATIONS_READ_MODEL, publication: NOTIFICATIONS_PUBLICATION });
