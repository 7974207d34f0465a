/**
 * The console's account administration (/admin), for the role admin: the agencies it manages and their TOTP
 * requirement, and their accounts. Another role is 403; an agency or account outside the admin's reach is 404.
 * One-time passwords are in the answer once and nowhere else.
 */
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@jm/platform';
import type { Page } from '@jm/platform';
import { ApiCsrfHeader, CurrentSession, SessionRequired } from '../session/session.guard';
import type { LiveSession } from '../session/session.store';
import type { AccountView } from './account-book';
import { AdminService, ManagedAgency, SessionSummary } from './admin.service';
import { AgencySecurityDto, ChangeRolesDto, CreateAccountDto, DisableAccountDto, ListAccountsQuery } from './admin.dto';

@ApiTags('admin')
@Controller('admin')
@SessionRequired({ roles: ['admin'] })
@ApiProblems(403)
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('agencies')
  @ApiOperation({ summary: 'The agencies whose accounts you manage, with the roles each may hold and whether it requires TOTP' })
  agencies(@CurrentSession() session: LiveSession): Promise<ManagedAgency[]> {
    return this.admin.agencies(session);
  }

  @Put('agencies/:code/security')
  @ApiCsrfHeader()
  @ApiOperation({ summary: "Sets whether the agency's accounts must sign in with TOTP" })
  setSecurity(@CurrentSession() session: LiveSession, @Param('code') code: string, @Body() dto: AgencySecurityDto) {
    return this.admin.setSecurity(session, code, dto.totpRequired);
  }

  @Get('accounts')
  @ApiProblems(404)
  @ApiOperation({ summary: 'Accounts of the agencies you manage (or of one), by username' })
  list(@CurrentSession() session: LiveSession, @Query() query: ListAccountsQuery): Promise<Page<AccountView>> {
    return this.admin.list(session, query);
  }

  @Post('accounts')
  @ApiCsrfHeader()
  @ApiProblems(404)
  @ApiOperation({ summary: 'Creates an account with a one-time password (shown in this answer only; changed at first sign-in)' })
  create(@CurrentSession() session: LiveSession, @Body() dto: CreateAccountDto) {
    return this.admin.create(session, dto);
  }

  @Post('accounts/:id/disable')
  @HttpCode(200)
  @ApiCsrfHeader()
  @ApiOperation({ summary: 'Disables the account and ends its sessions' })
  disable(@CurrentSession() session: LiveSession, @Param('id') id: string, @Body() dto: DisableAccountDto): Promise<AccountView> {
    return this.admin.disable(session, id, dto.reason);
  }

  @Post('accounts/:id/enable')
  @HttpCode(200)
  @ApiCsrfHeader()
  @ApiOperation({ summary: 'Enables a disabled account, or unlocks a locked one' })
  enable(@CurrentSession() session: LiveSession, @Param('id') id: string): Promise<AccountView> {
    return this.admin.enable(session, id);
  }

  @Post('accounts/:id/reset-password')
  @HttpCode(200)
  @ApiCsrfHeader()
  @ApiOperation({ summary: 'Issues a new one-time password (shown once; changed at the next sign-in) and ends the sessions' })
  resetPassword(@CurrentSession() session: LiveSession, @Param('id') id: string): Promise<{ oneTimePassword: string }> {
    return this.admin.resetPassword(session, id);
  }

  @Put('accounts/:id/roles')
  @ApiCsrfHeader()
  @ApiOperation({ summary: "Sets the account's roles (those its agency's kind allows); its open sessions take them at once" })
  changeRoles(@CurrentSession() session: LiveSession, @Param('id') id: string, @Body() dto: ChangeRolesDto): Promise<AccountView> {
    return this.admin.changeRoles(session, id, dto.roles);
  }

  @Post('accounts/:id/revoke-sessions')
  @HttpCode(204)
  @ApiCsrfHeader()
  @ApiOperation({ summary: 'Ends every session of the account' })
  async revokeSessions(@CurrentSession() session: LiveSession, @Param('id') id: string): Promise<void> {
    await this.admin.revokeSessions(session, id);
  }

  @Get('accounts/:id/sessions')
  @ApiOperation({ summary: 'The live sessions of the account' })
  sessions(@CurrentSession() session: LiveSession, @Param('id') id: string): Promise<SessionSummary[]> {
    return this.admin.sessionsOf(session, id);
  }
}
