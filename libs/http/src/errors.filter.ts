import { DomainError } from '@cirtmesh/contracts';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { throwError, type Observable } from 'rxjs';
import { randomUUID } from 'node:crypto';

/**
 * The one table from a domain error's code to the HTTP status an API answer gives it. The use
 * cases throw their own errors (see DomainError); no controller maps them. A code not listed here
 * is not the client's fault: a 500, logged with the correlation id.
 */
export const HTTP_STATUS_OF_ERROR: Readonly<Record<string, number>> = {
  INVALID_CURSOR: HttpStatus.BAD_REQUEST,
  BAD_SIGHTING: HttpStatus.BAD_REQUEST,
  EXPLAIN_INVALID: HttpStatus.BAD_REQUEST,
  UNKNOWN_ALERT: HttpStatus.NOT_FOUND,
  OWN_ALERT: HttpStatus.CONFLICT,
  OUTBOUND_REFUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  // A document that is not the format its import endpoint takes.
  STIX_INVALID: HttpStatus.BAD_REQUEST,
  MISP_INVALID: HttpStatus.BAD_REQUEST,
  XARF_INVALID: HttpStatus.BAD_REQUEST,
  ARF_INVALID: HttpStatus.BAD_REQUEST,
};

/**
 * A domain error as an API answer gives it (status, message and details), or undefined for an
 * error that is not the client's fault.
 */
export function domainErrorAnswer(exception: unknown): { status: number; message: string; details?: Record<string, unknown> } | undefined {
  if (!(exception instanceof DomainError) || HTTP_STATUS_OF_ERROR[exception.code] === undefined) return undefined;
  return { status: HTTP_STATUS_OF_ERROR[exception.code], message: exception.message, details: exception.details };
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

/**
 * Every error leaves as JSON `{statusCode, error, message, correlationId, details?}`.
 * Domain errors get their status from HTTP_STATUS_OF_ERROR, with their details beside the message.
 * Errors from the body parser (too large, bad JSON) keep their 4xx status.
 * Anything unexpected is logged with the correlation id and answered as a plain 500.
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Message handlers keep their own error semantics (ack, nak or term in the transport).
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const correlationId = (request.headers['x-correlation-id'] as string | undefined)?.slice(0, 100) ?? randomUUID();
    if (response.headersSent) {
      response.end();
      return;
    }
    const answer = domainErrorAnswer(exception);
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: Record<string, unknown> = { error: 'Internal Server Error', message: 'unexpected error' };
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const payload = exception.getResponse();
      body =
        typeof payload === 'string'
          ? { error: exception.name, message: payload }
          : { error: HttpStatus[status] ?? exception.name, ...(payload as Record<string, unknown>) };
    } else if (answer) {
      status = answer.status;
      body = { error: STATUS_CODES[status] ?? 'Error', message: answer.message, ...answer.details };
    } else if (isBodyParserError(exception)) {
      status = exception.status!;
      body = {
        error: exception.type === 'entity.too.large' ? 'Payload Too Large' : 'Bad Request',
        message: exception.type === 'entity.too.large' ? 'request body is too large' : (exception.message ?? 'request body is invalid'),
      };
    } else {
      this.logger.error(`${correlationId} ${request.method} ${request.url}: ${(exception as Error)?.stack ?? String(exception)}`);
    }
    response.setHeader('x-correlation-id', correlationId);
    response.status(status).json({ ...body, statusCode: status, correlationId });
  }
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const e = error as BodyParserError;
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true;
}
