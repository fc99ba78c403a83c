import { HttpErrorResponse } from '@angular/common/http';
import { ApiErrorBody, ErrorCode, FieldError } from '@parley/contract';

/** What the UI needs to know about a failed request: a human sentence, the stable code and per-field errors. */
export interface ClientError {
  status: number;
  code: ErrorCode | 'NETWORK';
  message: string;
  details: FieldError[];
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

export function toClientError(error: unknown): ClientError {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return { status: 0, code: 'NETWORK', message: 'Cannot reach the server. Check your connection.', details: [] };
    }
    if (isApiErrorBody(error.error)) {
      const body = error.error;
      return { status: error.status, code: body.code, message: body.message, details: body.details ?? [] };
    }
    return { status: error.status, code: ErrorCode.Internal, message: 'Something went wrong. Please try again.', details: [] };
  }
  return { status: 0, code: ErrorCode.Internal, message: 'Something went wrong. Please try again.', details: [] };
}
