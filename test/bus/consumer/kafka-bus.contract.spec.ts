import { busContract } from './support/bus-contract';
import { createKafkaHarness } from './support/harness';

busContract('kafka (real broker, PostgreSQL consumer database)', () => createKafkaHarness());
