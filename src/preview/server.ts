// Preview: the local web server. It listens on 127.0.0.1 only and serves exactly five things: the
// page and its own assets (read once from the package's assets/preview/, never from a path the
// request names), the current state as JSON, a stream of server-sent events that says when the
// state changed, and the font files the preview registered (a face a PDF made here prints in and
// the browser cannot find by name, see write/fontconfig.ts privateFontFiles). Anything else is refused: no directory listing, no other file, no `..`, no
// absolute or encoded path, only GET and HEAD, and only for a Host header naming this server (a
// web page elsewhere cannot reach it through DNS rebinding).

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { PreviewState } from './state.js';
import { EXIT_USAGE, UserError } from '../model/errors.js';

export const PREVIEW_HOST = '127.0.0.1';
const ASSETS_FOLDER = fileURLToPath(new URL('../../assets/preview/', import.meta.url));

/** The page's own files: URL path → file in assets/preview/ and its content type. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/preview.js': { file: 'preview.js', type: 'text/javascript; charset=utf-8' },
  '/preview.css': { file: 'preview.css', type: 'text/css; charset=utf-8' },
};

const SECURITY_HEADERS = {
  // The page runs only its own script; styles inline are the profile's CSS the script sets.
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface PreviewServer {
  url: string;
  /** Replace what the page shows and tell every open page. */
  publish(state: PreviewState): void;
  close(): Promise<void>;
}

/** Font files the page's CSS names: URL path (fontPath) → file. */
export type ServedFonts = Map<string, string>;

const FONT_TYPES: Record<string, string> = { '.otf': 'font/otf', '.ttf': 'font/ttf' };

/**
 * Where a font file is served: named by its path, size and time, so that the browser may keep it
 * (the page's other answers are never kept); undefined for a file a browser cannot load as a web font.
 */
export function fontPath(file: string): string | undefined {
  const extension = path.extname(file).toLowerCase();
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!FONT_TYPES[extension] || !stats) return undefined;
  return `/fonts/${createHash('sha256').update(`${file}\0${stats.size}\0${stats.mtimeMs}`).digest('hex').slice(0, 16)}${extension}`;
}

export async function startPreviewServer(options: { port: number; initial: PreviewState; fonts?: ServedFonts }): Promise<PreviewServer> {
  const assets = new Map(Object.entries(ASSETS).map(([url, asset]) => [url, { body: readFileSync(path.join(ASSETS_FOLDER, asset.file)), type: asset.type }]));
  let state = JSON.stringify(options.initial);
  let version = options.initial.version;
  const streams = new Set<ServerResponse>();
  let port = options.port;

  const server = createServer((request, response) => {
    const refusal = refuse(request, port);
    if (refusal) return send(response, refusal.status, 'text/plain; charset=utf-8', refusal.message);
    const url = new URL(request.url!, `http://${PREVIEW_HOST}`);
    if (url.pathname === '/state.json') return send(response, 200, 'application/json; charset=utf-8', state, request.method === 'HEAD');
    if (url.pathname === '/events') return openStream(response);
    const asset = assets.get(url.pathname);
    if (asset) return send(response, 200, asset.type, asset.body, request.method === 'HEAD');
    const font = options.fonts?.get(url.pathname);
    if (font) return sendFont(response, font, request.method === 'HEAD');
    return send(response, 404, 'text/plain; charset=utf-8', '没有这个页面');
  });

  const openStream = (response: ServerResponse) => {
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    response.write(`retry: 500\ndata: ${version}\n\n`);
    streams.add(response);
    response.on('close', () => streams.delete(response));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new UserError(`无法在 ${PREVIEW_HOST}:${options.port} 上启动预览：端口${error.code === 'EADDRINUSE' ? '已被占用' : '不允许使用'}`, EXIT_USAGE, '用 --port 换一个端口，或 --port 0 任选一个空闲端口', { cause: error }) : error),
    );
    server.listen(options.port, PREVIEW_HOST, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${PREVIEW_HOST}:${port}/`,
    publish(next) {
      state = JSON.stringify(next);
      version = next.version;
      for (const stream of streams) stream.write(`data: ${version}\n\n`);
    },
    close() {
      for (const stream of streams) stream.end();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Why a request is refused, or undefined when it may be answered. */
function refuse(request: IncomingMessage, port: number): { status: number; message: string } | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return { status: 405, message: '只接受 GET 请求' };
  const host = request.headers.host ?? '';
  if (host !== `${PREVIEW_HOST}:${port}` && host !== `localhost:${port}`) return { status: 421, message: '只接受发往本机预览地址的请求' };
  const target = request.url ?? '';
  // Only plain absolute paths of this server: no `..`, no encoded or doubled slashes, no backslash.
  if (!target.startsWith('/') || target.startsWith('//') || /(^|\/)\.\.?(\/|$|\?)|%|\\/.test(target.split('?')[0]!)) {
    return { status: 400, message: '不接受这样的路径' };
  }
  return undefined;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headOnly = false, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(headOnly ? undefined : body);
}

function sendFont(response: ServerResponse, file: string, headOnly: boolean): void {
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch {
    // Removed since the preview found it: the page falls back to the next face in its list.
    return send(response, 404, 'text/plain; charset=utf-8', '没有这个字体文件');
  }
  send(response, 200, FONT_TYPES[path.extname(file).toLowerCase()]!, body, headOnly, { 'Cache-Control': 'private, max-age=86400, immutable' });
}
