/** Inputs of the cross-deployment audit (class-validator: a bad one is 422 naming the field, and nothing is called or recorded). */
import { ApiProperty } from '@nestjs/swagger';
import { Pattern } from '@jm/platform';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Lang, LANGS } from '../audit/audit.dto';

export class FederationDeploymentParams {
  @ApiProperty({ example: 'lc', description: 'A deployment below this one (config/deployments.json)' })
  @Pattern(/^[a-z][a-z0-9]{1,15}$/, 'deployment: a deployment id, 2-16 lowercase letters and digits, e.g. lc')
  deployment!: string;
}

export class FederationVerificationQuery {
  @Lang()
  lang?: (typeof LANGS)[number];
}

/** What the deployment above asks a deployment below to check: the heads as of the anchor it read from Kafka. */
export class AnchorCheckBody {
  @ApiProperty({ description: 'The anchor the caller holds (for the logs on both sides)' })
  @Pattern(/^[0-9a-f-]{36}$/, 'anchorId: the UUID of an anchor')
  anchorId!: string;

  @ApiProperty({ description: 'The global position the anchor was taken at: the heads are answered as of it' })
  @Type(() => Number)
  @IsInt({ message: 'headPosition: an integer from 0' })
  @Min(0, { message: 'headPosition: an integer from 0' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'headPosition: an integer from 0' })
  headPosition!: number;
}
