import { spawn } from 'node:child_process';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassLink, deliveryTime, type RemoteSpike } from '../../src/class/index.js';
import { Rng } from '../../src/model/index.js';
import { root } from '../helpers/cli.js';
import { nextEvent, within } from '../helpers/events.js';
import { hasMosquitto, startMosquitto } from '../helpers/mosquitto.js';

/** What a class network must survive: jitter, a broker restart, a kit that dies. Against a real Mosquitto. */


/**
 * A TCP proxy that holds each chunk for `fixedMs` plus a random 0–`jitterMs` (seeded), keeping the byte
 * order as TCP does: the latency and jitter of a busy school Wi-Fi between a kit and the broker.
 */
async function slowLine(targetPort: number, { fixedMs = 0, jitterMs = 0, seed = 1 }: { fixedMs?: number; jitterMs?: number; seed?: number }): Promise<{ url: string; close(): Promise<void> }> {
  const rng = new Rng(seed);
  const sockets = new Set<Socket>();
  const delayed = (from: Socket, to: Socket) => {
    // One queue per direction, sent strictly in order: each chunk leaves at its own time or after the one before.
    const queue: Array<{ chunk: Buffer; atMs: number }> = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const pump = () => {
      timer = null;
      while (queue.length > 0 && queue[0]!.atMs <= performance.now()) {
        const { chunk } = queue.shift()!;
        if (to.writable) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(pump, Math.max(0, queue[0]!.atMs - performance.now()));
    };
    from.on('data', (chunk) => {
      const atMs = Math.max(queue.at(-1)?.atMs ?? 0, performance.now() + fixedMs + rng.next() * jitterMs);
      queue.push({ chunk, atMs });
      if (timer === null) timer = setTimeout(pump, atMs - performance.now());
    });
    from.on('close', () => to.destroy());
    from.on('error', () => to.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = createConnection(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    delayed(client, upstream);
    delayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

describe.skipIf(!hasMosquitto())('a class on Mosquitto survives', () => {
  let mosquitto: Awaited<ReturnType<typeof startMosquitto>>;
  beforeAll(async () => {
    mosquitto = await startMosquitto();
  });
  afterAll(() => mosquitto.stop());

  it('network jitter: every spike lands at its send time + the axon\'s delay, spaced as it was sent', async () => {
    // Up to 25 ms of jitter each way on kit 1's line, under a long axon (200 ms: room for a loaded test machine).
    const axonMs = 200;
    const proxy = await slowLine(mosquitto.port, { jitterMs: 25, seed: 11 });
    const kit1Now = () => performance.now() + 7_000;
    const kit2Now = () => performance.now();
    const kit1 = new ClassLink({ url: proxy.url, className: 'room-4', kit: 'kit-1', now: kit1Now, listensTo: [] });
    const kit2 = new ClassLink({ url: mosquitto.url, className: 'room-4', kit: 'kit-2', now: kit2Now, listensTo: ['kit-1'] });
    const synced = nextEvent(kit2, 'clock');
    await Promise.all([kit1.start(), kit2.start()]);
    await synced;
    // Freeze the offset for the measurement: the best exchange so far stands for all the spikes below.
    const offset = kit2.offsets.get('kit-1')!.best()!;
    const arrivals: Array<{ spike: RemoteSpike; nowMs: number }> = [];
    const all = new Promise<void>((resolve) => kit2.on('spike', (spike: RemoteSpike) => {
      arrivals.push({ spike, nowMs: kit2Now() });
      if (arrivals.length === 20) resolve();
    }));
    const sentMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      // A pairing protocol's spacing: bursts 5 ms apart, every 50 ms.
      const t = kit1Now();
      sentMs.push(t);
      kit1.publishSpike('A', t);
      await new Promise((resolve) => setTimeout(resolve, i % 2 === 0 ? 5 : 45));
    }
    await all;
    const delivered = arrivals.map(({ spike, nowMs }) => deliveryTime(spike.remoteMs - offset.offsetMs, axonMs, nowMs));
    expect(delivered.filter((d) => d.late)).toHaveLength(0);
    for (let i = 1; i < 20; i++) expect(delivered[i]!.atMs - delivered[i - 1]!.atMs).toBeCloseTo(sentMs[i]! - sentMs[i - 1]!, 6);
    expect(Math.abs(offset.offsetMs - 7_000)).toBeLessThanOrEqual(offset.rttMs / 2 + 1);
    await Promise.all([kit1.close(), kit2.close()]);
    await proxy.close();
  });

  it('a broker restart: both kits reconnect on their own and a spike sent the moment both say so arrives', async () => {
    const now = () => performance.now();
    // Kit 2 sits behind a slow line (150 ms each way): its SUBSCRIBE after the restart reaches the broker
    // long after kit 1's spike unless "connected" waits for the broker's SUBACK.
    const line = await slowLine(mosquitto.port, { fixedMs: 150 });
    const kit1 = new ClassLink({ url: mosquitto.url, className: 'room-4', kit: 'kit-1', now, listensTo: [] });
    const kit2 = new ClassLink({ url: line.url, className: 'room-4', kit: 'kit-2', now, listensTo: ['kit-1'] });
    await Promise.all([kit1.start(), kit2.start()]);
    const back = Promise.all([nextEvent(kit1, 'status', (s: string) => s === 'connected'), nextEvent(kit2, 'status', (s: string) => s === 'connected')]);
    await within(30_000, mosquitto.restart(), () => `broker restart (its log: ${mosquitto.log()})`);
    await within(30_000, back, () => `reconnect of both kits (kit-1 ${kit1.status}, kit-2 ${kit2.status})`);
    const got = nextEvent<[RemoteSpike]>(kit2, 'spike');
    kit1.publishSpike('A', now());
    expect((await within(10_000, got, 'spike at kit-2'))[0].neuron).toBe('A');
    expect(kit2.counters.reconnects).toBeGreaterThanOrEqual(1);
    await Promise.all([kit1.close(), kit2.close()]);
    await line.close();
  });

  it('a broker that hangs does not hold up a kit that is stopping: it says goodbye if it can, then lets go', async () => {
    const kit = new ClassLink({ url: mosquitto.url, className: 'room-4', kit: 'kit-3', now: () => performance.now(), listensTo: [] });
    await kit.start();
    expect(kit.status).toBe('connected');
    mosquitto.signal('SIGSTOP');
    try {
      // CLOSE_WAIT_MS (2 s) for the goodbye; the bound here is only so a hang fails by name.
      await within(20_000, kit.close(), 'end of close() with the broker stopped');
    } finally {
      mosquitto.signal('SIGCONT');
    }
  });

  it('a class view leaves no trace: kits never take it for a kit, and a closed one is gone from the broker', async () => {
    const now = () => performance.now();
    const view = new ClassLink({ url: mosquitto.url, className: 'room-5', kit: 'view-1', now, listensTo: 'all', presence: { view: true } });
    await view.start();
    await view.close();
    // A kit joining later finds no note from the view at all (the retained note was cleared)…
    const kit = new ClassLink({ url: mosquitto.url, className: 'room-5', kit: 'kit-1', now, listensTo: [] });
    const notes: string[] = [];
    kit.on('presence', (name: string) => notes.push(name));
    await kit.start();
    // …and a view that dies leaves a goodbye that says it was a view.
    const crashed = new ClassLink({ url: mosquitto.url, className: 'room-5', kit: 'view-2', now, listensTo: 'all', presence: { view: true } });
    const seen = nextEvent<[string, { online: boolean; view?: boolean }]>(kit, 'presence', (name: string, m: { online: boolean }) => name === 'view-2' && !m.online);
    await crashed.start();
    (crashed as unknown as { client: { stream: { destroy(): void } } }).client.stream.destroy();
    const [, goodbye] = await within(30_000, seen, "view-2's last will");
    expect(goodbye.view).toBe(true);
    expect(notes).not.toContain('view-1');
    expect([...kit.kitsOnline]).toEqual([]);
    await crashed.close();
    await kit.close();
  });

  it('two kits started under one name each hear of the other once, and the class keeps seeing one there', async () => {
    const now = () => performance.now();
    const first = new ClassLink({ url: mosquitto.url, className: 'room-6', kit: 'kit-1', now, listensTo: [] });
    const firstHears = nextEvent(first, 'namesake');
    await first.start();
    const second = new ClassLink({ url: mosquitto.url, className: 'room-6', kit: 'kit-1', now, listensTo: [] });
    const secondHears = nextEvent(second, 'namesake');
    await second.start();
    await within(10_000, Promise.all([firstHears, secondHears]), 'namesake warnings on both kits');
    // The second one leaves: its goodbye must not make the class think kit-1 is gone.
    const watcher = new ClassLink({ url: mosquitto.url, className: 'room-6', kit: 'teacher', now, listensTo: [] });
    await watcher.start();
    const notes: boolean[] = [];
    watcher.on('presence', (kit: string, m: { online: boolean }) => kit === 'kit-1' && notes.push(m.online));
    const putBack = new Promise<void>((resolve) => watcher.on('presence', () => notes.includes(false) && notes.at(-1) === true && resolve()));
    await second.close();
    await within(10_000, putBack, () => `kit-1's note put back after its namesake's goodbye (notes seen: ${notes.join(', ')})`);
    expect(watcher.kitsOnline.has('kit-1')).toBe(true);
    await Promise.all([first.close(), watcher.close()]);
  });

  it('a kit killed mid-run: its presence goes (its last will), the rest go on', async () => {
    const watcher = new ClassLink({ url: mosquitto.url, className: 'room-4', kit: 'kit-2', now: () => performance.now(), listensTo: ['kit-1'] });
    await watcher.start();
    const joined = nextEvent(watcher, 'presence', (kit: string, m: { online: boolean }) => kit === 'kit-1' && m.online);
    const child = spawn(process.execPath, [join(root, 'bin', 'neuron-kit.js'), 'run', '--board', 'emulated', '--no-web', '--exhibit', join(root, 'exhibits', 'class', 'kit-1.json'), '--broker', mosquitto.url, '--class', 'room-4', '--kit', 'kit-1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    try {
      await within(100_000, joined, () => `presence from kit-1 (its stderr: ${stderr.trim() || 'nothing'}; exit ${child.exitCode ?? child.signalCode ?? 'not yet'})`);
      const gone = nextEvent(watcher, 'presence', (kit: string, m: { online: boolean }) => kit === 'kit-1' && !m.online);
      child.kill('SIGKILL');
      await within(30_000, gone, "kit-1's last will");
      expect(watcher.status).toBe('connected');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await watcher.close();
    }
    // A kit's start (its twin boots, its model settles) takes seconds, more on a loaded machine.
  }, 120_000);
});
