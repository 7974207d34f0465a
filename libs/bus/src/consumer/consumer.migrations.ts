/** Schema of the consumer-side tables, from their declarations (consumer.entities.ts). */
import { createTablesMigration } from '@jm/read-model';
import { BUS_CONSUMER_TABLES } from './consumer.entities';

export const CreateBusConsumerTables1763780000000 = createTablesMigration('CreateBusConsumerTables1763780000000', BUS_CONSUMER_TABLES);

/** Add these to the consumer DataSource's `migrations`. */
export const BUS_CONSUMER_MIGRATIONS = [CreateBusConsumerTables1763780000000];
