import type { Provider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { uploadsConfig } from '../../config/uploads.config';
import { DiskFileStore } from './disk-file-store';
import { FILE_STORE, type FileStore } from './file-store';
import { S3FileStore } from './s3-file-store';

/** The S3-compatible store when S3_BUCKET is set (processes on several machines share it), else local disk. */
export const fileStoreProvider: Provider = {
  provide: FILE_STORE,
  inject: [uploadsConfig.KEY],
  useFactory: (config: ConfigType<typeof uploadsConfig>): FileStore => (config.s3 ? new S3FileStore(config.s3) : new DiskFileStore(config.dir)),
};
