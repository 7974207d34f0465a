/**
 * Who may do what on a case (issue #3: "every command is authorised in the
 * domain by role and agency"), and the stability-risk rule. Pure predicates
 * over the command's actor and the case's facts; a refusal is a ForbiddenError
 * whose message says who may act, so the caller knows whom to ask.
 */
import type { DomainActor } from '@jm/contracts';
import { regionContains, type Role } from '@jm/reference';
import { hasRole } from '@jm/contracts';
import { DomainRuleError, ForbiddenError } from '@jm/event-sourcing';
import type { SensitiveStep } from './case.commands';
import type { CaseFacts } from './case';

/** Roles that act for their agency; analysts and auditors read, they never command. */
const ACTING_ROLES: Role[] = ['office_officer', 'unit_officer', 'street_officer', 'convener'];

export function actsFor(actor: DomainActor, ...agencies: Array<string | undefined>): boolean {
  return agencies.includes(actor.agency) && hasRole(actor, ...ACTING_ROLES);
}

/** An officer of the office that owns the case (conveners too where `withConvener`). */
export function isOfficeOfficer(actor: DomainActor, office: string, withConvener = false): boolean {
  return actor.agency === office && hasRole(actor, 'office_officer', ...(withConvener ? (['convener'] as Role[]) : []));
}

export function isLeadUnit(actor: DomainActor, facts: CaseFacts): boolean {
  return actsFor(actor, facts.leadUnit);
}

/** Member units on the case: the lead unit and the cooperating units. */
export function memberUnits(facts: Pick<CaseFacts, 'leadUnit' | 'cooperatingUnits'>): string[] {
  return [facts.leadUnit, ...facts.cooperatingUnits];
}

/** Units working the case: lead, cooperating and joint-team units. */
export function workingUnits(facts: CaseFacts): string[] {
  const team = facts.team ? [facts.team.leader, ...facts.team.members] : [];
  return [...new Set([...memberUnits(facts), ...team])];
}

export function officeWho(facts: Pick<CaseFacts, 'office'>): string {
  return `an office officer of ${facts.office}`;
}

export function leadUnitWho(facts: Pick<CaseFacts, 'leadUnit'>): string {
  return `an officer of the lead unit ${facts.leadUnit}`;
}

/** "Recording a finding on case X is for …; lc-finance (unit_officer) is not." */
export function forbidden(action: string, caseNo: string, who: string, actor: DomainActor): ForbiddenError {
  const roles = actor.roles.length ? actor.roles.join(', ') : 'no roles';
  return new ForbiddenError(`${action} on case ${caseNo} is for ${who}; ${actor.agency} (${roles}) is not`);
}

export function authorise(allowed: boolean, action: string, facts: Pick<CaseFacts, 'caseNo'>, who: string, actor: DomainActor): void {
  if (!allowed) throw forbidden(action, facts.caseNo, who, actor);
}

/**
 * Stability-risk assessment before sensitive steps (domain.md, aftermath): on
 * a key case or one graded high or major, transfer to the police, seizure,
 * supervised refund and closure need an assessment for that step first.
 */
export function requireStabilityAssessment(facts: CaseFacts, step: SensitiveStep): void {
  const key = facts.keyFlags.length > 0;
  const risky = facts.riskGrade === 'high' || facts.riskGrade === 'major';
  if (!key && !risky) return;
  if (facts.assessedSteps.includes(step)) return;
  const why = [key ? `a key case (${facts.keyFlags.join(', ')})` : undefined, risky ? `graded ${facts.riskGrade} risk` : undefined]
    .filter(Boolean)
    .join(' and ');
  throw new DomainRuleError(
    `case ${facts.caseNo} is ${why}: a stability-risk assessment before ${step} is missing; record AssessStabilityRisk with beforeStep "${step}" first`,
  );
}

/** A letters-and-visits bureau (信访局) whose region contains the case's: it handles the case's petitions. */
export function isLettersBureauOver(actor: DomainActor, jurisdiction: string): boolean {
  return actor.duty === 'letters_and_visits' && actsFor(actor, actor.agency) && regionContains(actor.jurisdiction, jurisdiction);
}
