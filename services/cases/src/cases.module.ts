/**
 * Cases owns what happens to a lead once it is worth acting on: triage, routing,
 * verification, the case lifecycle, joint meetings and escalation. Streams: case-…, meeting-…, routing-….
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
export class CasesModule {}
