import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { mapError } from './error-mapping';

/** The one place where errors become HTTP responses: `{statusCode, error, message, code, details?}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const { body, unexpected } = mapError(exception);
    if (unexpected) {
      this.logger.error({ err: exception, method: request.method, path: request.path }, 'Unhandled error');
    }
    if (response.headersSent) return;
    // Every 429 says when to come back (RFC 9110: whole seconds).
    if (body.statusCode === 429) response.setHeader('Retry-After', String(Math.max(1, Math.ceil((body.retryAfterMs ?? 60_000) / 1000))));
    response.status(body.statusCode).json(body);
  }
}
