/**
 * The console's API gateway as a Nest module the console imports:
 * `GatewayModule.forRoot({ config: loadGatewayConfig(process.env), imports: [<the module exporting SESSION_PORT>] })`.
 * The middleware answers every `/api/…` request; the controller only describes
 * the route in the console's OpenAPI document.
 */
import { DynamicModule, MiddlewareConsumer, Module, ModuleMetadata, NestModule, RequestMethod } from '@nestjs/common';
import { GatewayController } from './gateway.controller';
import { SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import type { GatewayConfig } from './gateway.config';
import { GatewayMiddleware } from './gateway.middleware';
import { GATEWAY_CONFIG, GatewayTokens } from './gateway.tokens';

export interface GatewayModuleOptions {
  /** The settings, or how to make them from the service's validated config at boot (so the module loads before any config exists). */
  config: GatewayConfig | ((service: ServiceConfig) => GatewayConfig);
  /** Modules that provide SESSION_PORT (unless it is global). */
  imports?: ModuleMetadata['imports'];
}

@Module({})
export class GatewayModule implements NestModule {
  static forRoot(options: GatewayModuleOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: options.imports ?? [],
      controllers: [GatewayController],
      providers: [
        typeof options.config === 'function'
          ? { provide: GATEWAY_CONFIG, useFactory: options.config, inject: [SERVICE_CONFIG] }
          : { provide: GATEWAY_CONFIG, useValue: options.config },
        GatewayTokens,
        GatewayMiddleware,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(GatewayMiddleware).forRoutes({ path: 'api/*path', method: RequestMethod.ALL });
  }
}
