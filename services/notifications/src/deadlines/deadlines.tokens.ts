/** Injection tokens of the deadline engine: its command handlers, the policies and the calendar (read at boot). */
export const CLOCK_COMMANDS = Symbol('CLOCK_COMMANDS');
export const OBLIGATION_COMMANDS = Symbol('OBLIGATION_COMMANDS');
export const DEADLINE_POLICIES = Symbol('DEADLINE_POLICIES');
export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');
