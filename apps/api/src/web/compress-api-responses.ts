import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Below this, compressing costs more than it saves (headers, CPU); most single-object replies stay under it. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * gzip or brotli for API responses (message pages, conversation lists) above a small size. The web
 * client's files are compressed at build time instead (web-client-files.ts), so they are left alone here.
 */
export function compressApiResponses(): RequestHandler {
  return compression({
    threshold: COMPRESS_THRESHOLD_BYTES,
    // The library's quick levels (gzip 6, brotli 4): these are compressed per request.
    // Stored files are sent as they are (Range requests need their real byte offsets).
    filter: (req: Request, res: Response) => req.path.startsWith('/api') && !req.path.startsWith('/api/files/') && compression.filter(req, res),
  });
}
