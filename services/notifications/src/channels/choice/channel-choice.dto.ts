/** Body of PUT /notification-channels/:agency: the whole choice (what is left out is cleared; locale falls back to the file's default). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_LOCALES } from '@jm/contracts';
import { Optional } from '@jm/platform';
import type { Lang } from '@jm/reference';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsString, ValidateNested } from 'class-validator';

export class WebhookDto {
  @ApiProperty({ example: 'oa', description: 'Stable within the agency: lowercase letters, digits, -' })
  @IsString({ message: 'id: lowercase letters, digits and -, 1-32 characters' })
  id!: string;

  @ApiProperty({ example: 'https://oa.lc.example.gov.cn/jm-hook' })
  @IsString({ message: 'url: an http:// or https:// URL' })
  url!: string;

  @ApiProperty({
    example: 'JM_WEBHOOK_SECRET_LC_POLICE',
    pattern: '^JM_WEBHOOK_SECRET_[A-Z0-9_]{1,100}$',
    description:
      'The environment variable (set by the operator on the notifications service, named JM_WEBHOOK_SECRET_…) that holds the signing secret; never the secret itself, nor any other variable',
  })
  @IsString({ message: 'secretEnv: the name of an environment variable' })
  secretEnv!: string;
}

export class ChooseChannelsDto {
  @ApiPropertyOptional({ type: [String], example: ['duty@lc-police.example.gov.cn'] })
  @Optional()
  @IsArray({ message: 'emails: a list of email addresses' })
  @IsString({ each: true, message: 'emails: a list of email addresses' })
  emails?: string[];

  @ApiPropertyOptional({ type: [WebhookDto] })
  @Optional()
  @IsArray({ message: 'webhooks: a list of {id, url, secretEnv}' })
  @ValidateNested({ each: true })
  @Type(() => WebhookDto)
  webhooks?: WebhookDto[];

  @ApiPropertyOptional({ enum: NOTIFICATION_LOCALES, description: 'The language messages are written in' })
  @Optional()
  @IsIn(NOTIFICATION_LOCALES, { message: `locale: one of ${NOTIFICATION_LOCALES.join(', ')}` })
  locale?: Lang;
}
