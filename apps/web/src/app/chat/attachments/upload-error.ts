import { HttpErrorResponse } from '@angular/common/http';
import { ApiErrorBody, ErrorCode } from '@parley/contract';
import { formatFileSize } from './file-size';

/** Why an upload failed, in words, and whether it was the network (then it waits for the connection). */
export interface UploadFailure {
  message: string;
  network: boolean;
}

const bodyOf = (error: HttpErrorResponse): Partial<ApiErrorBody> =>
  typeof error.error === 'object' && error.error !== null ? (error.error as Partial<ApiErrorBody>) : {};

export function uploadFailure(error: unknown): UploadFailure {
  if (!(error instanceof HttpErrorResponse)) return { message: 'Upload failed. Try again.', network: false };
  if (error.status === 0) return { message: 'Couldn’t reach the server.', network: true };
  const body = bodyOf(error);
  const limit = body.limitBytes ? formatFileSize(body.limitBytes) : null;
  switch (body.code) {
    case ErrorCode.PayloadTooLarge:
      return { message: limit ? `Too large: the limit is ${limit}.` : 'Too large for the server.', network: false };
    case ErrorCode.UploadQuotaExceeded:
      return { message: limit ? `Your storage is full: the limit is ${limit} in all.` : 'Your storage is full.', network: false };
    case ErrorCode.RateLimited: {
      const seconds = Math.max(1, Math.ceil((body.retryAfterMs ?? 1000) / 1000));
      return { message: `Too many uploads: try again in ${seconds} s.`, network: false };
    }
  }
  // A proxy's own 413 carries no code.
  if (error.status === 413) return { message: 'Too large for the server.', network: false };
  return { message: body.message ?? 'Upload failed. Try again.', network: false };
}
