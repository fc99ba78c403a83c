import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** Preferred first: brotli is about a fifth smaller than gzip on the bundles. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
const INDEX = 'index.html';
/** Hashed bundles can be cached for good; index.html must always be revalidated. */
const cacheControl = (path: string) => (path === INDEX ? 'no-cache' : 'public, max-age=31536000, immutable');

export interface WebClientFiles {
  /** Serves `name.br` / `name.gz` for a request of `name` when Accept-Encoding allows; otherwise passes on. */
  precompressed: RequestHandler;
  /** index.html (compressed when it can be), for client-side routes. */
  sendIndex(req: Request, res: Response, next: NextFunction): void;
}

function listFiles(dir: string): Set<string> {
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile());
  return new Set(entries.map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/')));
}

/**
 * The built client's files and their build-time compressed copies (tools/precompress). The directory
 * is listed once at start: a build does not change under a running server.
 */
export function webClientFiles(dir: string): WebClientFiles {
  const present = listFiles(dir);

  const send = (req: Request, res: Response, next: NextFunction, path: string): void => {
    res.vary('Accept-Encoding');
    const available = ENCODINGS.filter((e) => present.has(path + e.suffix));
    const accepted = available.length ? req.acceptsEncodings(available.map((e) => e.name)) : false;
    const encoding = available.find((e) => e.name === accepted);
    res.setHeader('Cache-Control', cacheControl(path));
    if (encoding) {
      res.type(extname(path));
      res.setHeader('Content-Encoding', encoding.name);
    }
    const file = join(dir, encoding ? path + encoding.suffix : path);
    res.sendFile(file, { dotfiles: 'deny', cacheControl: false }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };

  return {
    precompressed: (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      let path: string;
      try {
        path = decodeURIComponent(req.path).replace(/^\/+/, '');
      } catch {
        return next();
      }
      const hasCopies = ENCODINGS.some((e) => present.has(path + e.suffix));
      if (!present.has(path) || !hasCopies) return next();
      send(req, res, next, path);
    },
    sendIndex: (req, res, next) => send(req, res, next, INDEX),
  };
}
