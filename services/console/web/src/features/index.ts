/** Every feature of the console, in menu order; the shell builds menus, routes and texts from this list. */
import type { ConsoleFeature } from '../app/features';
import { adminFeature } from './admin';
import { authFeature } from './auth';
import { leadsFeature } from './leads';
import { publicFeature } from './public';
import { workbenchFeature } from './workbench';

export const FEATURES: ConsoleFeature[] = [workbenchFeature, authFeature, leadsFeature, publicFeature, adminFeature];
