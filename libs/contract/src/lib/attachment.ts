/** v2: how a stored file is shown. Only JPEG, PNG, GIF and WebP (and HEIC/AVIF where the server reads them) are images. */
export const AttachmentKind = {
  Image: 'image',
  /** Everything else, SVG and HTML included: never rendered, always downloaded. */
  File: 'file',
} as const;
export type AttachmentKind = (typeof AttachmentKind)[keyof typeof AttachmentKind];

/**
 * v2: one stored file, as `POST /api/uploads` answers (201) and as a message carries it.
 * `url` and `thumbnailUrl` are short-lived signed links (they work in `<img src>` without an Authorization
 * header); a client holding an expired one gets fresh ones from `GET /api/uploads/:id`.
 */
export interface Attachment {
  id: string;
  /** Sanitised for display and download: no path, no control characters. */
  name: string;
  /** Bytes. */
  size: number;
  /** Detected from the bytes, never taken from the name or the request. */
  contentType: string;
  kind: AttachmentKind;
  /** Images only, in pixels, after EXIF orientation. */
  width?: number;
  height?: number;
  url: string;
  /** Images only: longest side at most `Limits.thumbnailMaxSide`, metadata stripped. */
  thumbnailUrl?: string;
}

/** The multipart/form-data field of `POST /api/uploads` that carries the file (exactly one). */
export const UploadField = 'file';
