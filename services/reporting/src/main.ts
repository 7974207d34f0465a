/** Process entry of the reporting service (see reporting.module.ts for what it owns). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/platform';
import { REPORTING_PUBLICATION } from './reporting.publication';
import { REPORTING_READ_MODEL } from './reporting.read-model';
import { ReportingModule } from './reporting.module';

void bootstrapService('reporting', ReportingModule, { readModel: REPORTING_READ_MODEL, publication: REPORTING_PUBLICATION });
