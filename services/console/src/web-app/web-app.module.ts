/**
 * The console's web app as a Nest module the console imports
 * (`WebAppModule.forRoot()`; the build's folder defaults to dist/console-web under
 * the working directory). Its handler is added when the module initialises,
 * that is after every route: the console's own routes win, the app answers
 * what is left (web-app.handler.ts), and Nest's not-found answer follows.
 */
import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { join } from 'node:path';
import { webAppHandler } from './web-app.handler';

const WEB_APP_DIR = Symbol('WEB_APP_DIR');

@Module({})
export class WebAppModule implements OnModuleInit {
  static forRoot(options: { dir?: string } = {}): DynamicModule {
    return { module: WebAppModule, providers: [{ provide: WEB_APP_DIR, useValue: options.dir ?? join(process.cwd(), 'dist', 'console-web') }] };
  }

  constructor(
    private readonly adapter: HttpAdapterHost,
    @Inject(WEB_APP_DIR) private readonly dir: string,
  ) {}

  onModuleInit(): void {
    this.adapter.httpAdapter.use(webAppHandler(this.dir));
  }
}
