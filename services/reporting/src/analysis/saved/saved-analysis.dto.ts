/** Bodies and params of the saved analyses (POST/PUT /analysis/saved…): a name of readable text and a query as POST /analysis/queries takes it. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ReadableText } from '@jm/platform';
import { AnalysisQueryDto } from '../analysis.dto';

export const NAME_MAX = 100;

export class SaveAnalysisDto {
  @ApiProperty({ description: 'What the analyst calls it', example: '各单位案件数（按季度）' })
  @ReadableText({ max: NAME_MAX })
  name!: string;

  @ApiProperty({ type: AnalysisQueryDto })
  @IsObject({ message: 'query: an analysis query { dimensions, measures, … } as POST /analysis/queries takes it' })
  @ValidateNested()
  @Type(() => AnalysisQueryDto)
  query!: AnalysisQueryDto;
}

export class ChangeAnalysisDto {
  @ApiPropertyOptional({ description: 'A new name' })
  @IsOptional()
  @ReadableText({ max: NAME_MAX })
  name?: string;

  @ApiPropertyOptional({ type: AnalysisQueryDto, description: 'A new query' })
  @IsOptional()
  @IsObject({ message: 'query: an analysis query { dimensions, measures, … } as POST /analysis/queries takes it' })
  @ValidateNested()
  @Type(() => AnalysisQueryDto)
  query?: AnalysisQueryDto;
}

export class SavedAnalysisParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id: the id of a saved analysis (a UUID)' })
  id!: string;
}
