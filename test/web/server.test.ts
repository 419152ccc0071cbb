import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../../src/web/index.js';
import { startWeb } from '../../src/web/index.js';
import { fetchPath, stalledSockets } from './http.js';
import { boardTime, startLiveWeb, type LiveWeb } from './session.js';

const WAIT = { timeout: 30_000 };
const liveUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws').replace(/\/(\?.*)?$/, '/live');

/** A viewer: connects, collects every message, resolves `hello` with the first. */
function viewer(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const messages: ServerMessage[] = [];
  let closeCode = -1;
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
  ws.on('close', (code) => (closeCode = code));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    opened,
    closeCode: () => closeCode,
    ticks: () => messages.filter((m) => m.type === 'tick').length,
    send: (m: unknown) => ws.send(typeof m === 'string' || Buffer.isBuffer(m) ? m : JSON.stringify(m)),
  };
}

describe('web server on loopback, on the twin', () => {
  let live: LiveWeb;
  beforeAll(async () => {
    live = await startLiveWeb();
  });
  afterAll(async () => {
    await live?.stop();
  });

  test('needs no token on 127.0.0.1, and a press acts on the emulated pin', async () => {
    expect(live.web.token).toBeNull();
    expect(live.web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const v = viewer(liveUrl(live.web.url));
    await v.opened;
    await expect.poll(() => v.messages[0]?.type, WAIT).toBe('hello');
    // The page names the firmware as stdout and /healthz do: the kit's own identity.
    expect(v.messages[0]).toMatchObject({ board: 'emulated', firmware: 'NeuronKit 1.1' });
    const pin = live.exhibit.neurons[0]!.button!;
    const edges: boolean[] = [];
    live.session.twin!.onInputEdge((p, high) => p === pin && edges.push(high));
    v.send({ type: 'press', target: 'A' });
    v.send({ type: 'release', target: 'A' });
    await expect.poll(() => live.session.runtime.presses.A, WAIT).toBe(1);
    // Down, then up again after the minimum press (board time), through the firmware.
    await expect.poll(() => edges, WAIT).toEqual([false, true]);
    v.ws.close();
  });

  test('1,100 stalled sockets do not stop a new visitor: GET / and the live feed still work', async () => {
    const port = Number(new URL(live.web.url).port);
    const stats = () => live.web.stats();
    await expect.poll(() => stats().openConnections, WAIT).toBe(0);
    const start = stats().evictedConnections;
    // Every stalled socket reaches the server before the visitor comes.
    const sockets = await stalledSockets(port, 1100, () => stats().evictedConnections + stats().openConnections);
    try {
      expect(stats().evictedConnections - start).toBe(1100 - 256);
      expect(stats().openConnections).toBe(256);
      const page = await fetchPath(port);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<html');
      const v = viewer(liveUrl(live.web.url));
      await v.opened;
      await expect.poll(() => v.messages[0]?.type, WAIT).toBe('hello');
      v.ws.close();
    } finally {
      sockets.forEach((s) => s.destroy());
    }
  });

  test('malformed and oversized messages are dropped and counted; the server carries on', async () => {
    const v = viewer(liveUrl(live.web.url));
    await v.opened;
    const before = live.web.stats();
    const bad = ['not json', '[1,2]', '{"type":"press"}', '{"type":"press","target":"Z"}', '{"type":"age","value":2}', '{"type":"age","value":"1"}', '{"type":"press","target":"A","extra":1}', '{"type":"palette","name":"neon"}', '{"type":"shutdown"}', 'null'];
    for (const m of bad) v.send(m);
    v.send(Buffer.from([1, 2, 3]));
    v.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    v.send(JSON.stringify({ type: 'press', target: 'A', pad: 'x'.repeat(2000) }));
    await expect.poll(() => live.web.stats().malformed - before.malformed, WAIT).toBe(bad.length + 2);
    await expect.poll(() => live.web.stats().oversized - before.oversized, WAIT).toBe(1);
    expect(v.closeCode()).toBe(-1);
    expect(live.session.runtime.presses.A).toBe(1);
    // A message over the hard limit is refused by the WebSocket layer: that connection is closed (1009).
    v.send('x'.repeat(20_000));
    await expect.poll(() => v.closeCode(), WAIT).toBe(1009);
    await expect.poll(() => live.web.stats().oversized - before.oversized, WAIT).toBe(2);
    const after = viewer(liveUrl(live.web.url));
    await after.opened;
    await expect.poll(() => after.messages[0]?.type, WAIT).toBe('hello');
    after.ws.close();
  });

  test('a page from another site cannot open the live socket', async () => {
    const v = viewer(liveUrl(live.web.url), { origin: 'http://evil.example' });
    await expect(v.opened).rejects.toThrow(/403/);
  });

  test('the page and its scripts are served; nothing else is', async () => {
    const page = await fetch(live.web.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    for (const src of html.match(/(?:src|href)="\/[^"]+"/g) ?? []) {
      const path = src.slice(src.indexOf('"') + 1, -1);
      expect((await fetch(new URL(path, live.web.url))).status, path).toBe(200);
    }
    expect((await fetch(new URL('/page/main.js', live.web.url))).headers.get('content-type')).toContain('javascript');
    expect((await fetch(new URL('/../package.json', live.web.url))).status).toBe(404);
    expect((await fetch(new URL('/page/../../package.json', live.web.url))).status).toBe(404);
    expect((await fetch(live.web.url, { method: 'POST' })).status).toBe(405);
  });

  test('30 viewers at once all get the live ticks, and the exhibit keeps drawing on board time', async () => {
    const { session } = live;
    const viewers = Array.from({ length: 30 }, () => viewer(liveUrl(live.web.url)));
    await Promise.all(viewers.map((v) => v.opened));
    await expect.poll(() => live.web.stats().clients, WAIT).toBeGreaterThanOrEqual(30);
    let frames = 0;
    const off = session.twin!.onFrame(() => frames++);
    const fromMs = session.kit.clock.now();
    // Keep the strip busy: a press every 200 ms of board time for two seconds.
    for (let t = 0; t < 2000; t += 200) {
      await boardTime(session, fromMs + t);
      session.twin!.press(live.exhibit.neurons[0]!.button!);
      await boardTime(session, fromMs + t + 60);
      session.twin!.release(live.exhibit.neurons[0]!.button!);
    }
    off();
    // Frames latched on the data pin per board second: far more than a page can show; the link is not starved.
    expect(frames / 2).toBeGreaterThan(20);
    await expect.poll(() => Math.min(...viewers.map((v) => v.ticks())), WAIT).toBeGreaterThan(5);
    expect(viewers.every((v) => v.messages[0]?.type === 'hello')).toBe(true);
    for (const v of viewers) v.ws.close();
    await expect.poll(() => live.web.stats().clients, WAIT).toBe(0);
  });
});

describe('web server beyond loopback', () => {
  let live: LiveWeb;
  beforeAll(async () => {
    live = await startLiveWeb({ host: '0.0.0.0' });
  });
  afterAll(async () => {
    await live?.stop();
  });

  test('prints a token in its URL and requires it for every control action', async () => {
    const token = live.web.token!;
    expect(token).toMatch(/^[\w-]{20,}$/);
    expect(live.web.url).toContain(`?token=${token}`);
    const port = new URL(live.web.url).port;
    const v = viewer(`ws://127.0.0.1:${port}/live`);
    await v.opened;
    await expect.poll(() => v.messages[0], WAIT).toMatchObject({ type: 'hello', controlsNeedToken: true });
    v.send({ type: 'press', target: 'A' });
    v.send({ type: 'age', value: 0.9, token: 'wrong' });
    v.send({ type: 'palette', name: 'colorblind', token: token.slice(0, -1) });
    const resets: string[] = [];
    const stopListening = live.session.exhibition.listen('reset', (e) => resets.push(e.reason));
    v.send({ type: 'reset' });
    await expect.poll(() => live.web.stats().unauthorized, WAIT).toBe(4);
    expect(v.messages.filter((m) => m.type === 'refused')).toHaveLength(4);
    expect(live.session.runtime.presses.A).toBe(0);
    expect(resets).toEqual([]);
    v.send({ type: 'press', target: 'A', token });
    v.send({ type: 'release', target: 'A', token });
    await expect.poll(() => live.session.runtime.presses.A, WAIT).toBe(1);
    v.send({ type: 'reset', token });
    await expect.poll(() => resets, WAIT).toEqual(['docent']);
    stopListening();
    v.ws.close();
  });

  test('an explicit token is used as given, even on loopback', async () => {
    const web = await startWeb(live.session, live.exhibit, { port: 0, token: 'given-token-123' });
    expect(web.token).toBe('given-token-123');
    expect(web.url).toMatch(/\?token=given-token-123$/);
    await web.close();
  });
});
