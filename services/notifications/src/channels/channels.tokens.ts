/** Injection tokens of the channels part. */
import { SYSTEM_AGENCY } from '@jm/contracts';
export const NOTIFICATION_COMMANDS = Symbol('NOTIFICATION_COMMANDS');
export const CHANNEL_CHOICE_COMMANDS = Symbol('CHANNEL_CHOICE_COMMANDS');
export const CHANNEL_DEFAULTS = Symbol('CHANNEL_DEFAULTS');
/** The process environment webhook secrets are read from (tests pass their own). */
export const SECRET_ENV = Symbol('SECRET_ENV');
/** Where webhooks may go (WebhookTargets, from WEBHOOK_ALLOWED_HOSTS). */
export const WEBHOOK_TARGETS = Symbol('WEBHOOK_TARGETS');
/** The rules every channel choice is checked against (ChoiceRules: secrets' environment, webhook targets). */
export const CHOICE_RULES = Symbol('CHOICE_RULES');

/** The actor of what the service appends on its own (messages, delivery outcomes). */
export const CHANNELS_ACTOR = { agency: SYSTEM_AGENCY, user: 'notifications:channels' };
