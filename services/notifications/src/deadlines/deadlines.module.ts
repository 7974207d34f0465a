/** The deadline engine: statutory clocks on the working-day calendar, reminders, misses, escalation and periodic obligations. */
import { Module } from '@nestjs/common';

@Module({})
export class DeadlinesModule {}
