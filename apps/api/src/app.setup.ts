import { Logger as NestLogger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ConfigType } from '@nestjs/config';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { ErrorCode } from '@parley/contract';
import { json, type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from './common/domain-error';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { exceedsDepth } from './common/json-depth';
import { createValidationPipe } from './common/validation.pipe';
import { compressApiResponses } from './web/compress-api-responses';
import { webClientFiles } from './web/web-client-files';
import type { AppConfig } from './config';
import { limitsConfig } from './config/limits.config';
import { metricsConfig } from './config/metrics.config';
import { httpMetrics, serveMetrics } from './metrics/metrics-http';
import { Metrics } from './metrics/metrics.service';

export const MAX_JSON_BODY = '64kb';

/** Everything main.ts applies to the Nest app, in one place so tests and production agree. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  const limits = app.get<ConfigType<typeof limitsConfig>>(limitsConfig.KEY);
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // No ETag on JSON answers: they are never cached (below), so the hash of every body was wasted work.
  app.set('etag', false);
  const metrics = app.get(Metrics);
  app.use(httpMetrics(metrics));
  const metricsSettings = app.get<ConfigType<typeof metricsConfig>>(metricsConfig.KEY);
  if (metricsSettings.enabled && metricsSettings.port === undefined) app.use('/metrics', serveMetrics(metrics));
  app.use(securityHeaders(config));
  app.use(json({ limit: MAX_JSON_BODY }), rejectMalformedJson, rejectDeepJson(limits.maxJsonDepth));
  app.use(cookieParser());
  app.use(compressApiResponses());
  app.use('/api', keepApiAnswersPrivate);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  // Exit 0 after a clean SIGTERM shutdown instead of re-raising the signal.
  app.enableShutdownHooks([], { useProcessExit: true });
  if (config.apiDocs) setUpOpenApi(app);
  serveWebClient(app, config.webDistDir);
}

/**
 * helmet on everything (the client, its assets, the API): scripts and connections only from this
 * origin, no inline script, no framing, no MIME sniffing, no referrer. Angular adds component
 * styles at run time, hence inline styles. Swagger UI needs nothing more than that.
 * HSTS only in production (a development server on http://localhost must stay reachable).
 */
function securityHeaders(config: AppConfig) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        // blob: the client previews picked images from blob: URLs before uploading them.
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        // 'self' covers ws:/wss: to this host (CSP level 3), which is all the client connects to.
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * API answers are one account's private data: `no-store` keeps them out of the browser's and any
 * proxy's cache, so a shared computer keeps nothing of them after logout, and nothing revalidates
 * them (hence no ETag). A route that may be cached says so itself (a signed file link).
 */
function keepApiAnswersPrivate(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/** Nesting deeper than any DTO goes is refused before validation, whose recursion it would overflow. */
function rejectDeepJson(maxDepth: number) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (exceedsDepth(req.body, maxDepth)) {
      return next(DomainError.validation([{ field: 'body', message: `must not be nested more than ${maxDepth} levels deep` }]));
    }
    next();
  };
}

/**
 * Body-parser reports bad JSON as a bare SyntaxError, and a body that is not what its
 * Content-Encoding claims as a bare zlib error: give both their code before Nest turns them into a
 * generic 400 or, for the zlib one, a 500.
 */
function rejectMalformedJson(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const { type, errno, status } = (error ?? {}) as { type?: unknown; errno?: unknown; status?: unknown };
  if (type === 'entity.parse.failed') return next(new DomainError(ErrorCode.MalformedJson, 'The request body is not valid JSON'));
  // zlib and brotli errors carry an errno; body-parser passes them on as a 400 without a type.
  if (type === undefined && status === 400 && typeof errno === 'number') {
    return next(new DomainError(ErrorCode.MalformedJson, 'The request body does not match its Content-Encoding'));
  }
  if (type === 'request.aborted' || type === 'request.size.invalid') {
    return next(new DomainError(ErrorCode.MalformedJson, 'The request body was cut short'));
  }
  next(error);
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
