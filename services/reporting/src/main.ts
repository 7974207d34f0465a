/** Process entry of the reporting service (see reporting.module.ts for what it owns). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/shared';
import { ReportingModule } from './reporting.module';

void bootstrapService('reporting', ReportingModule);
