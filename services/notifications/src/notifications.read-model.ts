/** What the notifications service adds to its own database: the deadline engine's tables, the channels' tables and the to-do list's. */
import type { ReadModelSchema } from '@jm/platform';
import { CHANNELS_READ_MODEL } from './channels/channels.read-model';
import { DEADLINES_READ_MODEL } from './deadlines/deadlines.read-model';
import { WORKLIST_READ_MODEL } from './worklist/worklist.read-model';

export const NOTIFICATIONS_READ_MODEL = {
  entities: [...DEADLINES_READ_MODEL.entities, ...CHANNELS_READ_MODEL.entities, ...WORKLIST_READ_MODEL.entities],
  migrations: [...DEADLINES_READ_MODEL.migrations, ...CHANNELS_READ_MODEL.migrations, ...WORKLIST_READ_MODEL.migrations],
} satisfies ReadModelSchema;
