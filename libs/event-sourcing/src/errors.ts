/**
 * Access errors (style.md rule 6): 401 when the caller is not authenticated,
 * 403 with the reason when the domain forbids the command, 404 when the caller
 * may not know the thing exists (need-to-know answers "not found", never
 * "forbidden", so existence does not leak). Their statuses are in the error
 * catalogue (nest/error-catalogue.ts).
 */

export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(reason: string) {
    super(reason);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(`${what} was not found`);
    this.name = 'NotFoundError';
  }
}

/** A command not allowed in the current state (409): names the state and what is allowed from it. */
export class InvalidTransitionError extends Error {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly subject: string,
    readonly command: string,
    readonly state: string,
    readonly allowed: readonly string[],
  ) {
    super(
      `${command} is not allowed: the ${subject} is ${state}; allowed from ${state}: ${allowed.length ? allowed.join(', ') : 'nothing (final state)'}`,
    );
    this.name = 'InvalidTransitionError';
  }
}

/** A command whose content breaks a domain rule (422), e.g. a decision on a case the meeting was not asked about. */
export class DomainRuleError extends Error {
  readonly code = 'DOMAIN_RULE_VIOLATED';
  constructor(message: string) {
    super(message);
    this.name = 'DomainRuleError';
  }
}
