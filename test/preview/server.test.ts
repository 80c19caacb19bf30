import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '../../src/preview/server.js';
import type { PreviewState } from '../../src/preview/state.js';
import { horizontalBars, monthBars } from '../../src/preview/stats-view.js';

const initial: PreviewState = { version: 1, ok: true, period: '2024', buildMs: 5, problems: [] };
let server: PreviewServer;
let port: number;

beforeAll(async () => {
  server = await startPreviewServer({ port: 0, initial });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** A raw request: the path is sent exactly as written, as an attacker would send it. */
function get(path: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; type: string; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('preview server', () => {
  it('listens on 127.0.0.1 only and says so in its address', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the page, its own assets and the state, with a strict content security policy', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/preview.js" defer></script>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get('/preview.js')).type).toContain('text/javascript');
    expect((await get('/preview.css')).type).toContain('text/css');
    expect(JSON.parse((await get('/state.json')).body)).toEqual(initial);
  });

  it('refuses any other path: no listing, no files, no .., no encoded or absolute paths', async () => {
    expect((await get('/assets/')).status).toBe(404);
    expect((await get('/index.html')).status).toBe(404);
    expect((await get('/package.json')).status).toBe(404);
    for (const path of ['/../package.json', '/..', '/%2e%2e/package.json', '/preview.js/../../package.json', '//etc/passwd', '/..\\package.json', '/./preview.js']) {
      expect((await get(path)).status, path).toBe(400);
    }
    expect((await get('http://example.com/etc/passwd')).status).toBe(400);
  });

  it('answers only GET and HEAD, and only requests addressed to itself', async () => {
    expect((await get('/state.json', { method: 'POST' })).status).toBe(405);
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421);
    expect((await get('/', { host: `localhost:${port}` })).status).toBe(200);
  });

  it('announces each new state to open pages as a server-sent event', async () => {
    const messages: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/events', headers: { host: `127.0.0.1:${port}` } }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        res.on('data', (chunk: Buffer) => {
          messages.push(chunk.toString());
          if (messages.length === 1) server.publish({ ...initial, version: 2 });
          else {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(messages[0]).toContain('data: 1\n\n');
    expect(messages[1]).toBe('data: 2\n\n');
    expect(JSON.parse((await get('/state.json')).body).version).toBe(2);
  });
});

describe('stats view', () => {
  it('draws one bar per month and last year’s beside it', () => {
    const svg = monthBars({ '2024-01': 3, '2024-02': 0 }, { '2023-01': 1, '2023-02': 2 }, '场次');
    expect(svg.match(/class="sz-bar"/g)).toHaveLength(2);
    expect(svg.match(/class="sz-bar-previous"/g)).toHaveLength(2);
    expect(svg).toContain('<title>1月：3 场次</title>');
    expect(svg).toContain('<title>上年2月：2 场次</title>');
  });

  it('escapes labels', () => {
    const svg = horizontalBars('按填报单位', { '<script>x</script>': 2 }, '名');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
