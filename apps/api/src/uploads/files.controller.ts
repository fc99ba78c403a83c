import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AttachmentKind, ErrorCode } from '@parley/contract';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Public } from '../auth/public.decorator';
import { DomainError } from '../common/domain-error';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { parseRange } from './byte-range';
import { contentDisposition } from './file-name';
import { servedType } from './file-type';
import { FILE_STORE, FileNotFound, type FileStore } from './storage/file-store';
import { UploadLinks, type FileVariant } from './upload-links';
import { UploadsService } from './uploads.service';

/**
 * Serves stored files through signed links (no Authorization header, so `<img src>` works and the
 * browser caches them). Nothing served here can run in the page: nosniff, a sandboxing CSP, and
 * everything but images sent as a download.
 */
@ApiTags('uploads')
@Public()
@Controller('files')
export class FilesController {
  constructor(
    private readonly uploads: UploadsService,
    private readonly links: UploadLinks,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'A stored file, through the signed link of an Attachment (`url`)' })
  @ApiQuery({ name: 'exp', description: 'From the signed link' })
  @ApiQuery({ name: 'sig', description: 'From the signed link' })
  @ApiProduces('application/octet-stream', 'image/*')
  @ApiOkResponse({ description: 'The bytes; 206 for a Range request' })
  @ApiForbiddenResponse({ description: 'An expired or altered link' })
  @ApiNotFoundResponse({ description: 'No such file (deleted)' })
  original(@Param('id', UuidParamPipe) id: string, @Query('exp') exp: unknown, @Query('sig') sig: unknown, @Headers('range') range: string | undefined, @Res() res: Response): Promise<void> {
    return this.serve(id, 'original', exp, sig, range, res);
  }

  @Get(':id/thumbnail')
  @ApiOperation({ summary: "An image's thumbnail (WebP), through the signed link of an Attachment (`thumbnailUrl`)" })
  @ApiQuery({ name: 'exp' })
  @ApiQuery({ name: 'sig' })
  @ApiProduces('image/webp')
  thumbnail(@Param('id', UuidParamPipe) id: string, @Query('exp') exp: unknown, @Query('sig') sig: unknown, @Headers('range') range: string | undefined, @Res() res: Response): Promise<void> {
    return this.serve(id, 'thumbnail', exp, sig, range, res);
  }

  private async serve(id: string, variant: FileVariant, exp: unknown, sig: unknown, rangeHeader: string | undefined, res: Response): Promise<void> {
    const verdict = this.links.verify(id, variant, exp, sig);
    if (verdict !== 'ok') throw new DomainError(ErrorCode.Forbidden, verdict === 'expired' ? 'This link has expired; get a fresh one from GET /api/uploads/:id' : 'This link is not valid');
    const row = await this.uploads.findForServing(id);
    const key = variant === 'thumbnail' ? row?.thumbnailKey : row?.storageKey;
    if (!row || !key) throw DomainError.notFound('File');
    const image = row.kind === AttachmentKind.Image;
    const size = variant === 'thumbnail' ? null : Number(row.size);
    const range = size === null ? null : parseRange(rangeHeader, size);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Type', variant === 'thumbnail' ? 'image/webp' : servedType(row.kind, row.contentType));
    res.setHeader('Content-Disposition', contentDisposition(image ? 'inline' : 'attachment', variant === 'thumbnail' ? thumbnailName(row.name) : row.name));
    res.setHeader('Cache-Control', `private, max-age=${this.links.secondsLeft(exp as string)}, immutable`);
    res.setHeader('ETag', `"${id}-${variant}"`);
    if (size !== null) res.setHeader('Accept-Ranges', 'bytes');
    if (range === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${size}`);
      res.status(416).end();
      return;
    }
    let body;
    try {
      body = await this.store.read(key, range ?? undefined);
    } catch (error) {
      if (error instanceof FileNotFound) throw DomainError.notFound('File');
      throw error;
    }
    if (range) {
      res.status(206);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.status(200);
      if (size !== null) res.setHeader('Content-Length', String(size));
    }
    // A client that goes away mid-download ends the pipeline; that is not an error worth more than closing the source.
    await pipeline(body, res).catch(() => body.destroy());
  }
}

const thumbnailName = (name: string) => `${name.replace(/\.[^.]*$/, '') || 'image'}.webp`;
