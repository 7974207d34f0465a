/**
 * Whose accounts an admin manages: those of its own agency, and of every agency whose jurisdiction lies inside
 * its office's, at the office's level or below (a district office its units and streets, a city office its
 * districts' agencies too), among the agencies this console serves (in a deployment of a federation, DEPLOYMENT,
 * the deployment's own; every agency without one). Anything else is "not found" to it (need-to-know).
 */
import { Agency, AgencyRegistry, Level, regionContains } from '@jm/reference';

const LEVEL_ORDER: readonly Level[] = ['district', 'city', 'province'];

/** Is an agency served by this console (Federation.servesAgency)? */
export type ServesAgency = (code: string) => boolean;

/** Without DEPLOYMENT the console serves every agency of the registry. */
export const servesEveryAgency: ServesAgency = () => true;

export function manages(admin: Agency, target: Agency): boolean {
  if (admin.code === target.code) return true;
  return (
    admin.kind === 'office' &&
    regionContains(admin.jurisdiction, target.jurisdiction) &&
    LEVEL_ORDER.indexOf(target.level) <= LEVEL_ORDER.indexOf(admin.level)
  );
}

/** The agencies an admin manages; none for an admin of an agency this console does not serve. */
export function managedAgencies(registry: AgencyRegistry, adminAgency: string, serves: ServesAgency = servesEveryAgency): Agency[] {
  const admin = registry.get(adminAgency);
  return admin && serves(admin.code) ? registry.all().filter((a) => serves(a.code) && manages(admin, a)) : [];
}

/**
 * The top offices among the agencies this console serves: offices no served office of a higher level covers.
 * First start creates one admin account for each (in a deployment, its own office's only).
 */
export function topOffices(registry: AgencyRegistry, serves: ServesAgency = servesEveryAgency): Agency[] {
  const offices = registry.all().filter((a) => a.kind === 'office' && serves(a.code));
  return offices.filter(
    (o) =>
      !offices.some((other) => LEVEL_ORDER.indexOf(other.level) > LEVEL_ORDER.indexOf(o.level) && regionContains(other.jurisdiction, o.jurisdiction)),
  );
}
