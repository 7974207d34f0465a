/** Tables the deadlines part adds to the notifications read model (entities + migrations, in order). */
import type { EntitySchema } from 'typeorm';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity and migration classes
type Ctor = Function;
export const DEADLINES_READ_MODEL: { entities: (Ctor | EntitySchema)[]; migrations: Ctor[] } = {
  entities: [],
  migrations: [],
};
