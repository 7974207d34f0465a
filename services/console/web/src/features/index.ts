/** Every feature of the console, in menu order; the shell builds menus, routes and texts from this list. */
import type { ConsoleFeature } from '../app/features';
import { adminFeature } from './admin';
import { authFeature } from './auth';
import { leadsFeature } from './leads';
import { publicFeature } from './public';
import { workbenchFeature } from './workbench';
import { casesFeature } from './cases';
import { meetingsFeature } from './meetings';
import { negotiationsFeature } from './negotiations';
import { ledgersFeature } from './ledgers';
import { statisticsFeature } from './statistics';
import { analysisFeature } from './analysis';
import { deadlinesFeature } from './deadlines';
import { auditFeature } from './audit';
import { operationsFeature } from './operations';

export const FEATURES: ConsoleFeature[] = [
  workbenchFeature,
  authFeature,
  leadsFeature,
  casesFeature,
  meetingsFeature,
  negotiationsFeature,
  ledgersFeature,
  statisticsFeature,
  analysisFeature,
  deadlinesFeature,
  auditFeature,
  adminFeature,
  operationsFeature,
  publicFeature,
];
