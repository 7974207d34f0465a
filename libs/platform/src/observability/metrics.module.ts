/** The service's ServiceMetrics for every module (global): domain modules add their gauges to it. */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ServiceMetrics } from './metrics';

@Global()
@Module({})
export class MetricsModule {
  static forRoot(service: string): DynamicModule {
    return { module: MetricsModule, providers: [{ provide: ServiceMetrics, useValue: new ServiceMetrics(service) }], exports: [ServiceMetrics] };
  }
}
