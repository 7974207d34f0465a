/** The notifications service with its channels only, as a process (the SIGKILL test starts it this way, like main.ts does). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/shared';
import { ChannelsModule } from '../../../services/notifications/src/channels/channels.module';
import { CHANNELS_READ_MODEL } from '../../../services/notifications/src/channels/channels.read-model';

void bootstrapService('notifications', ChannelsModule, { readModel: CHANNELS_READ_MODEL });
