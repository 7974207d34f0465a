/**
 * The notifications service with its channels only, as a process (the SIGKILL
 * test starts it this way): the service's own bootstrap with ChannelsModule
 * in place of the whole service. Prints "notifications listening on <url>".
 */
import 'reflect-metadata';
import { bootstrapService } from '@jm/platform';
import { ChannelsModule } from '../../../services/notifications/src/channels/channels.module';
import { CHANNELS_READ_MODEL } from '../../../services/notifications/src/channels/channels.read-model';

void bootstrapService('notifications', ChannelsModule, { readModel: CHANNELS_READ_MODEL });
