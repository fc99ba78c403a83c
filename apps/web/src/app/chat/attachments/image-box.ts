import { Attachment, Limits } from '@parley/contract';

/** The tallest an inline image is shown: a portrait photo at the full 480 px would fill a laptop's screen. */
const MAX_HEIGHT = 360;
/** An image the server could not measure still gets a box, so nothing jumps when it loads. */
const FALLBACK = { width: 320, height: 240 };

/** The size an image is shown at in the message list: its aspect ratio, within the thumbnail's box, never enlarged. */
export function imageBox(attachment: Pick<Attachment, 'width' | 'height'>): { width: number; height: number } {
  const width = attachment.width && attachment.width > 0 ? attachment.width : FALLBACK.width;
  const height = attachment.height && attachment.height > 0 ? attachment.height : FALLBACK.height;
  const scale = Math.min(1, Limits.thumbnailMaxSide / width, MAX_HEIGHT / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
