import { registerAs } from '@nestjs/config';
import { createHmac } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import { readAppConfig } from './app.config';
import { readAuthConfig } from './auth.config';
import { ConfigError, readBoolean, readInt, readOptionalString, readString, readUrl } from './env';

/** The S3-compatible store every process shares (the scale-out path); unset = local disk. */
export interface S3StoreConfig {
  /** Unset for AWS itself; e.g. http://minio:9000 for another S3-compatible server. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export interface UploadsConfig {
  /** One file's size limit in bytes (413 PAYLOAD_TOO_LARGE beyond it, enforced while streaming). */
  maxBytes: number;
  /** Uploads one account may start per minute (429 RATE_LIMITED beyond it). */
  perMinute: number;
  /** Total bytes one account may have stored (413 UPLOAD_QUOTA_EXCEEDED beyond it). */
  quotaBytes: number;
  /** The disk store's directory (when no S3 store is configured). */
  dir: string;
  /** Signed links live between this and twice this long (seconds); one link per window, so browsers can cache. */
  linkTtlSeconds: number;
  /** The HMAC key of the signed links: UPLOAD_LINK_SECRET, or derived from JWT_SECRET (shared by every process alike). */
  linkSecret: Buffer;
  /** An upload not attached to a message within this long is deleted (ms). */
  orphanTtlMs: number;
  /** How often each process runs the sweep of orphans and leftover bytes (ms). */
  sweepIntervalMs: number;
  s3?: S3StoreConfig;
}

const MB = 1024 * 1024;

export function readUploadsConfig(env: NodeJS.ProcessEnv = process.env): UploadsConfig {
  const dir = readOptionalString(env, 'UPLOAD_DIR');
  const ownSecret = readOptionalString(env, 'UPLOAD_LINK_SECRET');
  if (ownSecret !== undefined && ownSecret.length < 32) throw new ConfigError('UPLOAD_LINK_SECRET must be at least 32 characters');
  return {
    maxBytes: readInt(env, 'UPLOAD_MAX_BYTES', 25 * MB, { min: 1, max: 2 ** 31 - 1 }),
    perMinute: readInt(env, 'UPLOADS_PER_MINUTE', 30, { min: 1, max: 1_000_000 }),
    quotaBytes: readInt(env, 'UPLOAD_QUOTA_BYTES', 1024 * MB, { min: 1, max: Number.MAX_SAFE_INTEGER }),
    dir: dir ? (isAbsolute(dir) ? dir : resolve(dir)) : join(readAppConfig(env).dataDir, 'uploads'),
    linkTtlSeconds: readInt(env, 'UPLOAD_LINK_TTL', 3_600, { min: 10, max: 7 * 86_400 }),
    linkSecret: createHmac('sha256', ownSecret ?? readAuthConfig(env).jwtSecret).update('parley upload links v1').digest(),
    orphanTtlMs: readInt(env, 'UPLOAD_ORPHAN_TTL_MS', 24 * 3_600_000, { min: 1_000, max: 365 * 86_400_000 }),
    sweepIntervalMs: readInt(env, 'UPLOAD_SWEEP_INTERVAL_MS', 10 * 60_000, { min: 100, max: 86_400_000 }),
    s3: readS3Config(env),
  };
}

function readS3Config(env: NodeJS.ProcessEnv): S3StoreConfig | undefined {
  const bucket = readOptionalString(env, 'S3_BUCKET');
  const endpoint = readUrl(env, 'S3_ENDPOINT', ['http:', 'https:']);
  if (!bucket) {
    if (endpoint) throw new ConfigError('S3_ENDPOINT is set but S3_BUCKET is not; set both (or neither, for the disk store)');
    return undefined;
  }
  const accessKeyId = readOptionalString(env, 'S3_ACCESS_KEY_ID');
  const secretAccessKey = readOptionalString(env, 'S3_SECRET_ACCESS_KEY');
  if (!accessKeyId !== !secretAccessKey) throw new ConfigError('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither, for the SDK\'s default credentials)');
  return {
    endpoint,
    bucket,
    region: readString(env, 'S3_REGION', 'us-east-1'),
    accessKeyId,
    secretAccessKey,
    forcePathStyle: readBoolean(env, 'S3_FORCE_PATH_STYLE', endpoint !== undefined),
  };
}

export const uploadsConfig = registerAs('uploads', () => readUploadsConfig());
