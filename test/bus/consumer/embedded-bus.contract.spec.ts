import { busContract } from './support/bus-contract';
import { createEmbeddedHarness } from './support/harness';

busContract('embedded (SQLite store file, SQLite consumer database)', createEmbeddedHarness);
