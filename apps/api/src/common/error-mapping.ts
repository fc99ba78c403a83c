import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiErrorBody, ErrorCode, FieldError } from '@parley/contract';
import { DomainError } from './domain-error';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.MalformedJson]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.UsernameTaken]: HttpStatus.CONFLICT,
  [ErrorCode.ClientMessageIdReused]: HttpStatus.CONFLICT,
  [ErrorCode.NotAGroup]: HttpStatus.CONFLICT,
  [ErrorCode.MessageDeleted]: HttpStatus.CONFLICT,
  [ErrorCode.NotATextMessage]: HttpStatus.CONFLICT,
  [ErrorCode.TooManyReactions]: HttpStatus.CONFLICT,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.UploadQuotaExceeded]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.Internal]: HttpStatus.INTERNAL_SERVER_ERROR,
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  413: ErrorCode.PayloadTooLarge,
  429: ErrorCode.RateLimited,
  503: ErrorCode.Unavailable,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface MappedError {
  body: ApiErrorBody;
  /** True for failures the client did not cause: log them, never show their details. */
  unexpected: boolean;
}

/** Turns anything thrown while serving a request into the contract's error body. */
export function mapError(error: unknown): MappedError {
  if (error instanceof DomainError) {
    const mapped = body(STATUS_BY_CODE[error.code], error.code, error.message, error.details);
    if (error.retryAfterMs !== undefined) mapped.retryAfterMs = error.retryAfterMs;
    if (error.limitBytes !== undefined) mapped.limitBytes = error.limitBytes;
    return { body: mapped, unexpected: false };
  }
  const parserError = bodyParserError(error);
  if (parserError) return { body: parserError, unexpected: false };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) {
      const code = CODE_BY_STATUS[status] ?? ErrorCode.ValidationFailed;
      return { body: body(status, code, httpExceptionMessage(error)), unexpected: false };
    }
  }
  return {
    body: body(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.Internal, 'Something went wrong on our side'),
    unexpected: true,
  };
}

function body(statusCode: number, code: ErrorCode, message: string, details?: FieldError[]): ApiErrorBody {
  return { statusCode, error: REASON[statusCode] ?? 'Error', message, code, ...(details ? { details } : {}) };
}

/** Express's body parser reports malformed and oversized bodies with a `type`, not an HttpException. */
function bodyParserError(error: unknown): ApiErrorBody | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') {
    return body(413, ErrorCode.PayloadTooLarge, 'The request body is too large');
  }
  if (type === 'charset.unsupported' || (typeof type === 'string' && type.startsWith('encoding.'))) {
    return body(415, ErrorCode.ValidationFailed, 'Unsupported request body encoding');
  }
  return undefined;
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return error.message;
}
