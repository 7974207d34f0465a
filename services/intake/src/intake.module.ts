/**
 * Intake owns leads coming in: public and agency submissions, their validation,
 * matching against earlier leads, and receipts. Streams: lead-…, submission-….
 *
 * The domain goes here (one folder per stream, see docs and style.md); config,
 * logging, the event store, the bus, /health and /ready come from
 * ServiceCoreModule in @jm/shared.
 */
import { Module } from '@nestjs/common';

@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class IntakeModule {}
