/** Adds the `negotiation_summary` table from its declaration (a new migration: the earlier ones are never edited). */
import { createTablesMigration } from '@jm/read-model';
import { NEGOTIATION_SUMMARY } from './negotiation-summary.entity';

export const CreateNegotiationSummary1768000000000 = createTablesMigration('CreateNegotiationSummary1768000000000', [NEGOTIATION_SUMMARY]);
