import { describeFileStore } from './file-store.contract';
import { S3FileStore } from './s3-file-store';
import { startTestS3 } from './s3-test-server';

describeFileStore('S3 (s3rver)', async () => {
  const s3 = await startTestS3();
  const store = new S3FileStore({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  return {
    store,
    async close() {
      store.destroy();
      await s3.close();
    },
  };
});
