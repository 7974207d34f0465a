/** HTTP API of the projections: their state and rebuild progress (admin, analyst, auditor), and starting a rebuild (admin). */
import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { hasRole } from '@jm/contracts';
import { ForbiddenError, NotFoundError } from '@jm/event-sourcing';
import { ApiProblems, CurrentPrincipal, Principal } from '@jm/platform';
import { Role } from '@jm/reference';
import { ProjectionRebuilds, RebuildRun } from './projection-rebuilds.service';

/** What the controller needs of the HTTP response (Express underneath). */
interface HeaderResponse {
  setHeader(name: string, value: string): unknown;
}

const READERS: Role[] = ['admin', 'analyst', 'auditor'];

function requireRole(principal: Principal, roles: Role[], what: string): void {
  if (!hasRole(principal, ...roles))
    throw new ForbiddenError(`${what} needs one of the roles ${roles.join(', ')}; you have ${principal.roles.join(', ') || 'none'}`);
}

class RebuildIdParams {
  @ApiProperty({ format: 'uuid', description: 'The id POST /projections/rebuild answered' })
  @IsUUID('all', { message: 'id: the UUID of a rebuild, as POST /projections/rebuild answered it' })
  id!: string;
}

@ApiTags('projections')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly rebuilds: ProjectionRebuilds) {}

  @Get()
  @ApiOperation({ summary: 'Each projection (live | rebuilding) and the running or last rebuild: phase, events read, position, head, percent, rate' })
  overview(@CurrentPrincipal() principal: Principal) {
    requireRole(principal, READERS, 'reading the projections’ state');
    return this.rebuilds.overview();
  }

  @Post('rebuild')
  @HttpCode(202)
  @ApiProblems(409)
  @ApiOperation({ summary: 'Rebuild every projection from the event store beside the live tables, then swap them in (409 while one runs)' })
  rebuild(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: HeaderResponse): RebuildRun {
    requireRole(principal, ['admin'], 'rebuilding the projections');
    const run = this.rebuilds.start(principal);
    res.setHeader('Location', `/projections/rebuilds/${run.id}`);
    return run;
  }

  @Get('rebuilds/:id')
  @ApiOperation({ summary: 'One rebuild: its progress and, once done, its result' })
  run(@CurrentPrincipal() principal: Principal, @Param() { id }: RebuildIdParams): RebuildRun {
    requireRole(principal, READERS, 'reading a rebuild’s progress');
    const run = this.rebuilds.get(id);
    if (!run) throw new NotFoundError(`rebuild ${id}`);
    return run;
  }
}
