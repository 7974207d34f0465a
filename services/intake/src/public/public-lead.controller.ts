/**
 * The public's way in, without a token: submit a lead (anonymous allowed) and
 * get back only a receipt number and a secret; with both, read a coarse status
 * and add information. A wrong receipt or secret is 404 either way, so the
 * answer never tells whether a receipt exists. Rate-limited per client IP.
 */
import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, languageOf, Public, RawRequest } from '@jm/platform';
import { PublicLeadDto, PublicStatus, SupplementDto } from '../lead/lead.dto';
import { HttpRequestLike, invalidFields, LeadService } from '../lead/lead.service';
import { PUBLIC_STATUS_LABELS } from '../lead/lead.view';
import { headerOf } from '../lead/lead.controller';
import { PublicLeadService, ReceiptCredentials } from './public-lead.service';
import { PublicRateLimitGuard, RateLimited } from './rate-limit.guard';

const RECEIPT_HEADERS = [
  {
    name: 'X-Receipt-No',
    required: true,
    description: 'The receipt number given at submission, e.g. JB-20261122-7K3Q9X',
    schema: { type: 'string', minLength: 1 },
  },
  { name: 'X-Receipt-Secret', required: true, description: 'The secret given at submission', schema: { type: 'string', minLength: 1 } },
];

@ApiTags('public')
@Public()
@UseGuards(PublicRateLimitGuard)
@Controller('public/leads')
export class PublicLeadController {
  constructor(
    private readonly leads: LeadService,
    private readonly followUps: PublicLeadService,
  ) {}

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
    const { receiptNo, status } = await this.followUps.status(credentialsOf(request));
    return { receiptNo, status, label: PUBLIC_STATUS_LABELS[status][languageOf(request as never)] };
  }

  @Post('supplements')
  @HttpCode(200)
  @RateLimited('follow-up')
  @ApiProblems(404)
  @ApiOperation({ summary: 'Add information or evidence to your report' })
  @ApiHeader(RECEIPT_HEADERS[0])
  @ApiHeader(RECEIPT_HEADERS[1])
  async supplement(@Body() dto: SupplementDto, @RawRequest() request: HttpRequestLike): Promise<{ receiptNo: string; accepted: true }> {
    return this.followUps.supplement(credentialsOf(request), dto, request);
  }
}

/** The receipt headers; both are required (422 naming the missing ones). */
function credentialsOf(request: HttpRequestLike): ReceiptCredentials {
  const receiptNo = headerOf(request, 'x-receipt-no');
  const secret = headerOf(request, 'x-receipt-secret');
  const missing = [
    ...(receiptNo ? [] : [{ field: 'X-Receipt-No', messages: ['the receipt number header is required'] }]),
    ...(secret ? [] : [{ field: 'X-Receipt-Secret', messages: ['the receipt secret header is required'] }]),
  ];
  if (!receiptNo || !secret) throw invalidFields(missing);
  return { receiptNo, secret };
}
