/**
 * OpenID Connect sign-in for the console. Import OidcModule where SESSION_PORT is
 * global, or OidcModule.register({ imports: [the module exporting SESSION_PORT] }).
 * Settings come from the environment at boot (loadOidcConfig); the agency registry
 * is the app's AGENCY_REGISTRY when it has one, else read from AGENCY_REGISTRY_PATH.
 */
import { DynamicModule, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { AgencyRegistry } from '@jm/reference';
import { AGENCY_REGISTRY, ConfigEnv } from '@jm/platform';
import { loadOidcConfig } from './oidc.config';
import { OidcController } from './oidc.controller';
import { OIDC_CONFIG, OIDC_REGISTRY, OidcSignIn } from './oidc-sign-in.service';

export interface OidcModuleOptions {
  /** Modules that export SESSION_PORT (and AGENCY_REGISTRY, if the app has one). */
  imports?: ModuleMetadata['imports'];
  /** The environment to read (default process.env at boot). */
  env?: ConfigEnv;
}

function providers(env: () => ConfigEnv): Provider[] {
  return [
    {
      provide: OIDC_REGISTRY,
      useFactory: (registry?: AgencyRegistry): AgencyRegistry =>
        registry ?? AgencyRegistry.fromFile(env().AGENCY_REGISTRY_PATH || 'config/agencies.json'),
      inject: [{ token: AGENCY_REGISTRY, optional: true }],
    },
    { provide: OIDC_CONFIG, useFactory: (registry: AgencyRegistry) => loadOidcConfig(env(), registry), inject: [OIDC_REGISTRY] },
    OidcSignIn,
  ];
}

@Module({ controllers: [OidcController], providers: providers(() => process.env) })
export class OidcModule {
  static register({ imports = [], env }: OidcModuleOptions = {}): DynamicModule {
    return { module: OidcModule, imports, ...(env ? { providers: providers(() => env) } : {}) };
  }
}
