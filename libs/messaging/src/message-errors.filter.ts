import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a message handler's error to the JetStreamTransport unchanged. Nest's default RPC
 * handler would wrap it, and the transport could no longer tell a message that can never be
 * valid (terminate) from a transient failure (redeliver). Apply it to every message handler.
 */
@Catch()
export class MessageErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
