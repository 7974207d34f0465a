/** Bodies and queries of the console's /admin routes. */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsString, Length } from 'class-validator';
import { AGENCY_CODE_PATTERN, ROLE_CODES } from '@jm/reference';
import type { Role } from '@jm/reference';
import { Optional, PageQuery, Pattern } from '@jm/platform';

/** 3–32 of a-z 0-9 . _ - (unique across the deployment). */
export const USERNAME = /^[a-z0-9._-]{3,32}$/;
const ACCOUNT_STATUSES = ['active', 'disabled', 'locked'] as const;

/** At least one role code, each once (whether the agency may hold it is the domain's rule). */
const RoleList = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ enum: ROLE_CODES, isArray: true, minItems: 1, maxItems: ROLE_CODES.length }),
    IsArray({ message: `roles: a list of ${ROLE_CODES.join(', ')}` }),
    ArrayMinSize(1, { message: 'roles: at least one role' }),
    ArrayMaxSize(ROLE_CODES.length, { message: 'roles: each role once' }),
    IsIn(ROLE_CODES, { each: true, message: `roles: each one of ${ROLE_CODES.join(', ')}` }),
  );

export class CreateAccountDto {
  @Pattern(AGENCY_CODE_PATTERN, 'agency: an agency code of the registry that you manage')
  agency!: string;

  @ApiProperty({ example: 'zhang.san' })
  @Pattern(USERNAME, 'username: 3 to 32 of a-z, 0-9, ".", "_", "-"')
  username!: string;

  @ApiProperty({ example: '张三', minLength: 1, maxLength: 100 })
  @IsString({ message: "displayName: the person's name" })
  @Length(1, 100, { message: 'displayName: 1 to 100 characters' })
  displayName!: string;

  @RoleList()
  roles!: Role[];
}

export class ChangeRolesDto {
  @RoleList()
  roles!: Role[];
}

export class DisableAccountDto {
  @ApiProperty({ example: '调离本单位', minLength: 1, maxLength: 200 })
  @IsString({ message: 'reason: why the account is disabled' })
  @Length(1, 200, { message: 'reason: 1 to 200 characters' })
  reason!: string;
}

export class AgencySecurityDto {
  @ApiProperty({ description: 'Whether every account of the agency must sign in with TOTP' })
  @IsBoolean({ message: 'totpRequired: true or false' })
  totpRequired!: boolean;
}

export class ListAccountsQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ description: 'One agency you manage (default: all of them)' })
  @Optional()
  @Pattern(AGENCY_CODE_PATTERN, 'agency: an agency code you manage')
  agency?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES })
  @Optional()
  @IsIn(ACCOUNT_STATUSES, { message: `status: one of ${ACCOUNT_STATUSES.join(', ')}` })
  status?: (typeof ACCOUNT_STATUSES)[number];
}
