/** The access streams' contract events (`access-<type>-<id>`, one per read resource, owned by the service that served the read). */
import type { RecordAccessedData } from './access-record';
import { ContractEvent, ContractSpec, contractDecoder, contractTypes, publicationAsStored } from './contract-event';

export type AccessContractEvent = ContractEvent<'RecordAccessed', RecordAccessedData, 1>;

export const ACCESS_CONTRACT: ContractSpec<AccessContractEvent> = {
  // The lists readers join; a missing string reads as absent.
  RecordAccessed: { version: 1, required: ['roles', 'fields'] },
};

export const ACCESS_CONTRACT_EVENT_TYPES = contractTypes(ACCESS_CONTRACT);
export const decodeAccessEvent = contractDecoder('access', ACCESS_CONTRACT);

/**
 * What a service publishes of its access streams (written by @jm/platform's AccessLog in every service): every event
 * as stored, with its contract version; reporting's access log reads every field.
 */
export const publishAccessEvent: (event: { type: string; data: unknown }) => AccessContractEvent | undefined = publicationAsStored(ACCESS_CONTRACT);
