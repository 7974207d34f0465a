/** What the cases service adds to its own database: the triage, case, meeting and verification-clock read models and the key vault of the aftermath register's identities (entities + migrations, in order). */
import { KEY_VAULT_SCHEMA, ReadModelSchema } from '@jm/platform';
import { MeetingSummaryEntity } from './meeting-summary/meeting-summary.entity';
import { CreateMeetingSummary1766000000000 } from './meeting-summary/meeting-summary.migration';
import { NegotiationSummaryEntity } from './negotiation/negotiation-summary.entity';
import { CreateNegotiationSummary1768000000000 } from './negotiation/negotiation-summary.migration';
import { CaseSummaryEntity, CaseVisibilityEntity, LeadTriageEntity } from './read-model/read-model.entities';
import { CreateCasesReadModels1764000000000 } from './read-model/read-model.migrations';
import { VerificationClockEntity } from './verification-clock/verification-clock.entity';
import { CreateVerificationClock1767000000000 } from './verification-clock/verification-clock.migration';

export const CASES_READ_MODEL = {
  entities: [
    LeadTriageEntity,
    CaseSummaryEntity,
    CaseVisibilityEntity,
    MeetingSummaryEntity,
    VerificationClockEntity,
    NegotiationSummaryEntity,
    ...KEY_VAULT_SCHEMA.entities,
  ],
  migrations: [
    CreateCasesReadModels1764000000000,
    CreateMeetingSummary1766000000000,
    CreateVerificationClock1767000000000,
    CreateNegotiationSummary1768000000000,
    ...KEY_VAULT_SCHEMA.migrations,
  ],
} satisfies ReadModelSchema;
