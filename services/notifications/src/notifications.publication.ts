/** What the notifications relay publishes: clocks and obligations through their publication functions; messages, channel choices and access streams as stored. */
import { servicePublication } from '@jm/bus';
import { DEADLINE_STREAM_PREFIX, OBLIGATION_STREAM_PREFIX } from '@jm/contracts';
import { publishClockEvent } from './deadlines/clock/clock.publication';
import { publishObligationEvent } from './deadlines/obligation/obligation.publication';

export const NOTIFICATIONS_PUBLICATION = servicePublication([
  [DEADLINE_STREAM_PREFIX, publishClockEvent],
  [OBLIGATION_STREAM_PREFIX, publishObligationEvent],
]);
