/**
 * Serves the built web app (dist/console-web, `npm run console:build`): hashed
 * files under /assets/ with a year's immutable cache, other files of the build
 * (favicon) revalidated, and index.html, never cached, for every other GET
 * path that is not the console's API (/api, /auth, /admin, /docs, probes), so
 * the app's client-side routes load on refresh. Without a build: a 503 page
 * that says how to make one.
 *
 * Security headers on every answer: a CSP of 'self' only. antd 6 styles its
 * components with CSS-in-JS, injecting <style> elements at run time, so
 * style-src also allows 'unsafe-inline' (no script runs from it; scripts stay
 * 'self'); images and fonts may be data: URLs (antd icons, ECharts exports).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the console's server side: never answered with the app. */
const SERVER_PATHS = /^\/(api|auth|admin|docs|docs-json|health|ready|metrics)(\/|$)/;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

const MISSING_BUILD = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>控制台尚未构建 / Console not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>控制台前端尚未构建</h1>
<p>请在项目目录运行 <code>npm run console:build</code>（<code>npm start</code> 会自动构建），然后刷新本页。</p>
<h1 lang="en">The console's web app is not built</h1>
<p lang="en">Run <code>npm run console:build</code> in the project folder (<code>npm start</code> builds it), then reload this page.</p>
</body></html>
`;

type Next = () => void;

export function webAppHandler(dir: string): (req: IncomingMessage & { path?: string }, res: ServerResponse, next: Next) => void {
  const root = resolve(dir);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path ?? (req.url ?? '/').split('?')[0];
    if (SERVER_PATHS.test(path)) return next();
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      res.statusCode = 503;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Retry-After', '30');
      res.end(req.method === 'HEAD' ? undefined : MISSING_BUILD);
      return;
    }
    const file = fileOf(root, path);
    if (path.startsWith('/assets/')) {
      if (!file) return next();
      return send(req, res, file, 'public, max-age=31536000, immutable');
    }
    if (file && file !== index) return send(req, res, file, 'no-cache');
    send(req, res, index, 'no-store');
  };
}

/** The build's file a URL path names, or undefined: none, a folder, or a path that would leave the build. */
function fileOf(root: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const file = resolve(root, `.${decoded}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function send(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', String(statSync(file).size));
  res.setHeader('Cache-Control', cacheControl);
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
