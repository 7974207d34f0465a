/** The session table's store and the guard of the console's own routes (session.guard.ts). */
import { Module } from '@nestjs/common';
import { ConsoleSessionGuard } from './session.guard';
import { SessionStore } from './session.store';

@Module({
  providers: [SessionStore, ConsoleSessionGuard],
  exports: [SessionStore, ConsoleSessionGuard],
})
export class SessionModule {}
