import { readUploadsConfig } from './uploads.config';

const jwt = 'k'.repeat(12) + 'Zq9!vX2@pL7#mN4$wR8%tY';

describe('uploads configuration', () => {
  it('defaults to 25 MB files, 30 a minute, 1 GB each, DATA_DIR/uploads on disk, 1 h links, 24 h for orphans', () => {
    const config = readUploadsConfig({ DATA_DIR: '/tmp/parley-x', JWT_SECRET: jwt });
    expect(config).toMatchObject({
      maxBytes: 25 * 1024 * 1024,
      perMinute: 30,
      quotaBytes: 1024 * 1024 * 1024,
      dir: '/tmp/parley-x/uploads',
      linkTtlSeconds: 3600,
      orphanTtlMs: 24 * 3_600_000,
    });
    expect(config.s3).toBeUndefined();
  });

  it('derives the link key from JWT_SECRET, the same in every process, unless UPLOAD_LINK_SECRET is given', () => {
    const a = readUploadsConfig({ JWT_SECRET: jwt }).linkSecret;
    expect(readUploadsConfig({ JWT_SECRET: jwt }).linkSecret.equals(a)).toBe(true);
    expect(a.toString('utf8')).not.toContain(jwt);
    expect(readUploadsConfig({ JWT_SECRET: jwt, UPLOAD_LINK_SECRET: 'x'.repeat(40) }).linkSecret.equals(a)).toBe(false);
    expect(() => readUploadsConfig({ JWT_SECRET: jwt, UPLOAD_LINK_SECRET: 'short' })).toThrow(/UPLOAD_LINK_SECRET must be at least 32/);
  });

  it('reads an S3-compatible store, path-style when an endpoint is given', () => {
    expect(readUploadsConfig({ JWT_SECRET: jwt, S3_BUCKET: 'files', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' }).s3).toEqual({
      endpoint: 'http://minio:9000', bucket: 'files', region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b', forcePathStyle: true,
    });
    expect(readUploadsConfig({ JWT_SECRET: jwt, S3_BUCKET: 'files', S3_REGION: 'eu-west-1' }).s3).toMatchObject({ endpoint: undefined, forcePathStyle: false, region: 'eu-west-1' });
  });

  it('names the variable and the rule for a bad value', () => {
    expect(() => readUploadsConfig({ JWT_SECRET: jwt, UPLOAD_MAX_BYTES: '0' })).toThrow(/UPLOAD_MAX_BYTES must be a whole number from 1/);
    expect(() => readUploadsConfig({ JWT_SECRET: jwt, S3_ENDPOINT: 'http://minio:9000' })).toThrow(/S3_BUCKET is not/);
    expect(() => readUploadsConfig({ JWT_SECRET: jwt, S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'a' })).toThrow(/go together/);
    expect(() => readUploadsConfig({ JWT_SECRET: jwt, S3_BUCKET: 'b', S3_ENDPOINT: 'ftp://x' })).toThrow(/S3_ENDPOINT must start with http: or https:/);
  });
});
