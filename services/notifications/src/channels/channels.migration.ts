/** Creates the channels' tables (outbox, inbox, read marks) from their declarations (channels.entities.ts). */
import { createTablesMigration } from '@jm/read-model';
import { CHANNELS_TABLES } from './channels.entities';

export const CreateNotificationChannels1767000000000 = createTablesMigration('CreateNotificationChannels1767000000000', CHANNELS_TABLES);
