import { Module } from '@nestjs/common';
import { FilesController } from './files.controller';
import { fileStoreProvider } from './storage/file-store.provider';
import { FILE_STORE } from './storage/file-store';
import { AttachmentPresenter } from './attachment-presenter';
import { UploadLinks } from './upload-links';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';
import { UploadSweeper } from './upload-sweeper';

/**
 * Files and images: upload, signed serving, and what the chat needs to attach, present and delete
 * them. It knows nothing of the chat module (membership is one read of conversation_members).
 */
@Module({
  controllers: [UploadsController, FilesController],
  providers: [fileStoreProvider, UploadLinks, UploadsService, AttachmentPresenter, UploadSweeper],
  exports: [FILE_STORE, UploadLinks, AttachmentPresenter, UploadSweeper],
})
export class UploadsModule {}
