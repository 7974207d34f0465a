/**
 * Whose accounts an admin manages: those of its own agency, and of every agency whose jurisdiction lies inside
 * its office's, at the office's level or below (a district office its units and streets, a city office its
 * districts' agencies too). Anything else is "not found" to it (need-to-know).
 */
import { Agency, AgencyRegistry, Level, regionContains } from '@jm/reference';

const LEVEL_ORDER: readonly Level[] = ['district', 'city', 'province'];

export function manages(admin: Agency, target: Agency): boolean {
  if (admin.code === target.code) return true;
  return (
    admin.kind === 'office' &&
    regionContains(admin.jurisdiction, target.jurisdiction) &&
    LEVEL_ORDER.indexOf(target.level) <= LEVEL_ORDER.indexOf(admin.level)
  );
}

export function managedAgencies(registry: AgencyRegistry, adminAgency: string): Agency[] {
  const admin = registry.get(adminAgency);
  return admin ? registry.all().filter((a) => manages(admin, a)) : [];
}

/**
 * The top offices: offices no office of a higher level covers. First start creates one admin account for each.
 */
export function topOffices(registry: AgencyRegistry): Agency[] {
  const offices = registry.all().filter((a) => a.kind === 'office');
  return offices.filter(
    (o) =>
      !offices.some((other) => LEVEL_ORDER.indexOf(other.level) > LEVEL_ORDER.indexOf(o.level) && regionContains(other.jurisdiction, o.jurisdiction)),
  );
}
