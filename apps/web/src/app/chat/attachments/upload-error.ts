import { HttpErrorResponse } from '@angular/common/http';
import { ApiErrorBody, ErrorCode } from '@parley/contract';
import { formatFileSize } from './file-size';

/** Why an upload failed, in words, and whether it was the network (then it waits for the connection). */
export interface UploadFailure {
  message: string;
  network: boolean;
  /** Whether trying the same file again can work (not for one too large or a full quota). */
  retryable: boolean;
}

const bodyOf = (error: HttpErrorResponse): Partial<ApiErrorBody> =>
  typeof error.error === 'object' && error.error !== null ? (error.error as Partial<ApiErrorBody>) : {};

export function uploadFailure(error: unknown): UploadFailure {
  if (!(error instanceof HttpErrorResponse)) return { message: 'Upload failed. Try again.', network: false, retryable: true };
  if (error.status === 0) return { message: 'Couldn’t reach the server.', network: true, retryable: true };
  const body = bodyOf(error);
  const limit = body.limitBytes ? formatFileSize(body.limitBytes) : null;
  switch (body.code) {
    case ErrorCode.PayloadTooLarge:
      return { message: limit ? `Too large: the limit is ${limit}.` : 'Too large for the server.', network: false, retryable: false };
    case ErrorCode.UploadQuotaExceeded:
      return { message: limit ? `Your storage is full: the limit is ${limit} in all.` : 'Your storage is full.', network: false, retryable: false };
    case ErrorCode.RateLimited: {
      const seconds = Math.max(1, Math.ceil((body.retryAfterMs ?? 1000) / 1000));
      return { message: `Too many uploads: try again in ${seconds} s.`, network: false, retryable: true };
    }
  }
  // A proxy's own 413 carries no code.
  if (error.status === 413) return { message: 'Too large for the server.', network: false, retryable: false };
  // A file the server refuses as such (400) fails the same way again; a 5xx may not.
  return { message: body.message ?? 'Upload failed. Try again.', network: false, retryable: error.status >= 500 || error.status === 408 };
}
