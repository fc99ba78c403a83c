/** Stable, machine-readable error codes shared by the REST API and the socket gateway. */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  MalformedJson: 'MALFORMED_JSON',
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  UsernameTaken: 'USERNAME_TAKEN',
  ClientMessageIdReused: 'CLIENT_MESSAGE_ID_REUSED',
  /** v2: a group-only operation (rename, add or remove members) on a direct conversation. */
  NotAGroup: 'NOT_A_GROUP',
  /** v2: the message was deleted; it can no longer be edited, reacted to or answered. */
  MessageDeleted: 'MESSAGE_DELETED',
  /** v2: system lines ("Alice added Bob") cannot be edited or deleted. */
  NotATextMessage: 'NOT_A_TEXT_MESSAGE',
  /** v2: a message carries at most Limits.reactionsPerMessageMax distinct emoji. */
  TooManyReactions: 'TOO_MANY_REACTIONS',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** v2: the upload would take the uploader past their total stored bytes (413). */
  UploadQuotaExceeded: 'UPLOAD_QUOTA_EXCEEDED',
  RateLimited: 'RATE_LIMITED',
  Unavailable: 'SERVICE_UNAVAILABLE',
  Internal: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One invalid input field and why it was rejected. */
export interface FieldError {
  field: string;
  message: string;
}

/** The JSON body of every non-2xx REST response. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: ErrorCode;
  /** Present for VALIDATION_FAILED: every field that failed and why. */
  details?: FieldError[];
  /** Present for RATE_LIMITED: how long to wait before trying again (also sent as `Retry-After`, in seconds). */
  retryAfterMs?: number;
  /** v2: present for PAYLOAD_TOO_LARGE and UPLOAD_QUOTA_EXCEEDED on uploads: the limit, in bytes. */
  limitBytes?: number;
}

/** The error half of every socket acknowledgement. */
export interface SocketError {
  code: ErrorCode;
  message: string;
  details?: FieldError[];
  /** Present for RATE_LIMITED: wait this long before sending again. */
  retryAfterMs?: number;
}

export interface SocketErrorAck {
  ok: false;
  error: SocketError;
}
