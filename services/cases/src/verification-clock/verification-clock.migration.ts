/** Adds the `verification_clock` table from its declaration (a new migration: the earlier ones are never edited). */
import { createTablesMigration } from '@jm/read-model';
import { VERIFICATION_CLOCK } from './verification-clock.entity';

export const CreateVerificationClock1767000000000 = createTablesMigration('CreateVerificationClock1767000000000', [VERIFICATION_CLOCK]);
