/**
 * The console's sign-in API (/auth): sign-in sets the httpOnly session cookie and the readable CSRF cookie;
 * the other routes need the session (and the CSRF header for POST). A session that must change its password or
 * enrol TOTP reaches only these routes (the gateway and /admin answer 403 until it is done).
 */
import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiProblems, InjectServiceConfig, Public } from '@jm/platform';
import type { ServiceConfig } from '@jm/platform';
import { clearSessionCookies, clientOf, readCookie, setSessionCookies } from '../session/cookies';
import { ApiCsrfHeader, CurrentSession, SessionRequired } from '../session/session.guard';
import { SESSION_COOKIE } from '../session/session.port';
import { LiveSession, SessionStore } from '../session/session.store';
import { AuthService, SessionView } from './auth.service';
import { ChangePasswordDto, SignInDto, TotpCodeDto } from './auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionStore,
    @InjectServiceConfig() private readonly config: ServiceConfig,
  ) {}

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username and password (and the TOTP code when asked); sets the session cookies' })
  @ApiResponse({
    status: 200,
    description:
      '{ session: SessionView }; Set-Cookie jm_session (httpOnly) and jm_csrf. 401: SIGN_IN_FAILED (one answer for an unknown name, a wrong password, a disabled account) or TOTP_REQUIRED',
  })
  @ApiProblems(423, 429)
  async signIn(
    @Body() dto: SignInDto,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<{ session: SessionView }> {
    const signedIn = await this.auth.signIn(dto, clientOf(req, this.config.domain.console));
    setSessionCookies(req, res, this.config.domain.console, {
      token: signedIn.token,
      csrfToken: signedIn.session.csrfToken,
      maxAgeSeconds: signedIn.maxAgeSeconds,
    });
    return { session: await this.auth.view(signedIn.session) };
  }

  /**
   * "Who is signed in here?" has two ordinary answers: a session, or nobody (204). Nobody is not an error, so a
   * visitor's first page load logs none in the browser; the routes that need a session still answer 401.
   */
  @Get('session')
  @Public()
  @ApiOperation({ summary: 'The signed-in session (also while a password change or TOTP enrolment is pending), or 204 when nobody is signed in' })
  @ApiResponse({ status: 200, description: 'SessionView' })
  @ApiResponse({ status: 204, description: 'no live session: none, expired, signed out or revoked' })
  async session(@Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse): Promise<SessionView | undefined> {
    const session = await this.sessions.findLive(readCookie(req, SESSION_COOKIE));
    if (session) return this.auth.view(session);
    res.statusCode = 204;
    return undefined;
  }

  @Post('sign-out')
  @SessionRequired({ pending: true })
  @HttpCode(204)
  @ApiCsrfHeader()
  @ApiProblems(403)
  @ApiOperation({ summary: 'Ends the session and clears its cookies' })
  async signOut(@CurrentSession() session: LiveSession, @Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse): Promise<void> {
    await this.auth.signOut(session);
    clearSessionCookies(req, res, this.config.domain.console);
  }

  @Post('password')
  @SessionRequired({ pending: true })
  @HttpCode(204)
  @ApiCsrfHeader()
  @ApiProblems(403)
  @ApiOperation({ summary: 'Changes the own password (required after a one-time password); other sessions of the account end' })
  async changePassword(@CurrentSession() session: LiveSession, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(session, dto.currentPassword, dto.newPassword);
  }

  @Post('totp/setup')
  @SessionRequired({ pending: true })
  @HttpCode(200)
  @ApiCsrfHeader()
  @ApiProblems(403)
  @ApiOperation({ summary: 'A new TOTP secret to enrol (shown once): { secret, otpauthUri }' })
  setupTotp(@CurrentSession() session: LiveSession): Promise<{ secret: string; otpauthUri: string }> {
    return this.auth.setupTotp(session);
  }

  @Post('totp/confirm')
  @SessionRequired({ pending: true })
  @HttpCode(204)
  @ApiCsrfHeader()
  @ApiProblems(403)
  @ApiOperation({ summary: 'Turns TOTP on with a current code of the secret set up' })
  async confirmTotp(@CurrentSession() session: LiveSession, @Body() dto: TotpCodeDto): Promise<void> {
    await this.auth.confirmTotp(session, dto.code);
  }

  @Post('totp/disable')
  @SessionRequired()
  @HttpCode(204)
  @ApiCsrfHeader()
  @ApiProblems(403)
  @ApiOperation({ summary: 'Turns TOTP off with a current code (409 TOTP_REQUIRED_BY_AGENCY where the agency requires it)' })
  async disableTotp(@CurrentSession() session: LiveSession, @Body() dto: TotpCodeDto): Promise<void> {
    await this.auth.disableTotp(session, dto.code);
  }
}
