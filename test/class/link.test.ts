import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { ClassLink, startBroker, type RemoteSpike, type RunningBroker } from '../../src/class/index.js';
import { nextEvent } from '../helpers/events.js';
import { hasMosquitto, startMosquitto } from '../helpers/mosquitto.js';

const CODE = 'otter-42';


interface Broker {
  url: string;
  /** Credentials every kit gives (the embedded broker's class code; none for the test Mosquitto). */
  auth: { classCode?: string };
  close(): Promise<void>;
  restart?(): Promise<void>;
}

const brokers: Array<[string, () => Promise<Broker>, boolean]> = [
  ['the embedded broker', async () => {
    const b: RunningBroker = await startBroker({ port: 0, host: '127.0.0.1', classCode: CODE });
    return { url: b.url, auth: { classCode: CODE }, close: () => b.close() };
  }, true],
  ['Mosquitto', async () => {
    const m = await startMosquitto();
    return { url: m.url, auth: {}, close: () => m.stop(), restart: () => m.restart() };
  }, hasMosquitto()],
];

describe.each(brokers)('two kits of a class on %s', (_name, start, available) => {
  let broker: Broker;
  let kit1: ClassLink;
  let kit2: ClassLink;
  // kit-1's board clock runs 50 s ahead of kit-2's: only the measured offset can line them up.
  const kit1Now = () => performance.now() + 50_000;
  const kit2Now = () => performance.now();

  beforeAll(async () => {
    if (!available) return;
    broker = await start();
    kit1 = new ClassLink({ url: broker.url, className: 'room-4', kit: 'kit-1', now: kit1Now, listensTo: [], presence: { exhibit: 'one', publishes: ['C'] }, ...broker.auth });
    kit2 = new ClassLink({ url: broker.url, className: 'room-4', kit: 'kit-2', now: kit2Now, listensTo: ['kit-1'], ...broker.auth });
    const synced = nextEvent(kit2, 'clock');
    await Promise.all([kit1.start(), kit2.start()]);
    await synced;
  });
  afterAll(async () => {
    if (!available) return;
    await kit1?.close();
    await kit2?.close();
    await broker?.close();
  });

  it.skipIf(!available)('a spike of kit 1 reaches kit 2 stamped with the moment it happened on kit 2\'s clock', async () => {
    const arrived = nextEvent<[RemoteSpike]>(kit2, 'spike');
    const sentOnKit2Clock = kit2Now();
    kit1.publishSpike('C', kit1Now());
    const [spike] = await arrived;
    expect(spike.kit).toBe('kit-1');
    expect(spike.neuron).toBe('C');
    const { rttMs } = kit2.offsets.get('kit-1')!.best()!;
    // Within half the best round trip (plus the microseconds between the two clock reads above).
    expect(Math.abs(spike.localMs! - sentOnKit2Clock)).toBeLessThanOrEqual(rttMs / 2 + 1);
    expect(kit1.counters.spikesSent).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!available)('sees the other kit\'s presence, and its leaving', async () => {
    const joined = nextEvent(kit2, 'presence', (kit: string, m: { online: boolean }) => kit === 'kit-3' && m.online);
    const kit3 = new ClassLink({ url: broker.url, className: 'room-4', kit: 'kit-3', now: kit1Now, listensTo: [], presence: { exhibit: 'three' }, ...broker.auth });
    await kit3.start();
    const [, note] = await joined;
    expect(note).toMatchObject({ online: true, exhibit: 'three' });
    const left = nextEvent(kit2, 'presence', (kit: string, m: { online: boolean }) => kit === 'kit-3' && !m.online);
    await kit3.close();
    await left;
  });

  it.skipIf(!available)('drops and counts malformed messages and keeps going', async () => {
    const rogue = await mqtt.connectAsync(broker.url, broker.auth.classCode ? { username: 'room-4', password: broker.auth.classCode } : {});
    const before = kit2.counters.dropped.malformed;
    const got = nextEvent<[RemoteSpike]>(kit2, 'spike', (s) => s.neuron === 'after');
    for (const junk of ['{', '{"v":1,"spikes":[]}', JSON.stringify({ v: 1, spikes: [{ n: 'C', t: 'x' }] }), 'x'.repeat(5000)]) await rogue.publishAsync('neuronkit/v1/room-4/kit-1/spikes', junk);
    await rogue.publishAsync('neuronkit/v1/room-4/kit-1/spikes', JSON.stringify({ v: 1, spikes: [{ n: 'after', t: 1 }] }));
    await got;
    expect(kit2.counters.dropped.malformed - before).toBe(4);
    await rogue.endAsync();
  });
});

describe('the embedded broker keeps a class to itself', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startBroker({ port: 0, host: '127.0.0.1', classCode: CODE });
  });
  afterAll(() => broker.close());

  it('turns away a kit with the wrong class code, saying what to check', async () => {
    const kit = new ClassLink({ url: broker.url, className: 'room-4', kit: 'kit-1', now: () => 0, listensTo: [], classCode: 'wrong' });
    await expect(kit.start()).rejects.toThrow(/refused kit "kit-1" of class "room-4": check the class code/);
    await kit.close();
  });

  it('never names the password in its messages', async () => {
    const kit = new ClassLink({ url: broker.url.replace('mqtt://', 'mqtt://room-4:hunter2@'), className: 'room-4', kit: 'kit-1', now: () => 0, listensTo: [], password: 'hunter2x' });
    const err = await kit.start().catch((e: Error) => e);
    expect(String(err)).not.toMatch(/hunter2/);
    await kit.close();
  });

  it('refuses a subscription outside the kit\'s own class, and closes a kit that publishes there', async () => {
    const client = await mqtt.connectAsync(broker.url, { username: 'room-5', password: CODE, reconnectPeriod: 0 });
    await expect(client.subscribeAsync('neuronkit/v1/room-4/#')).rejects.toThrow(/Subscribe error/);
    expect((await client.subscribeAsync('neuronkit/v1/room-5/#')).map((g) => g.qos)).toEqual([0]);
    const closed = nextEvent(client as unknown as NodeJS.EventEmitter, 'close');
    client.publish('neuronkit/v1/room-4/kit-1/spikes', JSON.stringify({ v: 1, spikes: [{ n: 'C', t: 1 }] }), { qos: 1 });
    await closed;
    await client.endAsync(true);
  });
});
