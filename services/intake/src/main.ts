/** Process entry of the intake service (see intake.module.ts for what it owns). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/platform';
import { IntakeModule } from './intake.module';
import { INTAKE_READ_MODEL } from './intake.read-model';
import { INTAKE_PUBLICATION } from './intake.publication';

void bootstrapService('intake', IntakeModule, { readModel: INTAKE_READ_MODEL, publication: INTAKE_PUBLICATION });
