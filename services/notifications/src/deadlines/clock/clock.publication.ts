/** What notifications publishes of a clock's stream (`deadline-<clockId>`): every event as stored, with its contract version. */
import { DEADLINE_CONTRACT, DeadlineContractEvent, publicationAsStored } from '@jm/contracts';
import type { ClockEvent } from './clock.events';

export const publishClockEvent: (event: ClockEvent) => DeadlineContractEvent | undefined = publicationAsStored(DEADLINE_CONTRACT);
