/** Process entry of the cases service (see cases.module.ts for what it owns). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/platform';
import { CasesModule } from './cases.module';
import { CASES_READ_MODEL } from './cases.read-model';
import { CASES_PUBLICATION } from './cases.publication';

void bootstrapService('cases', CasesModule, { readModel: CASES_READ_MODEL, publication: CASES_PUBLICATION });
