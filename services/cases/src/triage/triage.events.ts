/**
 * Events of the triage stream `routing-<leadId>`: one lead from the moment the
 * office learns of it (intake's LeadReportedToOffice) to its routing, referral
 * up a level, and the routed unit's verification feedback. LeadRouted,
 * LeadReferredUp, LeadClosedUnfounded and LeadFounded carry at least the fields
 * of the integration contract (libs/contracts/src/case-contracts.ts).
 */
import type {
  DomainActor,
  LeadClosedUnfoundedData,
  LeadFoundedData,
  LeadReferredUpData,
  LeadRoutedData,
  LinkedLeadNotedData,
  LinkedLeadRemovedData,
  TriageOpenedData,
  VerificationStartedData,
} from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

export type { LinkedLeadNotedData, LinkedLeadRemovedData, TriageOpenedData, VerificationStartedData } from '@jm/contracts';

export interface LeadFoundedEventData extends LeadFoundedData {
  /** Who fed back, as the domain saw them: the case is opened in their name. */
  actor: DomainActor;
}

export type TriageOpened = DomainEvent<'TriageOpened', TriageOpenedData>;
export type LinkedLeadNoted = DomainEvent<'LinkedLeadNoted', LinkedLeadNotedData>;
export type LinkedLeadRemoved = DomainEvent<'LinkedLeadRemoved', LinkedLeadRemovedData>;
export type LeadRouted = DomainEvent<'LeadRouted', LeadRoutedData>;
export type LeadReferredUp = DomainEvent<'LeadReferredUp', LeadReferredUpData>;
export type VerificationStarted = DomainEvent<'VerificationStarted', VerificationStartedData>;
export type LeadClosedUnfounded = DomainEvent<'LeadClosedUnfounded', LeadClosedUnfoundedData>;
export type LeadFounded = DomainEvent<'LeadFounded', LeadFoundedEventData>;

export type TriageEvent =
  TriageOpened | LinkedLeadNoted | LinkedLeadRemoved | LeadRouted | LeadReferredUp | VerificationStarted | LeadClosedUnfounded | LeadFounded;

export type TriageEventType = TriageEvent['type'];

/** Every type of the stream with its current schema version (for the command handler and the bus handlers). */
export const TRIAGE_EVENT_SCHEMA_VERSIONS: Readonly<Record<TriageEventType, number>> = {
  TriageOpened: 1,
  LinkedLeadNoted: 1,
  LinkedLeadRemoved: 1,
  LeadRouted: 1,
  LeadReferredUp: 1,
  VerificationStarted: 1,
  LeadClosedUnfounded: 1,
  LeadFounded: 1,
};

export const TRIAGE_EVENT_TYPES = Object.keys(TRIAGE_EVENT_SCHEMA_VERSIONS) as TriageEventType[];
