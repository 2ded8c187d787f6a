import { TAXII_MEDIA, TaxiiError } from '@cirtmesh/taxii';
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';

/**
 * Every TAXII failure leaves as a TAXII error resource with the TAXII media type (TAXII 2.1
 * §3.6.1): the server's own, the guard's 401 and 403, the body parser's 400 and 413, the rate
 * limit's 429. Only a fault of ours is a 500, logged.
 */
@Catch()
export class TaxiiErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('taxii');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, description } = statusOf(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (res.headersSent) {
      res.end();
      return;
    }
    const title = exception instanceof TaxiiError ? exception.title : (STATUS_CODES[status] ?? 'Error');
    res.setHeader('content-type', TAXII_MEDIA);
    res.status(status).end(JSON.stringify({ title, description, http_status: String(status) }));
  }
}

function statusOf(exception: unknown): { status: number; description: string } {
  if (exception instanceof TaxiiError) return { status: exception.status, description: exception.message };
  if (exception instanceof HttpException) {
    const payload = exception.getResponse();
    const message = typeof payload === 'string' ? payload : (payload as { message?: unknown }).message;
    const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
    return { status: exception.getStatus(), description: text };
  }
  const parser = exception as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500 && parser.expose === true) {
    return { status: parser.status, description: typeof parser.message === 'string' ? parser.message : 'the request body is invalid' };
  }
  return { status: 500, description: 'unexpected error' };
}
