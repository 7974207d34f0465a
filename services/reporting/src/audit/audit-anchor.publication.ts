/** What reporting publishes of its anchors (`audit-anchors`): every event as stored, with its contract version. */
import { AUDIT_ANCHOR_CONTRACT, AuditAnchorContractEvent, publicationAsStored } from '@jm/contracts';
import type { AuditAnchorEvent } from './audit-anchor.events';

export const publishAuditAnchorEvent: (event: AuditAnchorEvent) => AuditAnchorContractEvent | undefined = publicationAsStored(AUDIT_ANCHOR_CONTRACT);
