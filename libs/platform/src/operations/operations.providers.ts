/** What ServiceCoreModule mounts of the operations tools in every service. */
import { OperationsLog } from './operations-log';
import { OperatorAccess } from './operator-access';
import { ParkedConsumer } from './parked-consumer';
import { ParkedEventsController } from './parked-events.controller';
import { ParkedEventsService } from './parked-events.service';

export const OPERATIONS_CONTROLLERS = [ParkedEventsController];
export const OPERATIONS_PROVIDERS = [OperationsLog, OperatorAccess, ParkedConsumer, ParkedEventsService];
