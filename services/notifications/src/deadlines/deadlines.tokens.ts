/** Injection tokens of the deadline engine: its command handlers and the policies (the calendar's is the platform's WORKING_CALENDAR). */
export const CLOCK_COMMANDS = Symbol('CLOCK_COMMANDS');
export const OBLIGATION_COMMANDS = Symbol('OBLIGATION_COMMANDS');
export const DEADLINE_POLICIES = Symbol('DEADLINE_POLICIES');
