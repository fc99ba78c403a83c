import { ArgumentsHost, Catch, Logger, WsExceptionFilter } from '@nestjs/common';
import type { ApiErrorBody, SocketError, SocketErrorAck } from '@parley/contract';
import { mapError } from './error-mapping';

/** What an acknowledgement with `ok: false` carries for a mapped error: its code and message, details and retryAfterMs when it has them. */
export function socketErrorOf(body: ApiErrorBody): SocketError {
  return {
    code: body.code,
    message: body.message,
    ...(body.details ? { details: body.details } : {}),
    ...(body.retryAfterMs !== undefined ? { retryAfterMs: body.retryAfterMs } : {}),
  };
}

/**
 * The gateway's counterpart of HttpExceptionFilter: a failed event is answered through its
 * acknowledgement as `{ok: false, error: {code, message}}`. Events sent without an
 * acknowledgement callback get no answer, and never crash the process.
 */
@Catch()
export class WsExceptionsFilter implements WsExceptionFilter {
  private readonly logger = new Logger('SocketError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { body, unexpected } = mapError(exception);
    if (unexpected) {
      const socketId = (host.getArgByIndex(0) as { id?: string } | undefined)?.id;
      this.logger.error({ err: exception, socketId }, 'Unhandled socket event error');
    }
    // Nest passes [socket, data, ack, pattern] to socket event handlers.
    const ack = host.getArgByIndex(2);
    if (typeof ack !== 'function') return;
    const answer: SocketErrorAck = { ok: false, error: socketErrorOf(body) };
    ack(answer);
  }
}
