/** What cases publishes of the case stream (`case-<caseId>`): every event as stored, with its contract version. */
import { CASE_CONTRACT, CaseContractEvent, publicationAsStored } from '@jm/contracts';
import type { CaseEvent } from './case.events';

export const publishCaseEvent: (event: CaseEvent) => CaseContractEvent | undefined = publicationAsStored(CASE_CONTRACT);
