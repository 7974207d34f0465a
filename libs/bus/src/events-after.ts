/**
 * How many events of some streams follow a position of the log: the lag of a
 * relay or an embedded consumer. Counted in events, not positions, since
 * positions have gaps (PostgreSQL derives them from transaction ids), and only
 * up to LAG_COUNT_CAP, so that asking stays cheap however far behind.
 */
import type { EventStore } from '@jm/event-sourcing';

export const LAG_COUNT_CAP = 10000;

export async function eventsAfter(store: EventStore, from: number, streamPrefixes: string[]): Promise<number> {
  return (await store.readAllForProjection({ from, streamPrefixes, limit: LAG_COUNT_CAP })).length;
}
