/** Query of the inbox list. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_LOCALES } from '@jm/contracts';
import { PageQuery } from '@jm/platform';
import type { Lang } from '@jm/reference';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class LangQuery {
  @ApiPropertyOptional({
    enum: NOTIFICATION_LOCALES,
    description: "Language of subject and body; default: Accept-Language, else the message's own (the agency's choice)",
  })
  @IsOptional()
  @IsIn(NOTIFICATION_LOCALES, { message: `lang: one of ${NOTIFICATION_LOCALES.join(', ')}` })
  lang?: Lang;
}

export class ListInboxQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ description: 'true: only messages the caller has not read' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread: true or false' })
  unread?: boolean;

  @ApiPropertyOptional({ enum: NOTIFICATION_LOCALES })
  @IsOptional()
  @IsIn(NOTIFICATION_LOCALES, { message: `lang: one of ${NOTIFICATION_LOCALES.join(', ')}` })
  lang?: Lang;
}
