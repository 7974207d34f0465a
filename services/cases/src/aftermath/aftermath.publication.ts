/**
 * What cases publishes of the aftermath register (`aftermath-<caseId>`): every type, as stored but for
 * AftermathIdentitySealed, which goes out without the sealed identity (the person id only).
 */
import { AFTERMATH_CONTRACT, AftermathContractEvent, publicationAsStored } from '@jm/contracts';
import type { AftermathEvent } from './aftermath.events';

const asStored = publicationAsStored(AFTERMATH_CONTRACT);

export function publishAftermathEvent(event: AftermathEvent): AftermathContractEvent | undefined {
  if (event.type !== 'AftermathIdentitySealed') return asStored(event);
  // Named fields only: the identity, sealed or not, stays in cases.
  const { caseId, personId } = event.data;
  return { type: event.type, version: 1, data: { caseId, personId } };
}
