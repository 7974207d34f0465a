/**
 * Nest's default RPC exception filter logs an unknown error and replaces it with
 * { status: 'error', message: 'Internal server error' }. On the event bus the
 * consumer core logs and parks the error itself, so this filter passes it
 * through unchanged and parked rows keep the real message and stack. Register it
 * with app.useGlobalFilters(new EventBusExceptionFilter()).
 */
import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

@Catch()
export class EventBusExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
