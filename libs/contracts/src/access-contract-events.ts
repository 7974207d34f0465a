/** The access streams' contract events (`access-<type>-<id>`, one per read resource, owned by the service that served the read). */
import type { RecordAccessedData } from './access-record';
import { ContractEvent, ContractSpec, contractDecoder, contractTypes } from './contract-event';

export type AccessContractEvent = ContractEvent<'RecordAccessed', RecordAccessedData, 1>;

export const ACCESS_CONTRACT: ContractSpec<AccessContractEvent> = {
  // The lists readers join; a missing string reads as absent.
  RecordAccessed: { version: 1, required: ['roles', 'fields'] },
};

export const ACCESS_CONTRACT_EVENT_TYPES = contractTypes(ACCESS_CONTRACT);
export const decodeAccessEvent = contractDecoder('access', ACCESS_CONTRACT);
