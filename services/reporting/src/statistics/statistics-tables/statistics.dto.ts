/** Query DTO of the statistics tables. */
import { ApiProperty } from '@nestjs/swagger';
import { Pattern } from '@jm/platform';
import { IsNotEmpty } from 'class-validator';
import { LANGS, QueryEnum } from '../ledger-queries/ledger.dto';
import { PERIOD_FORMS, PERIOD_PATTERN } from '../vocabulary/period';
import { GROUP_BY } from './statistics-tables';

export class StatisticsQuery {
  @ApiProperty({ example: '2026-Q1', description: PERIOD_FORMS })
  @IsNotEmpty({ message: `period: required, ${PERIOD_FORMS}` })
  @Pattern(PERIOD_PATTERN, `period: ${PERIOD_FORMS}`)
  period!: string;

  @QueryEnum('by', GROUP_BY)
  by?: (typeof GROUP_BY)[number];

  @QueryEnum('lang', LANGS)
  lang?: (typeof LANGS)[number];
}
