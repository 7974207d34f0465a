/**
 * Audit: timelines replayed from the event store, the state of a case as of a
 * moment, the access log, hash-chain verification and anchors (stream
 * audit-anchors), over REST for auditors and through `npm run audit` (the CLI
 * calls the same functions on the store directly).
 */
import { Module } from '@nestjs/common';
import { AuditAnchorScheduler } from './audit-anchor.scheduler';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditAnchorScheduler],
})
export class AuditModule {}
