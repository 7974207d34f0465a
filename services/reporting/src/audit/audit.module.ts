/** Audit: timelines replayed from the event store, the state of a case as of a moment, the access log, hash-chain verification and anchors. */
import { Module } from '@nestjs/common';

@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class AuditModule {}
