/**
 * What the public does with a receipt: its number and secret are checked
 * against the submission stream (a wrong one is 404 either way, in the same
 * time), then the coarse status is read or the informant's supplement handled.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Clock, NotFoundError } from '@jm/event-sourcing';
import { AGENCY_REGISTRY, CLOCK, commandFromRequest } from '@jm/platform';
import { AgencyRegistry } from '@jm/reference';
import { LeadReadModelQuery } from '../lead-read-model/lead-read-model.query';
import { SUBMISSION_COMMANDS, SubmissionCommands } from '../intake.tokens';
import { publicActor } from '../lead/lead.decider';
import { PublicStatus, SupplementDto } from '../lead/lead.dto';
import { HttpRequestLike, invalidFields, LeadService } from '../lead/lead.service';
import { RECEIPT_NO_FORMAT, receiptSecretMatches } from '../submission/receipt';
import { toSubmissionStreamId } from '../submission/submission.events';

/** Compared against when a receipt does not exist, so both failures take the same time. */
const NO_SUCH_RECEIPT_HASH = '0'.repeat(64);

export interface ReceiptCredentials {
  receiptNo: string;
  secret: string;
}

interface Receipt {
  receiptNo: string;
  leadId: string;
  office: string;
}

@Injectable()
export class PublicLeadService {
  constructor(
    private readonly leads: LeadService,
    private readonly readModel: LeadReadModelQuery,
    @Inject(SUBMISSION_COMMANDS) private readonly receipts: SubmissionCommands,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async status(credentials: ReceiptCredentials): Promise<{ receiptNo: string; status: PublicStatus }> {
    const receipt = await this.receipt(credentials);
    const { status } = await this.readModel.publicStatus(receipt.leadId);
    return { receiptNo: receipt.receiptNo, status };
  }

  async supplement(credentials: ReceiptCredentials, dto: SupplementDto, request: HttpRequestLike): Promise<{ receiptNo: string; accepted: true }> {
    const receipt = await this.receipt(credentials);
    const { refs, errors } = await this.leads.evidenceRefs(dto.evidence, 'evidence');
    if (errors.length) throw invalidFields(errors);
    const office = this.registry.get(receipt.office);
    if (!office) throw new NotFoundError('this receipt');
    const actor = publicActor(office);
    const { metadata } = commandFromRequest(request, this.clock, actor);
    await this.leads.run(
      receipt.leadId,
      { kind: 'SupplementLead', at: metadata.time, actor, by: 'informant', text: dto.text, evidence: refs },
      { ...metadata, expectedVersion: undefined },
    );
    return { receiptNo: receipt.receiptNo, accepted: true };
  }

  private async receipt({ receiptNo, secret }: ReceiptCredentials): Promise<Receipt> {
    const known = RECEIPT_NO_FORMAT.test(receiptNo) ? (await this.receipts.load(toSubmissionStreamId(receiptNo))).state : undefined;
    const issued = known?.status === 'issued' ? known : undefined;
    const matches = receiptSecretMatches(secret, issued?.receiptSecretHash ?? NO_SUCH_RECEIPT_HASH);
    if (!issued || !matches) throw new NotFoundError('a report with this receipt number and secret');
    return { receiptNo: issued.receiptNo, leadId: issued.leadId, office: issued.office };
  }
}
