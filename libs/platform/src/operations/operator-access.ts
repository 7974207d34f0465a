/**
 * Who may work on a service's parked events and dead letters (docs/operations/parked-events.md): they hold every
 * agency's events, so the installation's operator does, the top office of the agency registry (in a deployment of
 * a federation, the deployment's own office), as reporting's platform-wide audit. Its admins list, inspect,
 * replay and discard; its auditors list and inspect. Anyone else gets 403 naming the top office.
 */
import { Inject, Injectable } from '@nestjs/common';
import { hasRole } from '@jm/contracts';
import { ForbiddenError } from '@jm/event-sourcing';
import { AgencyRegistry, topOffices } from '@jm/reference';
import { FEDERATION, Federation } from '../federation/federation';
import type { Principal } from '../security/principal';
import { AGENCY_REGISTRY } from '../security/tokens';

@Injectable()
export class OperatorAccess {
  private readonly top: ReadonlySet<string>;

  constructor(
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(FEDERATION) federation: Federation,
  ) {
    const own = federation.self?.office;
    this.top = new Set(own ? [own] : topOffices(registry).map((a) => a.code));
  }

  /** Listing and inspecting: an admin or auditor of the top office. */
  requireReader(principal: Principal, what: string): void {
    this.require(principal, hasRole(principal, 'admin', 'auditor'), 'admin or auditor', what);
  }

  /** Replaying and discarding: an admin of the top office. */
  requireOperator(principal: Principal, what: string): void {
    this.require(principal, hasRole(principal, 'admin'), 'admin', what);
  }

  private require(principal: Principal, roleHeld: boolean, roles: string, what: string): void {
    if (roleHeld && this.top.has(principal.agency)) return;
    const names =
      [...this.top].map((code) => `${this.registry.name(code)} (${code})`).join(', ') || 'none (no office covers the whole agency registry)';
    throw new ForbiddenError(
      `${what} belongs to the ${roles} of the top office (${names}); you are ${principal.roles.join(', ') || 'no role'} of ${principal.agency}`,
    );
  }
}
