/**
 * The public's way in, without a token: submit a lead (anonymous allowed) and
 * get back only a receipt number and a secret; with both, read a coarse status
 * and add information. A wrong receipt or secret is 404 either way, so the
 * answer never tells whether a receipt exists. Rate-limited per client IP.
 */
import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AGENCY_REGISTRY, AgencyRegistry, ApiProblems, CLOCK, Clock, CommandHandler, commandFromRequest, EventStore, InjectEventStore, languageOf, NotFoundError, Public, RawRequest } from '@jm/shared';
import { LeadReadModelQuery } from '../lead-read-model/lead-read-model.query';
import { publicActor } from '../lead/lead.decider';
import { PublicLeadDto, PublicStatus, SupplementDto } from '../lead/lead.dto';
import { HttpRequestLike, invalidFields, LeadService } from '../lead/lead.service';
import { PUBLIC_STATUS_LABELS } from '../lead/lead.view';
import { headerOf } from '../lead/lead.controller';
import { RECEIPT_NO_FORMAT, receiptSecretMatches } from '../submission/receipt';
import { submissionDecider } from '../submission/submission.decider';
import { toSubmissionStreamId } from '../submission/submission.events';
import { PublicRateLimitGuard, RateLimited } from './rate-limit.guard';

const RECEIPT_HEADERS = [
  { name: 'X-Receipt-No', required: true, description: 'The receipt number given at submission, e.g. JB-20261122-7K3Q9X', schema: { type: 'string', minLength: 1 } },
  { name: 'X-Receipt-Secret', required: true, description: 'The secret given at submission', schema: { type: 'string', minLength: 1 } },
];
/** Compared against when a receipt does not exist, so both failures take the same time. */
const NO_SUCH_RECEIPT_HASH = '0'.repeat(64);

@ApiTags('public')
@Public()
@UseGuards(PublicRateLimitGuard)
@Controller('public/leads')
export class PublicLeadController {
  private readonly receipts;

  constructor(
    private readonly leads: LeadService,
    private readonly readModel: LeadReadModelQuery,
    @InjectEventStore() store: EventStore,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.receipts = new CommandHandler(store, submissionDecider);
  }

  @Post()
  @RateLimited('submit')
  @ApiOperation({ summary: 'Report illegal financial activity (anonymous allowed). Keep the receipt number and secret: they are shown once.' })
  async submit(@Body() dto: PublicLeadDto, @RawRequest() request: HttpRequestLike): Promise<{ receiptNo: string; secret: string }> {
    return this.leads.submitPublic(dto, request);
  }

  @Get('status')
  @RateLimited('follow-up')
  @ApiProblems(404)
  @ApiOperation({ summary: 'The status of your report, coarse (received, processing, unfounded, case_opened, closed)' })
  @ApiHeader(RECEIPT_HEADERS[0])
  @ApiHeader(RECEIPT_HEADERS[1])
  async status(@RawRequest() request: HttpRequestLike): Promise<{ receiptNo: string; status: PublicStatus; label: string }> {
    const receipt = await this.receipt(request);
    const { status } = await this.readModel.publicStatus(receipt.leadId);
    return { receiptNo: receipt.receiptNo, status, label: PUBLIC_STATUS_LABELS[status][languageOf(request as never)] };
  }

  @Post('supplements')
  @HttpCode(200)
  @RateLimited('follow-up')
  @ApiProblems(404)
  @ApiOperation({ summary: 'Add information or evidence to your report' })
  @ApiHeader(RECEIPT_HEADERS[0])
  @ApiHeader(RECEIPT_HEADERS[1])
  async supplement(@Body() dto: SupplementDto, @RawRequest() request: HttpRequestLike): Promise<{ receiptNo: string; accepted: true }> {
    const receipt = await this.receipt(request);
    const { refs, errors } = await this.leads.evidenceRefs(dto.evidence, 'evidence');
    if (errors.length) throw invalidFields(errors);
    const office = this.registry.get(receipt.office);
    if (!office) throw new NotFoundError('this receipt');
    const actor = publicActor(office);
    const { metadata } = commandFromRequest(request, this.clock, actor);
    await this.leads.run(receipt.leadId, { kind: 'SupplementLead', at: metadata.time, actor, by: 'informant', text: dto.text, evidence: refs }, { ...metadata, expectedVersion: undefined });
    return { receiptNo: receipt.receiptNo, accepted: true };
  }

  private async receipt(request: HttpRequestLike): Promise<{ receiptNo: string; leadId: string; office: string }> {
    const receiptNo = headerOf(request, 'x-receipt-no');
    const secret = headerOf(request, 'x-receipt-secret');
    const missing = [
      ...(receiptNo ? [] : [{ field: 'X-Receipt-No', messages: ['the receipt number header is required'] }]),
      ...(secret ? [] : [{ field: 'X-Receipt-Secret', messages: ['the receipt secret header is required'] }]),
    ];
    if (!receiptNo || !secret) throw invalidFields(missing);
    const known = RECEIPT_NO_FORMAT.test(receiptNo) ? (await this.receipts.load(toSubmissionStreamId(receiptNo))).state : undefined;
    const issued = known?.status === 'issued' ? known : undefined;
    const matches = receiptSecretMatches(secret, issued?.receiptSecretHash ?? NO_SUCH_RECEIPT_HASH);
    if (!issued || !matches) throw new NotFoundError('a report with this receipt number and secret');
    return { receiptNo: issued.receiptNo, leadId: issued.leadId, office: issued.office };
  }
}
