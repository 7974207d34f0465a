/** Process entry of the console service (see console.module.ts for what it owns). */
import 'reflect-metadata';
import { bootstrapService } from '@jm/platform';
import { CONSOLE_READ_MODEL } from './console.read-model';
import { ConsoleModule } from './console.module';
import { CONSOLE_PUBLICATION } from './console.publication';

void bootstrapService('console', ConsoleModule, { readModel: CONSOLE_READ_MODEL, publication: CONSOLE_PUBLICATION });
