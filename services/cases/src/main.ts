/** Process entry of the cases service (see cases.module.ts for what it owns). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/shared';
import { CasesModule } from './cases.module';

void bootstrapService('cases', CasesModule);
