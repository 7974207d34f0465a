/**
 * The informant's identity: read only by an office officer of the office whose
 * jurisdiction contains the lead, with a stated purpose; every attempt,
 * granted or refused, goes to the access log. Shredding destroys the
 * informant's key (crypto-shredding): the sealed value stays in the event and
 * the hash chain stays intact, but nobody can read it again (410).
 */
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { hasRole } from '@jm/contracts';
import { Clock, ForbiddenError, NotFoundError } from '@jm/event-sourcing';
import {
  AccessPurpose,
  ACCESS_PURPOSE_HEADER,
  AccessLog,
  CLOCK,
  CommandAccepted,
  CurrentPrincipal,
  KeyShreddedError,
  Principal,
  RawRequest,
  requireCaseworker,
  EtagResponse,
  withEtag,
} from '@jm/platform';
import { regionContains } from '@jm/reference';
import { IDEMPOTENCY_HEADER, IF_MATCH_HEADER } from '../lead/lead.controller';
import { ShredInformantDto } from '../lead/lead.dto';
import { HttpRequestLike, invalidFields, LeadService } from '../lead/lead.service';
import { InformantKeys } from './informant-keys';

export interface InformantIdentity {
  name?: string;
  phone?: string;
  idNumber?: string;
  address?: string;
}

const FIELDS = ['informant_identity'];

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads/:id/informant')
export class InformantController {
  constructor(
    private readonly leads: LeadService,
    private readonly accessLog: AccessLog,
    private readonly keys: InformantKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The informant’s identity (office officers of the lead’s office only; purpose required; recorded)' })
  async read(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @AccessPurpose({ required: true, description: 'Why the identity is needed; recorded in the access log.' }) purpose?: string,
  ): Promise<{ leadId: string; informant: InformantIdentity }> {
    const record = async (granted: boolean) =>
      this.accessLog.record(principal, {
        resourceType: 'lead',
        resourceId: id,
        fields: FIELDS,
        purpose,
        granted,
        exists: granted || (await this.leads.exists(id)),
      });
    try {
      requireCaseworker(principal);
      const { state } = await this.leads.visibleLead(principal, id);
      const informant = state.informant;
      if (informant.status === 'absent') throw new NotFoundError(`an informant identity for lead ${id} (it was reported anonymously)`);
      if (informant.status === 'shredded') throw new KeyShreddedError(informant.keyId, 'its InformantIdentityShredded event');
      const mayRead =
        principal.agencyKind === 'office' &&
        hasRole(principal, 'office_officer') &&
        regionContains(principal.jurisdiction, state.received.jurisdiction);
      if (!mayRead) {
        throw new ForbiddenError(
          `only an office_officer of the joint-meeting office whose jurisdiction contains ${state.received.jurisdiction} may read an informant’s identity`,
        );
      }
      if (!purpose)
        throw invalidFields([
          { field: ACCESS_PURPOSE_HEADER, messages: ['state why you need the informant’s identity in the X-Access-Purpose header; it is recorded'] },
        ]);
      const identity = await this.keys.open<InformantIdentity>(informant.sealed);
      await record(true);
      return { leadId: id, informant: identity };
    } catch (error) {
      // Refused attempts are recorded too, on leads that exist (AccessLog only counts reads of unknown ids).
      await record(false);
      throw error;
    }
  }

  @Post('shred')
  @HttpCode(200)
  @ApiOperation({ summary: 'Destroy the informant’s key (crypto-shredding); office officer or admin of the lead’s office, with a reason' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async shred(
    @Param('id') id: string,
    @Body() dto: ShredInformantDto,
    @CurrentPrincipal() principal: Principal,
    @RawRequest() request: HttpRequestLike,
    @Res({ passthrough: true }) response: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(response, await this.leads.shredInformant(id, principal, request, dto.reason));
  }
}
