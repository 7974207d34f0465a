/**
 * The holiday calendar over HTTP: the years it knows, one year's file, and
 * an admin's PUT of a year (validated like the files at boot; on success the
 * file is written to HOLIDAY_CALENDAR_DIR and served at once by this
 * instance; other instances read it at their next start).
 */
import { Body, Controller, Get, Inject, Param, Put, UnprocessableEntityException } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@jm/event-sourcing';
import { CurrentPrincipal, HolidayCalendarError, Principal, SERVICE_CONFIG, ServiceConfig, WholeNumber, WORKING_CALENDAR } from '@jm/platform';
import type { WorkingCalendar } from '@jm/platform';
import { deadlineScopeOf, requireAdmin } from '../deadlines.access';

class YearParams {
  @WholeNumber('year', { min: 2000, max: 2100, required: true, message: 'year: a four-digit year from 2000 to 2100' })
  year!: number;
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The years the working-day calendar has data for' })
  years(@CurrentPrincipal() principal: Principal) {
    deadlineScopeOf(principal);
    return { years: this.calendar.holidays.knownYears(), missingYear: 'weekdays_only' };
  }

  @Get(':year')
  @ApiOperation({ summary: "One year's public holidays and adjusted working days" })
  year(@CurrentPrincipal() principal: Principal, @Param() { year }: YearParams) {
    deadlineScopeOf(principal);
    const data = this.calendar.holidays.year(year);
    if (!data) throw new NotFoundError(`holiday calendar for ${year} (counted Monday to Friday until an administrator adds it)`);
    return data;
  }

  @Put(':year')
  @ApiOperation({ summary: 'Add or replace a year (admin of an office): validated, written to HOLIDAY_CALENDAR_DIR, served at once' })
  put(@CurrentPrincipal() principal: Principal, @Param() { year }: YearParams, @Body() body: unknown) {
    requireAdmin(principal, 'changing the holiday calendar');
    try {
      return this.calendar.holidays.writeYear(this.config.domain.holidayCalendarDir, year, body);
    } catch (error) {
      if (error instanceof HolidayCalendarError) {
        throw new UnprocessableEntityException({
          code: 'VALIDATION_FAILED',
          message: error.message,
          errors: error.problems.map((p) => ({ field: p.split(':')[0], messages: [p] })),
        });
      }
      throw error;
    }
  }
}
