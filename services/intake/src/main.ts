/** Process entry of the intake service (see intake.module.ts for what it owns). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/shared';
import { IntakeModule } from './intake.module';

void bootstrapService('intake', IntakeModule);
