import { Logger as NestLogger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { ErrorCode } from '@parley/contract';
import { json, type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from './common/domain-error';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation.pipe';
import { compressApiResponses } from './web/compress-api-responses';
import { webClientFiles } from './web/web-client-files';
import type { AppConfig } from './config';

export const MAX_JSON_BODY = '64kb';

/** Everything main.ts applies to the Nest app, in one place so tests and production agree. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(json({ limit: MAX_JSON_BODY }), rejectMalformedJson);
  app.use(cookieParser());
  app.use(compressApiResponses());
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  // Exit 0 after a clean SIGTERM shutdown instead of re-raising the signal.
  app.enableShutdownHooks([], { useProcessExit: true });
  setUpOpenApi(app);
  serveWebClient(app, config.webDistDir);
}

/** Body-parser reports bad JSON as a bare SyntaxError; give it its own code before Nest turns it into a generic 400. */
function rejectMalformedJson(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const isParseFailure = (error as { type?: string } | null)?.type === 'entity.parse.failed';
  next(isParseFailure ? new DomainError(ErrorCode.MalformedJson, 'The request body is not valid JSON') : error);
}

function setUpOpenApi(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Parley API')
      .setDescription('Accounts, users, conversations and messages. Live events travel over Socket.IO (see the README).')
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth('parley_refresh')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Serves the built Angular app, with index.html for client-side routes, when the build is there. */
function serveWebClient(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new NestLogger('Web').warn(`No web client at ${dir}; serving the API only (build it with \`npx nx build web\`)`);
    return;
  }
  const files = webClientFiles(dir);
  app.use(files.precompressed);
  // Hashed bundles can be cached for good; index.html must always be revalidated.
  app.useStaticAssets(dir, { index: false, maxAge: '1y', immutable: true });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isClientRoute = req.method === 'GET' && !req.path.startsWith('/api') && !req.path.startsWith('/socket.io');
    // A missing file (/robots.txt, /old-bundle.js) is a 404, not the app's HTML under a wrong name.
    const looksLikeFile = /\.[a-z0-9]+$/i.test(req.path);
    if (!isClientRoute || looksLikeFile || !req.accepts('html')) return next();
    files.sendIndex(req, res, next);
  });
}
