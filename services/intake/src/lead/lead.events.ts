/**
 * Events of the lead stream `lead-<leadId>` (owned by intake). The data shapes
 * are the integration contract in @jm/contracts (lead-contracts.ts): other
 * services rely on them, so a change here means a new schema version and an
 * upcaster. Informant identity only ever appears sealed (SealedValue).
 */
import type {
  InformantIdentityShreddedData,
  LeadLinkConfirmedData,
  LeadLinkedData,
  LeadLinkUndoneData,
  LeadReceivedData,
  LeadReportedToOfficeData,
  LeadSupplementedData,
} from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

export type LeadReceived = DomainEvent<'LeadReceived', LeadReceivedData>;
export type LeadReportedToOffice = DomainEvent<'LeadReportedToOffice', LeadReportedToOfficeData>;
export type LeadSupplemented = DomainEvent<'LeadSupplemented', LeadSupplementedData>;
export type LeadLinked = DomainEvent<'LeadLinked', LeadLinkedData>;
export type LeadLinkConfirmed = DomainEvent<'LeadLinkConfirmed', LeadLinkConfirmedData>;
export type LeadLinkUndone = DomainEvent<'LeadLinkUndone', LeadLinkUndoneData>;
export type InformantIdentityShredded = DomainEvent<'InformantIdentityShredded', InformantIdentityShreddedData>;

export type LeadEvent =
  LeadReceived | LeadReportedToOffice | LeadSupplemented | LeadLinked | LeadLinkConfirmed | LeadLinkUndone | InformantIdentityShredded;

export const LEAD_EVENT_TYPE_LIST: ReadonlyArray<LeadEvent['type']> = [
  'LeadReceived',
  'LeadReportedToOffice',
  'LeadSupplemented',
  'LeadLinked',
  'LeadLinkConfirmed',
  'LeadLinkUndone',
  'InformantIdentityShredded',
];
