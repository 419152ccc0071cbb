import { describe, expect, it } from 'vitest';
import { ClockOffset, deliveryTime } from '../../src/class/clock-offset.js';
import { MAX_PAYLOAD_BYTES, parseMessage } from '../../src/class/messages.js';
import { RateLimit } from '../../src/class/rate-limit.js';
import { kitTopic, parseKitTopic, parseRemoteNeuron } from '../../src/class/topics.js';
import { Rng } from '../../src/model/index.js';

const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('clock offset between two kits (NTP-style exchanges)', () => {
  it('is exact when the way there and back take equally long', () => {
    const c = new ClockOffset();
    // The other clock is 5,000 ms ahead; 3 ms each way.
    c.add(100, 5_103, 106);
    expect(c.best()).toEqual({ offsetMs: 5_000, rttMs: 6 });
    expect(c.toLocal(6_000)).toBe(1_000);
  });

  it('under jitter keeps the exchange with the shortest round trip, so the error stays under half of it', () => {
    const rng = new Rng(7);
    const trueOffsetMs = -12_345;
    const c = new ClockOffset();
    for (let i = 0; i < 8; i++) {
      const t0 = i * 2000;
      const there = 1 + rng.next() * 40;
      const back = 1 + rng.next() * 40;
      c.add(t0, t0 + there + trueOffsetMs, t0 + there + back);
    }
    const best = c.best()!;
    expect(Math.abs(best.offsetMs - trueOffsetMs)).toBeLessThanOrEqual(best.rttMs / 2);
    expect(best.rttMs).toBeLessThan(45);
  });

  it('knows nothing before the first exchange and ignores a round trip that went backwards', () => {
    const c = new ClockOffset();
    expect(c.toLocal(10)).toBeNull();
    c.add(100, 50, 90);
    expect(c.best()).toBeNull();
  });

  it('remembers only the last eight exchanges', () => {
    const c = new ClockOffset();
    c.add(0, 10, 2); // the best ever, then pushed out by eight worse ones
    for (let i = 1; i <= 8; i++) c.add(i * 100, i * 100 + 20, i * 100 + 10);
    expect(c.best()!.rttMs).toBe(10);
  });
});

describe('delivery of a remote spike after its axonal delay', () => {
  it('lands at send time + delay when that is still ahead', () => {
    expect(deliveryTime(1_000, 60, 1_020)).toEqual({ atMs: 1_060, late: false });
  });
  it('is delivered at once and counted late when the network took longer than the axon', () => {
    expect(deliveryTime(1_000, 60, 1_075)).toEqual({ atMs: 1_075, late: true });
  });
});

describe('messages between kits are checked before use', () => {
  it('takes a well-formed spike message', () => {
    expect(parseMessage('spikes', bytes({ v: 1, spikes: [{ n: 'C', t: 123.5 }] }))).toEqual({ v: 1, spikes: [{ n: 'C', t: 123.5 }] });
  });

  it.each([
    ['not JSON', '{"v":1,'],
    ['another version', { v: 2, spikes: [{ n: 'C', t: 1 }] }],
    ['no spikes', { v: 1, spikes: [] }],
    ['a time that is not a number', { v: 1, spikes: [{ n: 'C', t: 'soon' }] }],
    ['an infinite time', '{"v":1,"spikes":[{"n":"C","t":1e999}]}'],
    ['a control character in a name', { v: 1, spikes: [{ n: 'C\u0007', t: 1 }] }],
    ['too many spikes', { v: 1, spikes: Array.from({ length: 65 }, () => ({ n: 'C', t: 1 })) }],
    ['a payload over the size limit', { v: 1, spikes: [{ n: 'C'.repeat(MAX_PAYLOAD_BYTES.spikes), t: 1 }] }],
    ['an array', [1, 2]],
  ])('drops %s', (_what, payload) => {
    expect(parseMessage('spikes', bytes(payload))).toBeNull();
  });

  it('drops invalid UTF-8', () => {
    expect(parseMessage('spikes', new Uint8Array([0x7b, 0xff, 0x7d]))).toBeNull();
  });

  it('checks clock exchanges, presence and state too', () => {
    expect(parseMessage('clock-req', bytes({ v: 1, id: 3, from: 'kit-2', t0: 5 }))).not.toBeNull();
    expect(parseMessage('clock-req', bytes({ v: 1, id: 3, from: 'kit/2', t0: 5 }))).toBeNull();
    expect(parseMessage('clock-res', bytes({ v: 1, id: 3, from: 'kit-2', t0: 5 }))).toBeNull();
    expect(parseMessage('presence', bytes({ v: 1, online: true, publishes: ['C'] }))).not.toBeNull();
    expect(parseMessage('presence', bytes({ v: 1, online: 'yes' }))).toBeNull();
    expect(parseMessage('presence', bytes({ v: 1, online: true, labels: { A: 'Touch' } }))).not.toBeNull();
    expect(parseMessage('presence', bytes({ v: 1, online: true, labels: { A: 7 } }))).toBeNull();
    expect(parseMessage('presence', bytes({ v: 1, online: true, labels: ['Touch'] }))).toBeNull();
    expect(parseMessage('state', bytes({ v: 1, t: 1, synapses: { 'kit-1/C->A': { efficacy: 0.1, exists: true } } }))).not.toBeNull();
    expect(parseMessage('state', bytes({ v: 1, t: 1, synapses: { x: { efficacy: null, exists: true } } }))).toBeNull();
  });
});

describe('topics stay inside the class', () => {
  it('builds and reads a kit topic', () => {
    const topic = kitTopic('room-4', 'kit-2', 'spikes');
    expect(topic).toBe('neuronkit/v1/room-4/kit-2/spikes');
    expect(parseKitTopic('room-4', topic)).toEqual({ kit: 'kit-2', channel: 'spikes' });
  });
  it('does not read another class, an unknown channel or a deeper topic', () => {
    expect(parseKitTopic('room-4', 'neuronkit/v1/room-5/kit-2/spikes')).toBeNull();
    expect(parseKitTopic('room-4', 'neuronkit/v1/room-4/kit-2/secrets')).toBeNull();
    expect(parseKitTopic('room-4', 'neuronkit/v1/room-4/kit-2/spikes/more')).toBeNull();
  });
  it('reads a remote neuron name', () => {
    expect(parseRemoteNeuron('kit-2/C')).toEqual({ kit: 'kit-2', neuron: 'C' });
    for (const bad of ['C', 'kit+2/C', '/C', 'kit-2/', 'a/b/c']) expect(parseRemoteNeuron(bad), bad).toBeNull();
  });
});

describe('rate limit per sender', () => {
  it('lets a burst through, then the average rate, and cuts off a flood', () => {
    const limit = new RateLimit(100, 10);
    let allowed = 0;
    for (let i = 0; i < 50; i++) allowed += limit.allow('kit-9', 0) ? 1 : 0;
    expect(allowed).toBe(10);
    expect(limit.allow('kit-9', 5)).toBe(false); // 0.5 tokens back after 5 ms
    expect(limit.allow('kit-9', 10)).toBe(true);
    expect(limit.allow('kit-1', 10)).toBe(true); // another sender has its own bucket
  });
});
