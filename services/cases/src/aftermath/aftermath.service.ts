/**
 * The aftermath register's application service: a command is checked for the
 * case's need-to-know (404 for a case the caller may not know), completed with
 * the case's facts and ids derived from the command id, the identity sealed
 * with the person's own key (only once the decider accepted the caller), the
 * key destroyed before an AftermathIdentityShredded is appended; and the
 * register as the caller may read it: identities opened only for those who
 * keep the register, masked for everyone else, the read logged.
 */
import { Inject, Injectable } from '@nestjs/common';
import { SealedValue, toAftermathStreamId } from '@jm/contracts';
import { Clock, CommandHandler, DomainRuleError } from '@jm/event-sourcing';
import {
  AccessLog,
  AGENCY_REGISTRY,
  CLOCK,
  CommandAccepted,
  commandAccepted,
  CommandRequest,
  commandFromRequest,
  KeyShreddedError,
  Principal,
} from '@jm/platform';
import { AgencyRegistry, Yuan } from '@jm/reference';
import { requireCaseworker } from '../access/need-to-know';
import { CaseService } from '../case/case.service';
import { AFTERMATH_COMMANDS, derivedId, domainActorOf } from '../common/command-support';
import type { AftermathAccess, AftermathCommand } from './aftermath.commands';
import { aftermathDecider, mayKeepRegister } from './aftermath.decider';
import { isLettersBureauOver } from '../case/case.policy';
import type { AftermathEvent, AftermathIdentity, AftermathRole } from './aftermath.events';
import { AftermathEntry, AftermathPetition, AftermathState, AftermathTotals, aftermathTotals } from './aftermath';
import { AftermathKeys } from './aftermath-keys';

type Asked<C extends AftermathCommand> = C extends unknown ? Omit<C, 'at' | 'actor' | 'caseId' | 'access'> : never;
/** A register command as the caller asks it: the identity in clear (sealed here), ids not yet derived. */
export type AftermathRequest =
  | { kind: 'RegisterPerson'; role: AftermathRole; identity: AftermathIdentity }
  | Omit<Asked<Extract<AftermathCommand, { kind: 'RegisterClaim' }>>, 'claimId'>
  | Omit<Asked<Extract<AftermathCommand, { kind: 'RecordRefund' }>>, 'refundId'>
  | Omit<Asked<Extract<AftermathCommand, { kind: 'ReferPetition' }>>, 'petitionId'>
  | Asked<Extract<AftermathCommand, { kind: 'SupervisePetition' | 'ClosePetition' | 'ShredPersonIdentity' }>>;

/** What a command answers: the stream's new version, and the id of what it created. */
export type AftermathAccepted = CommandAccepted & { id?: string };

export interface RegisterPersonView {
  personId: string;
  role: AftermathRole;
  /** `open`: read with the person's key; `masked`: the caller may not open it; `shredded`: the key is destroyed. */
  identityStatus: 'open' | 'masked' | 'shredded';
  identity?: AftermathIdentity;
  claims: AftermathEntry[];
  refunds: AftermathEntry[];
  claimedYuan: Yuan;
  refundedYuan: Yuan;
}

export interface RegisterView {
  caseId: string;
  version: number;
  totals: AftermathTotals;
  persons: RegisterPersonView[];
  petitions: AftermathPetition[];
}

const PLACEHOLDER: SealedValue = { alg: 'AES-256-GCM', keyId: '', iv: '', tag: '', ciphertext: '' };

/** 张三 → 张*; 11010519491231002X → 110105********002X; 13800000000 → 138****0000. */
export function maskIdentity(identity: AftermathIdentity): AftermathIdentity {
  const name = [...identity.name];
  return {
    name: `${name[0] ?? ''}${'*'.repeat(Math.max(name.length - 1, 1))}`,
    idNumber: `${identity.idNumber.slice(0, 6)}********${identity.idNumber.slice(-4)}`,
    ...(identity.phone ? { phone: `${identity.phone.slice(0, 3)}****${identity.phone.slice(-4)}` } : {}),
  };
}

@Injectable()
export class AftermathService {
  constructor(
    @Inject(AFTERMATH_COMMANDS) private readonly handler: CommandHandler<AftermathCommand, AftermathState, AftermathEvent>,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cases: CaseService,
    private readonly keys: AftermathKeys,
    private readonly accessLog: AccessLog,
  ) {}

  /** The case's facts that decide who may act; 404 unless the caller may know of the case (the region's letters bureau may). */
  private async access(principal: Principal, caseId: string): Promise<AftermathAccess> {
    requireCaseworker(principal);
    const { facts } = await this.cases.visibleCase(principal, caseId, (state) => isLettersBureauOver(principal, state.facts.jurisdiction));
    const units = [facts.leadUnit, ...facts.cooperatingUnits, facts.street].filter((u): u is string => !!u);
    return { caseNo: facts.caseNo, jurisdiction: facts.jurisdiction, office: facts.office, units: [...new Set(units)] };
  }

  async execute(request: CommandRequest, caseId: string, asked: AftermathRequest): Promise<AftermathAccepted> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    const access = await this.access(principal, caseId);
    const base = { at: metadata.time, actor: domainActorOf(principal), caseId, access };
    const streamId = toAftermathStreamId(caseId);
    const id = (kind: string) => derivedId(`aftermath-${kind}`, metadata.commandId);
    let created: string | undefined;
    const result = await this.handler.handle(
      streamId,
      async (state) => {
        switch (asked.kind) {
          case 'RegisterPerson': {
            const personId = (created = id('person'));
            const command: AftermathCommand = { kind: 'RegisterPerson', role: asked.role, personId, identity: PLACEHOLDER, ...base };
            // Sealed only once the decider accepts the caller: no key for a refused or repeated registration.
            if (aftermathDecider.decide(command, state).length === 0) return command;
            return { ...command, identity: await this.keys.seal(personId, asked.identity, this.clock.now()) };
          }
          case 'RegisterClaim':
            return { ...asked, ...base, claimId: (created = id('claim')) };
          case 'RecordRefund':
            return { ...asked, ...base, refundId: (created = id('refund')) };
          case 'ReferPetition':
            if (!this.registry.get(asked.referredTo)) throw new DomainRuleError(`referredTo: ${asked.referredTo} is not an agency in the registry`);
            return { ...asked, ...base, petitionId: (created = id('petition')) };
          case 'ShredPersonIdentity': {
            const command: AftermathCommand = { ...asked, ...base };
            // The key goes before the event is appended: a failed append leaves a shredded key, never a readable one.
            if (aftermathDecider.decide(command, state).length > 0) await this.keys.shred(asked.personId, this.clock.now());
            return command;
          }
          default:
            return { ...asked, ...base };
        }
      },
      metadata,
    );
    return { ...commandAccepted(streamId, result), ...(created ? { id: created } : {}) };
  }

  /** The register as the caller may read it; the read is logged (identities opened or not). */
  async register(principal: Principal, caseId: string, purpose?: string): Promise<RegisterView> {
    const access = await this.access(principal, caseId);
    const { state, version } = await this.handler.load(toAftermathStreamId(caseId));
    const open = mayKeepRegister(principal, access);
    const persons = await Promise.all(Object.values(state.persons).map((p) => this.personView(p, open)));
    await this.accessLog.record(principal, {
      resourceType: 'case',
      resourceId: caseId,
      fields: open && persons.some((p) => p.identityStatus === 'open') ? ['aftermath_identity'] : ['summary'],
      exists: true,
      granted: true,
      ...(purpose ? { purpose } : {}),
    });
    return { caseId, version: version ?? -1, totals: aftermathTotals(state), persons, petitions: Object.values(state.petitions) };
  }

  private async personView(p: AftermathState['persons'][string], open: boolean): Promise<RegisterPersonView> {
    const { identity: sealed, shredded, personId, role, claims, refunds, claimedYuan, refundedYuan } = p;
    const rest = { personId, role, claims, refunds, claimedYuan, refundedYuan };
    if (shredded || !sealed) return { ...rest, identityStatus: 'shredded' };
    let identity: AftermathIdentity;
    try {
      identity = await this.keys.open<AftermathIdentity>(sealed);
    } catch (error) {
      // Shredded before its event was appended: as unreadable as after.
      if (error instanceof KeyShreddedError) return { ...rest, identityStatus: 'shredded' };
      throw error;
    }
    return open ? { ...rest, identityStatus: 'open', identity } : { ...rest, identityStatus: 'masked', identity: maskIdentity(identity) };
  }
}
