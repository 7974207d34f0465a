/** GET /auth/oidc, /auth/oidc/start, /auth/oidc/callback: sign-in through the identity platform (docs/console-oidc.md). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '@jm/platform';
import { OidcSignIn, Redirect } from './oidc-sign-in.service';
import { STATE_COOKIE } from './oidc-state';

export class OidcStatusView {
  @ApiProperty({ description: 'Whether the sign-in page offers sign-in through the identity platform' })
  enabled!: boolean;
  @ApiPropertyOptional({ description: 'The button text (OIDC_LABEL); without it the page shows its own (用政务统一身份认证登录)' })
  label?: string;
}

const LOCATION = { Location: { description: 'Where the browser goes next', schema: { type: 'string' } } };

@ApiTags('sign-in')
@Public()
@Controller('auth/oidc')
export class OidcController {
  constructor(private readonly signIn: OidcSignIn) {}

  @Get()
  @ApiOperation({ summary: 'Whether sign-in through the identity platform (OpenID Connect) is offered, and its button text' })
  @ApiOkResponse({ type: OidcStatusView })
  status(): OidcStatusView {
    return this.signIn.status();
  }

  @Get('start')
  @ApiOperation({ summary: 'Starts a sign-in: redirects to the identity platform (or to /sign-in?error=<code> when it is off or does not answer)' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'A path of the console to come back to after sign-in; anything else is /' })
  @ApiFoundResponse({ description: 'To the provider, with a sealed sign-in state cookie; or to /sign-in?error=<code>', headers: LOCATION })
  async start(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    redirect(res, await this.signIn.start(queryOf(req).get('returnTo')));
  }

  @Get('callback')
  @ApiOperation({ summary: "The identity platform's answer: opens a session and redirects to the return path, or to /sign-in?error=<code>" })
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'iss', required: false })
  @ApiQuery({ name: 'error', required: false })
  @ApiQuery({ name: 'error_description', required: false })
  @ApiFoundResponse({
    description: 'With a session (cookies jm_session, jm_csrf) to the return path, or to /sign-in?error=<code>',
    headers: LOCATION,
  })
  async callback(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    redirect(res, await this.signIn.callback(queryOf(req), cookieOf(req, STATE_COOKIE), req, res));
  }
}

function queryOf(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://console.invalid').searchParams;
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

function redirect(res: ServerResponse, { location, cookies }: Redirect): void {
  for (const cookie of cookies) res.appendHeader('Set-Cookie', cookie);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Location', location);
  res.statusCode = 302;
  res.end();
}
