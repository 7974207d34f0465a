/**
 * Consumer lag on the embedded bus: per topic, the events of its streams in
 * the shared store after the group's checkpoint (source `embedded`), counted
 * up to LAG_COUNT_CAP.
 */
import { DataSource } from 'typeorm';
import { EventStore, START } from '@jm/event-sourcing';
import type { ConsumerLag } from '../bus.port';
import { ConsumerCheckpointEntity } from '../consumer/consumer.entities';
import { eventsAfter } from '../events-after';
import { EMBEDDED_SOURCE, routesFor } from './embedded-consumer';

export async function embeddedConsumerLag(store: EventStore, dataSource: DataSource, group: string, topics: string[]): Promise<ConsumerLag[]> {
  const checkpoint = await dataSource.getRepository(ConsumerCheckpointEntity).findOne({ where: { group, source: EMBEDDED_SOURCE } });
  const from = checkpoint ? Number(checkpoint.position) : START;
  return Promise.all(
    routesFor(topics).map(async ({ topic, prefixes }) => ({ topic, partition: EMBEDDED_SOURCE, messages: await eventsAfter(store, from, prefixes) })),
  );
}
