/**
 * What the cases controllers and process managers share: one command handler
 * per stream (injection tokens), actor snapshots, ids derived from the command
 * id (so a retried request with the same Idempotency-Key names the same case or
 * meeting) and deadlines.
 */
import { DomainActor, toDomainActor } from '@jm/contracts';
import { deriveEventId } from '@jm/event-sourcing';
import { Principal } from '@jm/platform';
import { Agency, AgencyRegistry, Role } from '@jm/reference';
import type { Actor } from '@jm/event-sourcing';

export const TRIAGE_COMMANDS = Symbol('TRIAGE_COMMANDS');
export const CASE_COMMANDS = Symbol('CASE_COMMANDS');
export const MEETING_COMMANDS = Symbol('MEETING_COMMANDS');
export const AFTERMATH_COMMANDS = Symbol('AFTERMATH_COMMANDS');
export const ROUTING_RULES = Symbol('ROUTING_RULES');

/** The domain's snapshot of the caller (without the display name). */
export function domainActorOf(principal: Principal): DomainActor {
  const { name: _name, ...actor } = principal;
  return actor;
}

/** A stable id for something a command creates (case, meeting, funds request): same command id, same id. */
export function derivedId(kind: string, commandId: string): string {
  return deriveEventId(`${kind}:${commandId}`, 0);
}

export function addDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * 24 * 60 * 60 * 1000).toISOString();
}

/**
 * The actor a process manager acts as: the agency and user of the event that
 * triggered it, as the registry knows them. Roles are not in the envelope;
 * the managers only issue commands whose authority was checked when that
 * event was decided, so the snapshot carries the kind's acting role.
 */
export function actorFromEnvelope(registry: AgencyRegistry, actor: Actor, fallback: Pick<Agency, 'jurisdiction'>): DomainActor {
  const agency = registry.get(actor.agency);
  if (!agency) {
    return { user: actor.user, agency: actor.agency, agencyKind: 'street', level: 'district', jurisdiction: fallback.jurisdiction, roles: [] };
  }
  const role: Role = agency.kind === 'office' ? 'office_officer' : agency.kind === 'member' ? 'unit_officer' : 'street_officer';
  return toDomainActor(agency, actor.user, [role]);
}
