/**
 * What part of the log an auditor may audit (docs/security.md, "Audit"): an
 * auditor sees what its agency's jurisdiction covers (a city's contains its
 * districts); the platform-wide audit (the whole access log, verification,
 * anchors) belongs to the top office of the installation, derived from the
 * agency registry, never named in code.
 *
 * A stream's region is the first jurisdiction its events name (`jurisdiction`,
 * a lead summary's `jurisdiction`, or the registry's jurisdiction of the
 * `office` or `unit` they name, e.g. a deadline clock's); a routing stream has its lead's, an access stream the
 * region of the resource it records (their own events are the fallback). A stream that names none
 * (anchors, the audit's own access streams, notices) is platform-wide.
 */
import { DomainActor } from '@jm/contracts';
import { EventStore, isStreamId, StoredEvent } from '@jm/event-sourcing';
import { AgencyRegistry, regionContains, topOffices } from '@jm/reference';

const REGION = /^\d{6}$/;

// Moved to @jm/reference, where the operations tools of every service find it too.
export { topOffices } from '@jm/reference';

/** Streams whose region is that of another stream, when they name none themselves. */
function relatedStream(streamId: string): string | undefined {
  const routing = /^routing-(.+)$/.exec(streamId);
  if (routing) return `lead-${routing[1]}`;
  const access = /^access-([a-z][a-z0-9_]*)-(.+)$/.exec(streamId);
  if (access && access[1] !== 'audit') return `${access[1]}-${access[2]}`;
  return undefined;
}

/**
 * Stream regions for one request. `observe` takes the events of a scan of the global log as they pass (a stream's
 * first events come first), so a range resolves most streams without reading them again.
 */
export interface StreamRegions {
  of(streamId: string, events?: StoredEvent[]): Promise<string | undefined>;
  observe(event: StoredEvent): void;
}

export class AuditScope {
  private readonly top: ReadonlySet<string>;

  /** `deploymentOffice`: in a deployment of a federation, its own office is the top of the store it audits. */
  constructor(
    private readonly registry: AgencyRegistry,
    private readonly store: EventStore,
    deploymentOffice?: string,
  ) {
    this.top = new Set(deploymentOffice ? [deploymentOffice] : topOffices(registry).map((a) => a.code));
  }

  /** The names of the top offices, for a refusal that says who may. */
  topOfficeNames(): string {
    return [...this.top].map((code) => `${this.registry.name(code)} (${code})`).join(', ') || 'none (no office covers the whole agency registry)';
  }

  /** Whether the actor's agency is a top office (the role is checked apart). */
  platformWide(actor: Pick<DomainActor, 'agency'>): boolean {
    return this.top.has(actor.agency);
  }

  /** The agencies whose jurisdiction the actor's covers (whose reads its auditors see in the access log). */
  agenciesCovered(actor: Pick<DomainActor, 'jurisdiction'>): string[] {
    return this.registry
      .all()
      .filter((a) => regionContains(actor.jurisdiction, a.jurisdiction))
      .map((a) => a.code);
  }

  /** A resolver of stream regions for one request, remembering each stream it looked at. */
  regions(): StreamRegions {
    const named = new Map<string, string>();
    const known = new Map<string, Promise<string | undefined>>();
    const ownRegion = async (streamId: string, events?: StoredEvent[]): Promise<string | undefined> =>
      named.get(streamId) ?? regionNamedIn(events ?? (isStreamId(streamId) ? await this.store.readStream(streamId) : []), this.registry);
    const of = (streamId: string, events?: StoredEvent[]): Promise<string | undefined> => {
      let region = known.get(streamId);
      if (!region) {
        // The stream a routing or access stream belongs to decides first (a routing names the unit it went to, which
        // may be the city's; the lead's region is what matters).
        const related = relatedStream(streamId);
        region = (async () => (related ? await of(related) : undefined) ?? ownRegion(streamId, events))();
        known.set(streamId, region);
      }
      return region;
    };
    const observe = (event: StoredEvent): void => {
      if (named.has(event.streamId)) return;
      const region = regionNamedIn([event], this.registry);
      if (region) named.set(event.streamId, region);
    };
    return { of, observe };
  }

  /** Whether the actor may audit a stream of this region (a top office may audit every stream). */
  covers(actor: Pick<DomainActor, 'agency' | 'jurisdiction'>, region: string | undefined): boolean {
    return this.platformWide(actor) || (region !== undefined && regionContains(actor.jurisdiction, region));
  }
}

function regionNamedIn(events: StoredEvent[], registry: AgencyRegistry): string | undefined {
  for (const e of events) {
    const data = (e.data ?? {}) as { jurisdiction?: unknown; summary?: { jurisdiction?: unknown }; office?: unknown; unit?: unknown };
    for (const candidate of [data.jurisdiction, data.summary?.jurisdiction])
      if (typeof candidate === 'string' && REGION.test(candidate)) return candidate;
    for (const code of [data.office, data.unit]) {
      const agency = typeof code === 'string' ? registry.get(code) : undefined;
      if (agency) return agency.jurisdiction;
    }
  }
  return undefined;
}
