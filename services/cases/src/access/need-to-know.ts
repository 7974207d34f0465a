/**
 * Need-to-know (issue #3): who may read a lead's triage, a case or a meeting.
 * Offices see everything in their region; a unit sees what it was routed,
 * assigned, asked or transferred; anyone else is told "not found" (404), so
 * existence does not leak. Analysts, auditors and administrators do not read
 * case files here at all (403, requireCaseworker from @jm/platform): they work from
 * reporting's projections and the audit API.
 */
import { DomainActor } from '@jm/contracts';
import { regionContains } from '@jm/reference';
import type { CaseEvent } from '../case/case.events';
import type { MeetingState } from '../meeting/meeting';
import type { TriageState } from '../triage/triage';

// The role check is shared with intake (one rule for lead and case files); re-exported for this service's callers.
export { requireCaseworker } from '@jm/platform';

/** An office whose region contains the given region. */
export function isOfficeOver(actor: DomainActor, region: string): boolean {
  return actor.agencyKind === 'office' && regionContains(actor.jurisdiction, region);
}

export function canSeeTriage(actor: DomainActor, state: TriageState): boolean {
  if (state.status === 'not_reported') return false;
  if (isOfficeOver(actor, state.summary.jurisdiction) || actor.agency === state.office) return true;
  if (state.status === 'awaiting_triage' || state.status === 'referred_up') return false;
  return actor.agency === state.routing.unit || actor.agency === state.routing.street;
}

export type AudienceReason =
  | 'lead_unit'
  | 'cooperating_unit'
  | 'street'
  | 'joint_team'
  | 'dedicated_team'
  | 'determination_authority'
  | 'funds_monitoring'
  | 'police'
  | 'meeting';

export interface AudienceEntry {
  agency: string;
  reason: AudienceReason;
}

/** The agencies a case event brings into the case's audience (besides the offices over its region). */
export function audienceOf(event: CaseEvent): AudienceEntry[] {
  switch (event.type) {
    case 'CaseOpened':
      return [
        { agency: event.data.leadUnit, reason: 'lead_unit' },
        ...event.data.cooperatingUnits.map((agency) => ({ agency, reason: 'cooperating_unit' as const })),
        ...(event.data.street ? [{ agency: event.data.street, reason: 'street' as const }] : []),
      ];
    case 'CaseUnitsAssigned':
      return [
        { agency: event.data.leadUnit, reason: 'lead_unit' },
        ...event.data.cooperatingUnits.map((agency) => ({ agency, reason: 'cooperating_unit' as const })),
      ];
    case 'JointInvestigationTeamFormed':
      return [event.data.leader, ...event.data.members].map((agency) => ({ agency, reason: 'joint_team' as const }));
    case 'DedicatedTeamFormed':
      return event.data.units.map((agency) => ({ agency, reason: 'dedicated_team' as const }));
    case 'FundsMonitoringRequested':
      return [{ agency: event.data.to, reason: 'funds_monitoring' }];
    case 'DeterminationRequested':
    case 'DeterminationOpinionIssued':
      return [{ agency: event.data.authority, reason: 'determination_authority' }];
    case 'TransferredToPolice':
    case 'TransferAcceptedByPolice':
    case 'TransferDeclinedByPolice':
      return [{ agency: event.data.police, reason: 'police' }];
    default:
      return [];
  }
}

export function caseAudience(events: CaseEvent[]): Set<string> {
  return new Set(events.flatMap((e) => audienceOf(e).map((a) => a.agency)));
}

/** A case is visible to the offices over its region and to its audience (units, authority, police, meeting offices). */
export function canSeeCase(actor: DomainActor, jurisdiction: string, audience: ReadonlySet<string>): boolean {
  return isOfficeOver(actor, jurisdiction) || audience.has(actor.agency);
}

/** A meeting is visible to the offices over its region and to the member units of the joint meeting (units of its region). */
export function canSeeMeeting(actor: DomainActor, state: MeetingState): boolean {
  if (state.status === 'not_scheduled') return false;
  if (isOfficeOver(actor, state.jurisdiction)) return true;
  return actor.agencyKind === 'member' && regionContains(state.jurisdiction, actor.jurisdiction);
}
