/** What cases publishes of the aftermath register (`aftermath-<caseId>`): every contract event as stored; the sealed identity (AftermathIdentitySealed) never. */
import { AFTERMATH_CONTRACT, AftermathContractEvent, publicationAsStored } from '@jm/contracts';
import type { AftermathEvent } from './aftermath.events';

export const publishAftermathEvent: (event: AftermathEvent) => AftermathContractEvent | undefined = publicationAsStored(AFTERMATH_CONTRACT);
