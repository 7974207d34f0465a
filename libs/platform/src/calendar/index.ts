/** The working-day calendar of mainland China: the deadline engine's (notifications) and cases' negotiation due times count on it. */
import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../nest/tokens';
import { WorkingCalendar } from './calendar-arithmetic';
import { HolidayCalendar } from './holiday-calendar';

export * from './calendar-arithmetic';
export * from './holiday-calendar';

/** The injection token of a service's working-day calendar. */
export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');

/** The calendar from HOLIDAY_CALENDAR_DIR, read at boot (a bad file stops the service, naming it). */
export const workingCalendarProvider: Provider = {
  provide: WORKING_CALENDAR,
  useFactory: (config: ServiceConfig) => new WorkingCalendar(HolidayCalendar.fromDir(config.domain.holidayCalendarDir)),
  inject: [SERVICE_CONFIG],
};
