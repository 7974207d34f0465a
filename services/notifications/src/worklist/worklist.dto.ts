/** Query shapes of the to-do API (bad input: 422 naming the field and what is allowed). */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, Pattern } from '@jm/platform';
import { AGENCY_CODE_PATTERN } from '@jm/reference';
import { IsIn, IsOptional } from 'class-validator';
import { TODO_KINDS, TODO_STATES, TodoKind, TodoState } from './worklist.kinds';

export const DUE_FILTERS = ['soon', 'overdue'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

export class ListTodoQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ enum: TODO_KINDS })
  @IsOptional()
  @IsIn(TODO_KINDS, { message: `kind: one of ${TODO_KINDS.join(', ')}` })
  kind?: TodoKind;

  @ApiPropertyOptional({ enum: TODO_STATES, description: 'open (default: both) or closed' })
  @IsOptional()
  @IsIn(TODO_STATES, { message: `state: one of ${TODO_STATES.join(', ')}` })
  state?: TodoState;

  @ApiPropertyOptional({
    enum: DUE_FILTERS,
    description: "soon: the clock runs and falls due within the coming 3 days; overdue: the clock's due time passed (or it missed)",
  })
  @IsOptional()
  @IsIn(DUE_FILTERS, { message: `due: one of ${DUE_FILTERS.join(', ')}` })
  due?: DueFilter;
}

export class UnitTodoQuery extends ListTodoQuery {
  @ApiPropertyOptional({ description: "The unit (agency code); the caller's own when left out" })
  @IsOptional()
  @Pattern(AGENCY_CODE_PATTERN, 'unit: an agency code from the registry, e.g. lc-market')
  unit?: string;
}
