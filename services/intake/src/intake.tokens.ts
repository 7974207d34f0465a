/** Injection tokens of intake's command handlers (built by commandHandlerProvider in IntakeModule). */
import type { CommandHandler } from '@jm/event-sourcing';
import type { LeadState } from './lead/lead';
import type { LeadCommand } from './lead/lead.decider';
import type { LeadEvent } from './lead/lead.events';
import type { SubmissionState } from './submission/submission';
import type { SubmissionCommand } from './submission/submission.decider';
import type { SubmissionEvent } from './submission/submission.events';

export const LEAD_COMMANDS = Symbol('LEAD_COMMANDS');
export const SUBMISSION_COMMANDS = Symbol('SUBMISSION_COMMANDS');

export type LeadCommands = CommandHandler<LeadCommand, LeadState, LeadEvent>;
export type SubmissionCommands = CommandHandler<SubmissionCommand, SubmissionState, SubmissionEvent>;
