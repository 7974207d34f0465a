/**
 * From HTTP to the lead decider: a submission is checked against what only
 * the service knows (the agency registry, the clock, the evidence store),
 * the informant's identity is sealed with their own key, then ReceiveLead is
 * handled. A command on an existing lead loads the lead once: need-to-know
 * (404 for a lead the caller may not see) is checked on that state, then the
 * handler decides and appends with the caller's expected version.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainActor, EvidenceRef, LeadSubject, SealedValue, toLeadStreamId } from '@jm/contracts';
import { Clock, CommandMetadata, deriveEventId, InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import {
  AGENCY_REGISTRY,
  commandAccepted,
  CommandRequest,
  CLOCK,
  CommandAccepted,
  commandFromRequest,
  FieldError,
  invalidFields,
  Principal,
  SERVICE_CONFIG,
  ServiceConfig,
} from '@jm/platform';
import { Agency, AgencyRegistry, normalizeYuan } from '@jm/reference';
import { EvidenceStore } from '../evidence/evidence.store';
import { InformantKeys } from '../informant/informant-keys';
import { LEAD_COMMANDS, LeadCommands, SUBMISSION_COMMANDS, SubmissionCommands } from '../intake.tokens';
import { LeadReadModelQuery } from '../lead-read-model/lead-read-model.query';
import { matchKeysOf } from '../matching/match-keys';
import { hashReceiptSecret, newReceiptNo, newReceiptSecret } from '../submission/receipt';
import { toSubmissionStreamId } from '../submission/submission.events';
import { LeadState, ReceivedLeadState } from './lead';
import {
  informantKeyId,
  LeadCommand,
  LeadContent,
  leadDecider,
  publicActor,
  ReceiveLead,
  requireMayReceive,
  ShredInformantIdentity,
} from './lead.decider';
import { AgencyLeadDto, InformantDto, LeadContentDto, PublicLeadDto, SubjectDto, SupplementDto } from './lead.dto';
import type { LeadReceived } from './lead.events';

export const EVIDENCE_STORE = Symbol('EVIDENCE_STORE');

/** A 422 in the validation pipe's shape (shared), re-exported for intake's modules. */
export { invalidFields };

export type HttpRequestLike = CommandRequest;

interface Placement {
  jurisdiction: string;
  street?: string;
  office: Agency;
}

/** Lead ids are UUIDs (random, or derived from an Idempotency-Key). */
export const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const LEVEL_ORDER = ['district', 'city', 'province'] as const;

/** China Standard Time calendar date of an instant. */
const chinaToday = (now: Date): string => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

@Injectable()
export class LeadService {
  constructor(
    @Inject(LEAD_COMMANDS) private readonly leads: LeadCommands,
    @Inject(SUBMISSION_COMMANDS) private readonly receipts: SubmissionCommands,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly keys: InformantKeys,
    @Inject(EVIDENCE_STORE) private readonly evidence: EvidenceStore,
    private readonly readModel: LeadReadModelQuery,
  ) {}

  /** Public submission: received by the office of the lead's jurisdiction for the public; answers only the receipt. */
  async submitPublic(dto: PublicLeadDto, request: HttpRequestLike): Promise<{ receiptNo: string; secret: string }> {
    const now = this.clock.now();
    const { placement, evidence, errors } = await this.check(dto, now, undefined);
    if (errors.length || !placement) throw invalidFields(errors);
    const actor = publicActor(placement.office);
    const { metadata } = commandFromRequest(request, this.clock, actor);
    // A public retry cannot be recognised (the secret is shown once), so each request is its own command on a new stream.
    metadata.commandId = randomUUID();
    delete metadata.expectedVersion;
    const leadId = randomUUID();
    const secret = newReceiptSecret();
    const receiptSecretHash = hashReceiptSecret(secret);
    const content = this.content(dto, leadId, '', placement, evidence, {
      source: 'public_report',
      channel: dto.channel ?? 'website',
      receiptSecretHash,
    });
    const command = (lead: LeadContent): ReceiveLead => ({
      kind: 'ReceiveLead',
      intake: 'public',
      at: metadata.time,
      actor,
      lead,
      reportToOffice: true,
      reportDeadlineHours: this.config.domain.leadReportDeadlineHours,
    });
    requireMayReceive(command(content));
    const receiptNo = await this.issueReceipt(actor, leadId, receiptSecretHash, metadata, now);
    const informant = await this.seal(leadId, dto.informant, now);
    await this.leads.handle(toLeadStreamId(leadId), command({ ...content, receiptNo, ...informant }), metadata, { newStream: true });
    return { receiptNo, secret };
  }

  /** Agency submission: the caller's agency is the first receiver; reported to the office at once unless told otherwise. */
  async submitAgency(
    dto: AgencyLeadDto,
    principal: Principal,
    request: HttpRequestLike,
  ): Promise<CommandAccepted & { leadId: string; receiptNo: string }> {
    const now = this.clock.now();
    const { placement, evidence, errors } = await this.check(dto, now, principal);
    if (errors.length || !placement) throw invalidFields(errors);
    const { metadata } = commandFromRequest(request, this.clock, principal);
    // With an Idempotency-Key the lead id follows from it, so a retried submission lands on the same stream and appends nothing twice.
    const idempotent = request.headers['idempotency-key'] !== undefined;
    const leadId = idempotent ? deriveEventId(`lead:${principal.agency}:${metadata.commandId}`, 0) : randomUUID();
    const content = this.content(dto, leadId, newReceiptNo(now), placement, evidence, { source: dto.source, channel: dto.channel });
    const command = (lead: LeadContent): ReceiveLead => ({
      kind: 'ReceiveLead',
      intake: 'agency',
      at: metadata.time,
      actor: principal,
      lead,
      reportToOffice: dto.reportToOffice ?? true,
      reportDeadlineHours: this.config.domain.leadReportDeadlineHours,
    });
    // Refuse (403) before a key is made for someone who may not submit at all.
    requireMayReceive(command(content));
    const informant = await this.seal(leadId, dto.informant, now);
    const streamId = toLeadStreamId(leadId);
    // A random id is a new stream; one derived from an Idempotency-Key may be a retry, whose stream is read first.
    const result = await this.leads.handle(
      streamId,
      command({ ...content, ...informant }),
      { ...metadata, expectedVersion: undefined },
      { newStream: !idempotent },
    );
    const received = result.events.find((e): e is LeadReceived => e.type === 'LeadReceived');
    return { ...commandAccepted(streamId, result), leadId, receiptNo: received?.data.receiptNo ?? content.receiptNo };
  }

  /** Loads a lead the reader may see; 404 otherwise (existence does not leak). */
  async visibleLead(reader: DomainActor, leadId: string): Promise<{ state: ReceivedLeadState; version: number }> {
    requireLeadId(leadId);
    const { state, version } = await this.leads.load(toLeadStreamId(leadId));
    return { state: await this.requireVisible(reader, leadId, state, version), version: version as number };
  }

  async load(leadId: string): Promise<{ state: LeadState; version: number | undefined }> {
    return this.leads.load(toLeadStreamId(leadId));
  }

  /** Whether a lead by this id was ever received (a refused read of it is recorded; of anything else, only counted). */
  async exists(leadId: string): Promise<boolean> {
    return LEAD_ID.test(leadId) && (await this.load(leadId)).version !== undefined;
  }

  /** A command on an existing lead by an authenticated caller (If-Match, Idempotency-Key honoured), built on the lead as loaded once. */
  async execute(
    leadId: string,
    principal: Principal,
    request: HttpRequestLike,
    build: (at: string, actor: DomainActor, state: ReceivedLeadState) => LeadCommand | Promise<LeadCommand>,
  ): Promise<CommandAccepted> {
    const { metadata } = commandFromRequest(request, this.clock, principal);
    requireLeadId(leadId);
    const streamId = toLeadStreamId(leadId);
    const result = await this.leads.handle(
      streamId,
      async (state, version) => build(metadata.time, principal, await this.requireVisible(principal, leadId, state, version)),
      metadata,
    );
    return commandAccepted(streamId, result);
  }

  /** An agency adds to a lead; unknown evidence is a 422 before the lead is read. */
  async supplement(leadId: string, principal: Principal, request: HttpRequestLike, dto: SupplementDto): Promise<CommandAccepted> {
    const { refs, errors } = await this.evidenceRefs(dto.evidence, 'evidence');
    if (errors.length) throw invalidFields(errors);
    return this.execute(leadId, principal, request, (at, actor) => ({
      kind: 'SupplementLead',
      at,
      actor,
      by: 'agency',
      text: dto.text,
      evidence: refs,
    }));
  }

  /**
   * Crypto-shredding of the informant's identity. Decided first on the loaded lead (403/409/422 leave the key
   * alone), then the key is destroyed, then the event recorded: a retry after a failed append finds the key
   * already gone and appends the event.
   */
  async shredInformant(leadId: string, principal: Principal, request: HttpRequestLike, reason: string): Promise<CommandAccepted> {
    return this.execute(leadId, principal, request, async (at, actor, state) => {
      const command: ShredInformantIdentity = { kind: 'ShredInformantIdentity', at, actor, reason };
      const [shredded] = leadDecider.decide(command, state);
      if (shredded?.type === 'InformantIdentityShredded') await this.keys.shred(shredded.data.keyId, this.clock.now());
      return command;
    });
  }

  /** Runs a command whose caller was checked elsewhere (the informant's receipt). */
  async run(leadId: string, command: LeadCommand, metadata: CommandMetadata): Promise<CommandAccepted> {
    const streamId = toLeadStreamId(leadId);
    const result = await this.leads.handle(streamId, command, metadata);
    return commandAccepted(streamId, result);
  }

  /** Evidence references for hashes the caller gives; unknown ones are reported under `field`. */
  async evidenceRefs(hashes: readonly string[] | undefined, field: string): Promise<{ refs: EvidenceRef[]; errors: FieldError[] }> {
    const refs: EvidenceRef[] = [];
    const errors: FieldError[] = [];
    for (const [i, sha256] of (hashes ?? []).entries()) {
      const ref = await this.evidence.get(sha256);
      if (ref) refs.push(ref);
      else
        errors.push({
          field: `${field}[${i}]`,
          messages: [`no evidence file with SHA-256 ${sha256}: upload it first (POST /leads/evidence or /public/evidence)`],
        });
    }
    return { refs, errors };
  }

  /** The lead as loaded, if the reader may know of it; 404 otherwise. */
  private async requireVisible(reader: DomainActor, leadId: string, state: LeadState, version: number | undefined): Promise<ReceivedLeadState> {
    if (state.status === 'none' || version === undefined) throw new NotFoundError(`lead ${leadId}`);
    const { receivedBy, jurisdiction, office } = state.received;
    if (!(await this.readModel.isVisible(reader, { leadId, receivedBy, jurisdiction, office }))) throw new NotFoundError(`lead ${leadId}`);
    return state;
  }

  private async issueReceipt(actor: DomainActor, leadId: string, receiptSecretHash: string, metadata: CommandMetadata, now: Date): Promise<string> {
    // Numbers are random; a taken one is refused by its stream (409) and another is drawn.
    for (let attempt = 0; ; attempt++) {
      const receiptNo = newReceiptNo(now);
      try {
        await this.receipts.handle(
          toSubmissionStreamId(receiptNo),
          { kind: 'IssueReceipt', at: metadata.time, actor, receiptNo, leadId, receiptSecretHash },
          { ...metadata, commandId: `${metadata.commandId}:receipt:${attempt}`, expectedVersion: undefined },
          { newStream: true },
        );
        return receiptNo;
      } catch (error) {
        if (!(error instanceof InvalidTransitionError) || attempt >= 8) throw error;
      }
    }
  }

  private async seal(leadId: string, informant: InformantDto | undefined, now: Date): Promise<{ anonymous: boolean; informant?: SealedValue }> {
    const identity = Object.fromEntries(
      Object.entries({ name: informant?.name, phone: informant?.phone, idNumber: informant?.idNumber, address: informant?.address })
        .map(([k, v]) => [k, v?.trim()])
        .filter(([, v]) => v),
    );
    if (Object.keys(identity).length === 0) return { anonymous: true };
    return { anonymous: false, informant: await this.keys.seal(informantKeyId(leadId), identity, now) };
  }

  private content(
    dto: LeadContentDto,
    leadId: string,
    receiptNo: string,
    placement: Placement,
    evidence: EvidenceRef[],
    origin: Pick<LeadContent, 'source' | 'channel'> & { receiptSecretHash?: string },
  ): LeadContent {
    const subjects = (dto.subjects ?? []).map(subjectOf);
    return {
      leadId,
      receiptNo,
      title: dto.title,
      category: dto.category,
      field: dto.field,
      source: origin.source,
      channel: origin.channel,
      jurisdiction: placement.jurisdiction,
      ...(placement.street ? { street: placement.street } : {}),
      subjects,
      matchKeys: matchKeysOf(subjects),
      ...(dto.amountYuan !== undefined ? { amountYuan: normalizeYuan(dto.amountYuan) } : {}),
      ...(dto.participants !== undefined ? { participants: dto.participants } : {}),
      major: dto.major ?? false,
      anonymous: true,
      description: dto.description,
      ...(dto.location ? { location: dto.location.trim() } : {}),
      ...(dto.occurredOn ? { occurredOn: dto.occurredOn } : {}),
      evidence,
      ...(origin.receiptSecretHash ? { receiptSecretHash: origin.receiptSecretHash } : {}),
      office: placement.office.code,
    };
  }

  /** Checks needing the registry, the clock or the evidence store; all problems at once, like the pipe. */
  private async check(
    dto: LeadContentDto,
    now: Date,
    principal: Principal | undefined,
  ): Promise<{ placement?: Placement; evidence: EvidenceRef[]; errors: FieldError[] }> {
    const errors: FieldError[] = [];
    if (dto.occurredOn && dto.occurredOn > chinaToday(now))
      errors.push({ field: 'occurredOn', messages: [`occurredOn must not be in the future (today is ${chinaToday(now)})`] });
    const { refs, errors: evidenceErrors } = await this.evidenceRefs(dto.evidence, 'evidence');
    errors.push(...evidenceErrors);
    const placement = this.place(dto, principal, errors);
    return { placement, evidence: refs, errors };
  }

  /**
   * Where the lead belongs: the street's region, else the explicit jurisdiction,
   * else (agencies only) the receiver's own. Its office is the nearest one
   * containing it; the public reaches district offices only.
   */
  private place(dto: LeadContentDto, principal: Principal | undefined, errors: FieldError[]): Placement | undefined {
    let jurisdiction: string | undefined;
    let street: string | undefined;
    if (dto.street !== undefined) {
      const agency = this.registry.get(dto.street);
      if (!agency || agency.kind !== 'street') {
        const streets = this.registry
          .all()
          .filter((a) => a.kind === 'street')
          .map((a) => `${a.code} (${a.name['zh-CN']})`);
        errors.push({ field: 'street', messages: [`street must be the code of a street in the agency registry: ${streets.join(', ')}`] });
        return undefined;
      }
      street = agency.code;
      jurisdiction = agency.jurisdiction;
      if (dto.jurisdiction !== undefined && dto.jurisdiction !== jurisdiction) {
        errors.push({
          field: 'jurisdiction',
          messages: [`jurisdiction ${dto.jurisdiction} does not contain street ${street} (${jurisdiction}); leave it out or make them agree`],
        });
        return undefined;
      }
    } else {
      jurisdiction = dto.jurisdiction ?? principal?.jurisdiction;
    }
    if (!jurisdiction) {
      errors.push({ field: 'street', messages: ['give the street (e.g. lc-st-haibin) or the 6-digit jurisdiction where the activity takes place'] });
      return undefined;
    }
    const levels = principal ? LEVEL_ORDER : (['district'] as const);
    const office = levels.map((level) => this.registry.officeFor(jurisdiction, level)).find((o) => o !== undefined);
    if (!office) {
      const offices = this.registry
        .all()
        .filter((a) => a.kind === 'office' && (principal || a.level === 'district'))
        .map((a) => `${a.jurisdiction} (${a.name['zh-CN']})`);
      errors.push({
        field: dto.street !== undefined ? 'street' : 'jurisdiction',
        messages: [`no joint-meeting office here handles ${jurisdiction}; jurisdictions served: ${offices.join(', ')}`],
      });
      return undefined;
    }
    return { jurisdiction, ...(street ? { street } : {}), office };
  }
}

/** An id that is not a lead id is 404 before anything is read. */
function requireLeadId(leadId: string): void {
  if (!LEAD_ID.test(leadId)) throw new NotFoundError(`lead ${leadId.slice(0, 64)}`);
}

function subjectOf(dto: SubjectDto): LeadSubject {
  const subject: LeadSubject = { kind: dto.kind };
  if (dto.name?.trim()) subject.name = dto.name.trim();
  if (dto.creditCode) subject.creditCode = dto.creditCode;
  if (dto.url) subject.url = dto.url;
  if (dto.phone) subject.phone = dto.phone;
  if (dto.account?.trim()) subject.account = dto.account.trim();
  if (dto.region) subject.region = dto.region;
  return subject;
}
