/** Tables the channels part adds to the notifications read model (entities + migrations, in order). */
import type { ReadModelSchema } from '@jm/platform';
import { InboxEntity, InboxReadEntity, OutboxEntity } from './channels.entities';
import { CreateNotificationChannels1767000000000 } from './channels.migration';

export const CHANNELS_READ_MODEL = {
  entities: [OutboxEntity, InboxEntity, InboxReadEntity],
  migrations: [CreateNotificationChannels1767000000000],
} satisfies ReadModelSchema;
