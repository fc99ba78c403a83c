/**
 * The attachment views, one lazily loaded chunk (see lazy-view.ts and chat-dialogs.ts). One entry on
 * purpose: it reaches the same shared code as the dialogs, so the bundler splits nothing new out of the
 * first load's chunks (a separate entry for the tray and the files cost that load about 3 KiB in
 * import/export glue, more than the views themselves). The words for a failed upload come with them.
 */
export { LightboxDialog } from './lightbox-dialog.component';
export { MessageAttachments } from './message-attachments.component';
export { UploadTray } from './upload-tray.component';
export { uploadFailure } from './upload-error';
