/**
 * The notifications service with its channels only, as a process (the SIGKILL
 * test starts it this way): what bootstrapService does, except that the
 * consumer joins the test's own group (connectTestConsumer, see why there).
 * Prints "notifications listening on <url>" like the real service.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createServiceApp, serviceUrl } from '@jm/shared';
import { ChannelsModule } from '../../../services/notifications/src/channels/channels.module';
import { CHANNELS_READ_MODEL } from '../../../services/notifications/src/channels/channels.read-model';
import { connectTestConsumer } from './channels-app';

async function main(): Promise<void> {
  const { app, config } = await createServiceApp('notifications', ChannelsModule, { readModel: CHANNELS_READ_MODEL });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  connectTestConsumer(app, config);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  process.stdout.write(`notifications listening on ${serviceUrl(config.host, app.getHttpServer().address() as AddressInfo)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
