/** Tables the channels part adds to the notifications read model (entities + migrations, in order). */
import type { EntitySchema } from 'typeorm';
import { InboxEntity, InboxReadEntity, OutboxEntity } from './channels.entities';
import { CreateNotificationChannels1767000000000 } from './channels.migration';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity and migration classes
type Ctor = Function;
export const CHANNELS_READ_MODEL: { entities: (Ctor | EntitySchema)[]; migrations: Ctor[] } = {
  entities: [OutboxEntity, InboxEntity, InboxReadEntity],
  migrations: [CreateNotificationChannels1767000000000],
};
