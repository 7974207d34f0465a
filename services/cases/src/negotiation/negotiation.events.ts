/**
 * Events of a cross-region negotiation stream `negotiation-<id>` (跨区域协商): one record per deployment
 * that takes part, of kind notice (the case's region), negotiation (the notified region) or dispute (the
 * common superior). Their data is the published contract's (libs/contracts/src/cross-region-contract-events.ts).
 */
import type { NegotiationEventDataByType } from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

type Event<K extends keyof NegotiationEventDataByType> = DomainEvent<K, NegotiationEventDataByType[K]>;

export type NegotiationOpened = Event<'NegotiationOpened'>;
/** The notified region's answer: recorded where it was given and, from its message, on the notifying side. */
export type NegotiationAnswered = Event<'NegotiationAnswered'>;
/** Disagreement or the due time passed: the common superior decides. */
export type NegotiationReferred = Event<'NegotiationReferred'>;
/** The common superior's decision, binding both sides. */
export type NegotiationDecided = Event<'NegotiationDecided'>;

export type NegotiationEvent = NegotiationOpened | NegotiationAnswered | NegotiationReferred | NegotiationDecided;
export type NegotiationEventType = NegotiationEvent['type'];

export const NEGOTIATION_EVENT_SCHEMA_VERSIONS: Readonly<Record<NegotiationEventType, number>> = {
  NegotiationOpened: 1,
  NegotiationAnswered: 1,
  NegotiationReferred: 1,
  NegotiationDecided: 1,
};
export const NEGOTIATION_EVENT_TYPES = Object.keys(NEGOTIATION_EVENT_SCHEMA_VERSIONS) as NegotiationEventType[];
