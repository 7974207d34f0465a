/** What the notifications service adds to its own database: the deadline engine's tables and the channels' tables. */
import type { ReadModelSchema } from '@jm/platform';
import { CHANNELS_READ_MODEL } from './channels/channels.read-model';
import { DEADLINES_READ_MODEL } from './deadlines/deadlines.read-model';

export const NOTIFICATIONS_READ_MODEL = {
  entities: [...DEADLINES_READ_MODEL.entities, ...CHANNELS_READ_MODEL.entities],
  migrations: [...DEADLINES_READ_MODEL.migrations, ...CHANNELS_READ_MODEL.migrations],
} satisfies ReadModelSchema;
