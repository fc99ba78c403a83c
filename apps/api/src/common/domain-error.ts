import { ErrorCode, FieldError } from '@parley/contract';

/**
 * An expected failure, described in the contract's terms. It knows nothing of HTTP or sockets:
 * the exception filters map it to a status code or an acknowledgement.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static validation(details: FieldError[]): DomainError {
    const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
    return new DomainError(ErrorCode.ValidationFailed, `Invalid input — ${summary}`, details);
  }

  /** RATE_LIMITED with how long to wait: the filters send it as `retryAfterMs` and (HTTP) `Retry-After`. */
  static rateLimited(message: string, retryAfterMs: number): DomainError {
    const error = new DomainError(ErrorCode.RateLimited, message);
    error.retryAfterMs = Math.max(1, Math.ceil(retryAfterMs));
    return error;
  }

  retryAfterMs?: number;

  /** PAYLOAD_TOO_LARGE or UPLOAD_QUOTA_EXCEEDED with the limit: the filter sends it as `limitBytes`. */
  static tooLarge(code: typeof ErrorCode.PayloadTooLarge | typeof ErrorCode.UploadQuotaExceeded, message: string, limitBytes: number): DomainError {
    const error = new DomainError(code, message);
    error.limitBytes = limitBytes;
    return error;
  }

  limitBytes?: number;

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} not found`);
  }
}
