/**
 * What moves cross-region negotiations across deployments (only with DEPLOYMENT set; docs/federation-casework.md):
 *   our CaseOpened with subjects in a region another deployment serves → our notice record (per region)
 *   our records' events                                               → messages to the other deployments
 *   messages from other deployments                                   → the records here
 * Commands caused by our own events have ids derived from them (`pm:<event id>…`), those caused by a
 * message from the message id (`fed:<message id>`): a redelivery appends nothing twice. A message is believed
 * about its sender from its topic only, and one its sender may not send is logged and ignored.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CrossRegionMessage,
  decodeCaseEvent,
  decodeCrossRegionMessage,
  decodeNegotiationEvent,
  NegotiatedCase,
  NegotiationKind,
  NegotiationOpenedData,
  SYSTEM_AGENCY,
  toNegotiationStreamId,
} from '@jm/contracts';
import type { DomainActor, LeadSubject } from '@jm/contracts';
import { Clock, CommandHandler, CommandMetadata, StoredEvent } from '@jm/event-sourcing';
import { CLOCK, FEDERATION, Federation, SERVICE_CONFIG, ServiceConfig, WORKING_CALENDAR, WorkingCalendar } from '@jm/platform';
import { Deployment, regionContains } from '@jm/reference';
import { derivedId } from '../common/command-support';
import { causedBy } from '../process-managers/process-managers';
import type { NegotiationSummaryRow } from './negotiation-summary.entity';
import { NEGOTIATION_COMMANDS, NegotiationCommand } from './negotiation.commands';
import type { NegotiationEvent } from './negotiation.events';
import type { NegotiationState } from './negotiation';
import { negotiationDueAt } from './negotiation-due';

type Opened = Exclude<NegotiationState, { status: 'none' }>;

/** The same id in every deployment holding a record of it: the notifying deployment, the case, the other region. */
export function negotiationIdOf(fromDeployment: string, caseId: string, region: string): string {
  return derivedId('negotiation', `${fromDeployment}:${caseId}:${region}`);
}

/** The case as a record keeps it: the contract's fields only, whatever else a message carries. */
export function negotiatedCaseOf(c: NegotiatedCase): NegotiatedCase {
  const subjects = c.subjects.map(({ kind, name, creditCode, url, phone, account, region }) => ({
    kind,
    ...(name !== undefined ? { name } : {}),
    ...(creditCode !== undefined ? { creditCode } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(phone !== undefined ? { phone } : {}),
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
  }));
  return {
    caseId: c.caseId,
    caseNo: c.caseNo,
    title: c.title,
    category: c.category,
    subjects,
    ...(c.amountYuan !== undefined ? { amountYuan: c.amountYuan } : {}),
  };
}

/** A record of a negotiation held by `office`, between the deployments `[from, to]`, of what was asked. */
export function recordOf(
  kind: NegotiationKind,
  negotiationId: string,
  office: string,
  [from, to]: [Deployment, Deployment],
  superior: string,
  asked: { case: NegotiatedCase; proposedLeadRegion: string; from: { region: string }; to: { region: string } },
  extra: Pick<NegotiationOpenedData, 'dueAt' | 'reason' | 'disagreement'> = {},
): NegotiationOpenedData {
  return {
    negotiationId,
    kind,
    office,
    case: negotiatedCaseOf(asked.case),
    from: { deployment: from.id, office: from.office, region: asked.from.region },
    to: { deployment: to.id, office: to.office, region: asked.to.region },
    proposedLeadRegion: asked.proposedLeadRegion,
    superior,
    ...extra,
  };
}

/** What the process acts as: the system (the authority was checked where the cause was decided). */
const PROCESS_ACTOR: DomainActor = {
  user: 'cross-region',
  agency: SYSTEM_AGENCY,
  agencyKind: 'street',
  level: 'district',
  jurisdiction: '000000',
  roles: [],
};

@Injectable()
export class CrossRegionProcess {
  private readonly logger = new Logger('CrossRegionProcess');

  constructor(
    @Inject(NEGOTIATION_COMMANDS) private readonly handler: CommandHandler<NegotiationCommand, NegotiationState, NegotiationEvent>,
    @Inject(FEDERATION) private readonly federation: Federation,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
  ) {}

  /** A case opened here with subjects in regions other deployments serve: one notice record per such region. */
  async onCaseOpened(event: StoredEvent): Promise<void> {
    const self = this.federation.self;
    if (!self) return;
    const opened = decodeCaseEvent(event);
    if (opened.type !== 'CaseOpened') return;
    const d = opened.data;
    const byRegion = new Map<string, LeadSubject[]>();
    for (const subject of d.subjects) {
      if (subject.region && !regionContains(d.jurisdiction, subject.region))
        byRegion.set(subject.region, [...(byRegion.get(subject.region) ?? []), subject]);
    }
    for (const [region, subjects] of byRegion) {
      const other = this.federation.registry.servingRegion(region);
      const superior = other && this.superiorOf(self, other);
      if (!other || !superior) continue;
      const negotiationId = negotiationIdOf(self.id, d.caseId, region);
      const asked = { case: { ...d, subjects }, proposedLeadRegion: d.jurisdiction, from: { region: d.jurisdiction }, to: { region } };
      const record = recordOf('notice', negotiationId, d.office, [self, other], superior.id, asked);
      await this.handler.handle(toNegotiationStreamId(negotiationId), this.open(event.time, record), causedBy(event, `:negotiation:${region}`));
    }
  }

  /** Our record moved: tell the deployments concerned (the row is the one just projected). */
  async onOwnEvent(event: StoredEvent, row: NegotiationSummaryRow): Promise<void> {
    if (!this.federation.enabled) return;
    const domain = decodeNegotiationEvent(event);
    const send = (to: string, message: CrossRegionMessage) => this.federation.send(to, event, message);
    switch (domain.type) {
      case 'NegotiationOpened': {
        if (domain.data.kind !== 'notice') return;
        const { kind: _kind, office: _office, dueAt: _due, reason: _reason, disagreement: _disagreement, ...request } = domain.data;
        await send(row.toDeployment, { type: 'CrossRegionNegotiationRequested', version: 1, data: request });
        return;
      }
      case 'NegotiationAnswered':
        if (row.kind === 'negotiation') await send(row.fromDeployment, { type: 'CrossRegionNegotiationAnswered', version: 1, data: domain.data });
        return;
      case 'NegotiationReferred': {
        if (row.kind !== 'negotiation') return;
        const state = await this.opened(row.negotiationId);
        if (!state) throw new Error(`negotiation ${row.negotiationId} was referred but its stream cannot be read`);
        const { kind: _kind, office: _office, dueAt: _due, reason: _reason, disagreement: _disagreement, ...shared } = state;
        const referral = {
          negotiationId: state.negotiationId,
          case: shared.case,
          from: shared.from,
          to: shared.to,
          proposedLeadRegion: shared.proposedLeadRegion,
          superior: shared.superior,
          reason: domain.data.reason,
          ...(state.answer?.agree === false && state.answer.reason ? { disagreement: state.answer.reason } : {}),
        };
        await send(state.superior, { type: 'CrossRegionDisputeReferred', version: 1, data: referral });
        await send(state.from.deployment, { type: 'CrossRegionDisputeReferred', version: 1, data: referral });
        return;
      }
      case 'NegotiationDecided':
        if (row.kind !== 'dispute') return;
        await send(row.fromDeployment, { type: 'CrossRegionDisputeDecided', version: 1, data: domain.data });
        await send(row.toDeployment, { type: 'CrossRegionDisputeDecided', version: 1, data: domain.data });
        return;
    }
  }

  /** A message from another deployment (its topic names the sender). */
  async onMessage(event: StoredEvent, topic: string): Promise<void> {
    const self = this.federation.self;
    const sender = this.federation.senderOf(topic);
    if (!self || !sender) return this.ignore(event, `it did not come on a federation topic (${topic})`);
    const message = decodeCrossRegionMessage(event);
    const metadata: CommandMetadata = { ...causedBy(event), commandId: `fed:${event.id}` };
    switch (message.type) {
      case 'CrossRegionNegotiationRequested': {
        const d = message.data;
        const senderOffice = this.federation.registry.officeOf(sender);
        if (d.from.deployment !== sender.id || !regionContains(senderOffice.jurisdiction, d.from.region)) {
          return this.ignore(event, `${sender.id} may notify only for a case of its own region`);
        }
        if (this.federation.registry.servingRegion(d.to.region)?.id !== self.id)
          return this.ignore(event, `region ${d.to.region} is not served here`);
        const superior = this.superiorOf(sender, self);
        if (!superior) return this.ignore(event, `${sender.id} and ${self.id} have no common superior apart from themselves`);
        const negotiationId = negotiationIdOf(sender.id, d.case.caseId, d.to.region);
        const now = this.clock.now().toISOString();
        const due = negotiationDueAt(this.calendar, now, this.config.domain.crossRegionAgreementDays);
        if (due.gaps.length)
          this.logger.warn(
            `negotiation ${negotiationId}: due ${due.value} counted Monday to Friday for ${due.gaps.join(', ')} (no holiday calendar file)`,
          );
        const record = recordOf('negotiation', negotiationId, self.office, [sender, self], superior.id, d, { dueAt: due.value });
        await this.handler.handle(toNegotiationStreamId(negotiationId), this.open(now, record), metadata);
        return;
      }
      case 'CrossRegionNegotiationAnswered': {
        const { agree, leadRegion, reason, by } = message.data;
        await this.onRecord(message.data.negotiationId, metadata, (s) => s.kind === 'notice' && s.to.deployment === sender.id, {
          kind: 'RecordAnswer',
          at: event.time,
          actor: PROCESS_ACTOR,
          agree,
          ...(leadRegion ? { leadRegion } : {}),
          ...(reason ? { reason } : {}),
          by,
        });
        return;
      }
      case 'CrossRegionDisputeReferred': {
        const d = message.data;
        const from = this.federation.registry.get(d.from.deployment);
        const superior = from && this.superiorOf(from, sender);
        const regionsHold =
          from !== undefined &&
          regionContains(this.federation.registry.officeOf(from).jurisdiction, d.from.region) &&
          this.federation.registry.servingRegion(d.to.region)?.id === sender.id;
        if (from && regionsHold && superior?.id === self.id && d.to.deployment === sender.id) {
          const negotiationId = negotiationIdOf(from.id, d.case.caseId, d.to.region);
          const { reason, disagreement } = d;
          const record = recordOf('dispute', negotiationId, self.office, [from, sender], self.id, d, {
            reason,
            ...(disagreement ? { disagreement } : {}),
          });
          await this.handler.handle(toNegotiationStreamId(negotiationId), this.open(event.time, record), metadata);
          return;
        }
        await this.onRecord(d.negotiationId, metadata, (s) => s.kind === 'notice' && s.to.deployment === sender.id, {
          kind: 'ReferNegotiation',
          at: event.time,
          actor: PROCESS_ACTOR,
          reason: d.reason,
        });
        return;
      }
      case 'CrossRegionDisputeDecided': {
        const { leadRegion, reason, by } = message.data;
        await this.onRecord(message.data.negotiationId, metadata, (s) => s.kind !== 'dispute' && s.superior === sender.id, {
          kind: 'RecordDecision',
          at: event.time,
          actor: PROCESS_ACTOR,
          leadRegion,
          reason,
          by,
        });
        return;
      }
    }
  }

  /** The due check: refers a negotiation whose due time passed without an answer. */
  async referOverdue(negotiationId: string, now: string): Promise<void> {
    await this.handler.handle(
      toNegotiationStreamId(negotiationId),
      { kind: 'ReferNegotiation', at: now, actor: PROCESS_ACTOR, reason: 'overdue' },
      { commandId: `due:${negotiationId}`, time: now, actor: { agency: SYSTEM_AGENCY, user: 'cross-region-due-check' } },
    );
  }

  /** The common superior of two deployments, when it is neither of them (otherwise there is no one to negotiate with on equal terms). */
  private superiorOf(a: Deployment, b: Deployment): Deployment | undefined {
    const superior = this.federation.registry.commonSuperior(a, b);
    return superior && superior.id !== a.id && superior.id !== b.id ? superior : undefined;
  }

  private open(at: string, record: NegotiationOpenedData) {
    return (): NegotiationCommand => ({ kind: 'OpenNegotiation', at, actor: PROCESS_ACTOR, record });
  }

  private async opened(negotiationId: string): Promise<Opened | undefined> {
    const { state } = await this.handler.load(toNegotiationStreamId(negotiationId));
    return state.status === 'none' ? undefined : state;
  }

  /** A command on a record held here, when the message's sender is the one that may send it (else logged and ignored). */
  private async onRecord(
    negotiationId: string,
    metadata: CommandMetadata,
    mayAct: (state: Opened) => boolean,
    command: NegotiationCommand,
  ): Promise<void> {
    await this.handler.handle(
      toNegotiationStreamId(negotiationId),
      (state) => {
        if (state.status === 'none' || !mayAct(state)) {
          this.logger.warn(`${command.kind} for negotiation ${negotiationId} ignored: no record here that its sender may move`);
          return undefined;
        }
        return command;
      },
      metadata,
    );
  }

  private ignore(event: StoredEvent, why: string): void {
    this.logger.warn(`${event.type} ${event.id} ignored: ${why}`);
  }
}
