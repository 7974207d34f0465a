/**
 * Intake owns leads coming in: public and agency submissions, their validation,
 * evidence files, informant identities (sealed, shreddable), matching against
 * earlier leads and cases, receipts, and need-to-know reads. Streams: lead-…,
 * submission-…, access-lead-….
 *
 * Config, logging, the event store, the bus, auth, /health and /ready come
 * from ServiceCoreModule in @jm/platform.
 */
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { commandHandlerProvider, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import { EvidenceController, EvidenceUploadErrors } from './evidence/evidence.controller';
import { EvidenceStore } from './evidence/evidence.store';
import { InformantController } from './informant/informant.controller';
import { InformantKeys } from './informant/informant-keys';
import { IntakeEventsConsumer } from './intake.consumer';
import { LEAD_COMMANDS, SUBMISSION_COMMANDS } from './intake.tokens';
import { LeadReadModelQuery } from './lead-read-model/lead-read-model.query';
import { LeadController } from './lead/lead.controller';
import { leadDecider } from './lead/lead.decider';
import { EVIDENCE_STORE, LeadService } from './lead/lead.service';
import { MatchingProcessManager } from './matching/matching.process-manager';
import { PublicLeadController } from './public/public-lead.controller';
import { PublicLeadService } from './public/public-lead.service';
import { PublicRateLimiter, PublicRateLimitGuard } from './public/rate-limit.guard';
import { submissionDecider } from './submission/submission.decider';

@Module({
  imports: [
    MulterModule.registerAsync({
      // Memory storage (no dest): files are hashed, checked and written content-addressed by EvidenceStore.
      useFactory: (config: ServiceConfig) => ({
        limits: { fileSize: config.domain.evidenceMaxBytes, files: 1, fields: 5 },
        // File names as browsers send them (UTF-8), e.g. 转账记录.png.
        defParamCharset: 'utf8',
      }),
      inject: [SERVICE_CONFIG],
    }),
  ],
  controllers: [LeadController, InformantController, PublicLeadController, EvidenceController, IntakeEventsConsumer],
  providers: [
    commandHandlerProvider(LEAD_COMMANDS, leadDecider),
    commandHandlerProvider(SUBMISSION_COMMANDS, submissionDecider),
    LeadService,
    PublicLeadService,
    LeadReadModelQuery,
    MatchingProcessManager,
    PublicRateLimiter,
    PublicRateLimitGuard,
    EvidenceUploadErrors,
    InformantKeys,
    { provide: EVIDENCE_STORE, useFactory: (config: ServiceConfig) => new EvidenceStore(config.domain.evidenceDir), inject: [SERVICE_CONFIG] },
  ],
})
export class IntakeModule {}
