import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { UploadField, type Attachment } from '@parley/contract';
import type { Request } from 'express';
import { CurrentUser, type AuthUser } from '../auth/current-user.decorator';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { AttachmentDto } from '../chat/dto/message.dto';
import { UploadsService } from './uploads.service';

@ApiTags('uploads')
@ApiBearerAuth()
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @ApiOperation({
    summary: 'Store one file (multipart/form-data, one `file` part); attach it to a message within 24 h with `attachmentIds`',
    description: 'The type is detected from the bytes. JPEG, PNG, GIF, WebP (and AVIF/HEIF that the server decodes) are images with width, height and a thumbnail; everything else, SVG and HTML included, is a downloaded file.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UploadField], properties: { [UploadField]: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE (one file) or UPLOAD_QUOTA_EXCEEDED (all your files), with limitBytes' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many uploads this minute, with retryAfterMs' })
  upload(@CurrentUser() user: AuthUser, @Req() req: Request): Promise<Attachment> {
    return this.uploads.upload(user.id, req);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A fresh Attachment (new signed links) for its uploader, or a member of the conversation it was posted in' })
  @ApiOkResponse({ type: AttachmentDto })
  @ApiNotFoundResponse({ description: 'No such upload, or not visible to you' })
  describe(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<Attachment> {
    return this.uploads.describe(user.id, id);
  }
}
