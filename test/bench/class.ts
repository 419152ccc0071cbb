// Benchmark of a class over MQTT: `npm run bench:class [-- --json] [-- --kits 30 --hz 5 --seconds 20]`.
// Headless kits (the class link without a board), each listening to the one before it in a ring and
// firing at a steady rate. For the embedded broker and for Mosquitto (when installed): delivery latency
// p50/p99 (publish → arrival, one host so one clock), spikes lost, late deliveries for a 60 ms axonal
// delay, messages per second through the broker, and CPU per kit (this process, which also runs the
// embedded broker when that is the one measured).
import { ClassLink, CLOCK_SYNC_EVERY_MS, startBroker } from '../../src/class/index.js';
import { startMosquitto } from './mosquitto.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const KITS = flag('kits', 30);
const HZ = flag('hz', 5);
const SECONDS = flag('seconds', 20);
const DELAY_MS = 60;
const CODE = 'bench-code-1234';

interface Result {
  broker: string; kits: number; hz: number; seconds: number;
  latency: { p50Ms: number; p99Ms: number; maxMs: number };
  spikesSent: number; spikesLost: number; lateDeliveries: number;
  messagesPerSecond: number; cpuPerKitPercent: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function measure(label: string, url: string, auth: { classCode?: string }): Promise<Result> {
  const now = () => performance.now();
  const names = Array.from({ length: KITS }, (_, i) => `kit-${i + 1}`);
  const links = names.map((kit, i) => new ClassLink({ url, className: 'bench', kit, now, listensTo: [names[(i + KITS - 1) % KITS]!], ...auth }));
  await Promise.all(links.map((l) => l.start(10_000)));
  if (links.some((l) => l.status !== 'connected')) throw new Error(`${label}: not every kit connected`);
  // One round of clock exchanges, so every arrival can be put on the receiver's clock.
  await Promise.all(links.map((l) => new Promise((resolve) => l.once('clock', resolve))));
  const latencies: number[] = [];
  let late = 0;
  for (const l of links) {
    l.on('spike', (s: { localMs: number | null; remoteMs: number }) => {
      const arrivedMs = now();
      latencies.push(arrivedMs - s.remoteMs); // same host: the sender's clock is ours
      if (s.localMs === null || arrivedMs > s.localMs + DELAY_MS) late += 1;
    });
  }
  const cpu0 = process.cpuUsage();
  const t0 = now();
  let sent = 0;
  const periodMs = 1000 / HZ;
  const timers = links.map((l, i) =>
    setTimeout(() => {
      const every = setInterval(() => {
        l.publishSpike('A', now());
        sent += 1;
      }, periodMs);
      timers.push(every as unknown as ReturnType<typeof setTimeout>);
    }, (i / KITS) * periodMs),
  );
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  for (const t of timers) clearTimeout(t);
  // Let the last spikes land.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const wallMs = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const received = latencies.length;
  const clockExchanges = KITS * (wallMs / CLOCK_SYNC_EVERY_MS);
  await Promise.all(links.map((l) => l.close()));
  latencies.sort((a, b) => a - b);
  return {
    broker: label, kits: KITS, hz: HZ, seconds: SECONDS,
    latency: { p50Ms: round(percentile(latencies, 0.5)), p99Ms: round(percentile(latencies, 0.99)), maxMs: round(latencies.at(-1) ?? NaN) },
    spikesSent: sent, spikesLost: sent - received, lateDeliveries: late,
    // Through the broker: each spike in once and out once (one listener); each clock exchange a request
    // and an answer, each in and out.
    messagesPerSecond: Math.round(((2 * sent + 4 * clockExchanges) / wallMs) * 1000),
    cpuPerKitPercent: round(((cpu.user + cpu.system) / 1000 / wallMs / KITS) * 100),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

const results: Result[] = [];
const embedded = await startBroker({ port: 0, host: '127.0.0.1', classCode: CODE });
results.push(await measure('embedded (Aedes, in this process)', embedded.url, { classCode: CODE }));
await embedded.close();
try {
  const mosquitto = await startMosquitto();
  results.push(await measure('Mosquitto', mosquitto.url, {}));
  await mosquitto.stop();
} catch (err) {
  process.stderr.write(`Mosquitto not measured: ${(err as Error).message} (apt-get install mosquitto)\n`);
}
if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ targets: { p99Ms: 20, spikesLost: 0, lateDeliveries: 0, delayMs: DELAY_MS }, results })}\n`);
} else {
  process.stdout.write(`${KITS} kits, each firing ${HZ} Hz for ${SECONDS} s, ring topology, axonal delay ${DELAY_MS} ms (targets: p99 ≤ 20 ms, nothing lost, nothing late)\n`);
  for (const r of results) {
    process.stdout.write(`${r.broker}: latency p50 ${r.latency.p50Ms} ms, p99 ${r.latency.p99Ms} ms, max ${r.latency.maxMs} ms; ${r.spikesSent} sent, ${r.spikesLost} lost, ${r.lateDeliveries} late; ${r.messagesPerSecond} messages/s; CPU ${r.cpuPerKitPercent}% per kit\n`);
  }
}
