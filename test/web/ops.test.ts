import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { ExhibitOps } from '../../src/ops/ops.js';
import { opsEventOf } from '../../src/ops/events.js';
import { boardTime, startLiveWeb, type LiveWeb } from './session.js';

const WAIT = { timeout: 30_000 };

/** A GET with the headers a browser (or an attacker's page) would send. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the live WebSocket with given headers; resolves with the HTTP status of a refusal, or 101. */
function upgrade(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/live`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => {});
  });
}

/** The value of a Prometheus sample line (`name{labels} value`), or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('/healthz and /metrics on loopback, on the twin', () => {
  let live: LiveWeb;
  let ops: ExhibitOps;
  let port: number;
  beforeAll(async () => {
    ops = new ExhibitOps();
    // Wired as `neuron-kit run` wires them: the exhibit's visits reach the log, health and metrics.
    live = await startLiveWeb({ ops: ops.endpoints }, { lifecycle: true, onEvent: (e) => { const logged = opsEventOf(e); if (logged) ops.logEvent(logged); } });
    ops.attach(live.session);
    port = Number(new URL(live.web.url).port);
  });
  afterAll(async () => {
    await live?.stop();
    ops?.close();
  });

  test('/healthz says the board is connected, which firmware, and that frames are being drawn', async () => {
    await expect.poll(async () => (await get(port, '/healthz')).status, WAIT).toBe(200);
    const res = await get(port, '/healthz');
    expect(res.type).toMatch(/^application\/json/);
    const doc = JSON.parse(res.body);
    expect(doc).toMatchObject({ ok: true, board: { connected: true, port: 'emulated', firmware: { name: 'NeuronKit', version: '1.1' } }, session: { state: 'idle', sessions: 0 }, reconnects: 0 });
    expect(doc.lastFrameAgeMs).toBeLessThan(2000);
  });

  test('/healthz follows the visits: a press makes it "visitor" and counts a session', async () => {
    const pin = live.exhibit.neurons[0]!.button!;
    live.session.twin!.press(pin);
    await expect.poll(async () => JSON.parse((await get(port, '/healthz')).body).session, WAIT).toEqual({ state: 'visitor', sessions: 1 });
    live.session.twin!.release(pin);
    // Let the release settle (the buttons are debounced on board time) before the next test presses.
    await boardTime(live.session, live.session.kit.clock.now() + 200);
  });

  test('/metrics: presses by button, frames sent and shown with none corrupted, the press → LED latency', async () => {
    const pin = live.exhibit.neurons[0]!.button!;
    const twin = live.session.twin!;
    twin.press(pin);
    // The second press of the suite: the visit test before pressed once.
    await expect.poll(() => live.session.runtime.presses.A, WAIT).toBe(2);
    twin.release(pin);
    ops.logEvent({ kind: 'reconnect', why: 'test' });
    ops.logEvent({ kind: 'fault', what: 'web', message: 'test' });
    await expect.poll(async () => sample((await get(port, '/metrics')).body, 'neuron_kit_press_to_led_seconds_count'), WAIT).toBe(2);
    const res = await get(port, '/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(sample(text, 'neuron_kit_presses_total{button="A"}')).toBe(2);
    expect(sample(text, 'neuron_kit_sessions_total')).toBe(1);
    expect(sample(text, 'neuron_kit_reconnects_total')).toBe(1);
    expect(sample(text, 'neuron_kit_errors_total{what="web"}')).toBe(1);
    expect(sample(text, 'neuron_kit_board_connected')).toBe(1);
    expect(sample(text, 'neuron_kit_frames_sent_total')).toBeGreaterThan(0);
    expect(sample(text, 'neuron_kit_frames_shown_total')).toBeGreaterThan(0);
    expect(sample(text, 'neuron_kit_frames_corrupted_total')).toBe(0);
    expect(sample(text, 'neuron_kit_uptime_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'neuron_kit_model_speed_ratio')).toBeGreaterThan(0);
    expect(sample(text, 'neuron_kit_press_to_led_seconds_sum')).toBeGreaterThan(0);
  });

  test('DNS rebinding: a foreign name in Host is refused for the page, /healthz, /metrics and the live feed', async () => {
    const evil = { host: `rebind.example:${port}` };
    for (const path of ['/', '/healthz', '/metrics', '/app.css']) expect((await get(port, path, evil)).status).toBe(403);
    // Origin and Host agree, as they do for a rebinding page: still refused.
    expect(await upgrade(port, { host: `rebind.example:${port}`, origin: `http://rebind.example:${port}` })).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
      expect((await get(port, '/', { host })).status).toBe(200);
      expect((await get(port, '/healthz', { host })).status).toBe(200);
    }
    expect(await upgrade(port, { host: `localhost:${port}`, origin: `http://localhost:${port}` })).toBe(101);
  });
});

describe('/healthz and /metrics off loopback need the token', () => {
  let live: LiveWeb;
  let ops: ExhibitOps;
  let port: number;
  beforeAll(async () => {
    ops = new ExhibitOps();
    live = await startLiveWeb({ host: '0.0.0.0', ops: ops.endpoints });
    ops.attach(live.session);
    port = Number(new URL(live.web.url).port);
    // Alive means a frame was drawn since the exhibit was watched: let the loop draw some.
    await boardTime(live.session, live.session.kit.clock.now() + 100);
  });
  afterAll(async () => {
    await live?.stop();
    ops?.close();
  });

  test('without it 401, with ?token= or a Bearer header 200; the page itself stays open to any name', async () => {
    const token = live.web.token!;
    for (const path of ['/healthz', '/metrics']) {
      expect((await get(port, path)).status).toBe(401);
      expect((await get(port, `${path}?token=wrong`)).status).toBe(401);
      expect((await get(port, `${path}?token=${token}`)).status).toBe(200);
      expect((await get(port, path, { authorization: `Bearer ${token}` })).status).toBe(200);
    }
    expect((await get(port, '/', { host: `exhibit.museum.lan:${port}` })).status).toBe(200);
  });
});
