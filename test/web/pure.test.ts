import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { bundled } from '../../src/package-files.js';
import { loadExhibit } from '../../src/exhibit/index.js';
import { GAMMA_TABLE } from '../../src/render/index.js';
import type { Session } from '../../src/runtime/session.js';
import { sentSide } from '../../src/runtime/board-side.js';
import { ExhibitModel } from '../../src/runtime/exhibit-model.js';
import { Exhibition } from '../../src/runtime/exhibition.js';
import { Feed } from '../../src/web/feed.js';
import { MAX_CONTROL_BYTES, parseControl, type TickMessage } from '../../src/web/index.js';

const targets = new Set(['A', 'B', 'injury']);
const exhibits = new Set(['use-it-or-lose-it', 'short-and-long-term']);

describe('control messages', () => {
  test('well-formed messages pass with exactly their fields', () => {
    expect(parseControl('{"type":"press","target":"A"}', targets)).toEqual({ message: { type: 'press', target: 'A' } });
    expect(parseControl(Buffer.from('{"type":"release","target":"injury","token":"t"}'), targets)).toEqual({ message: { type: 'release', target: 'injury', token: 't' } });
    expect(parseControl('{"type":"age","value":0}', targets)).toEqual({ message: { type: 'age', value: 0 } });
    expect(parseControl('{"type":"palette","name":"colorblind"}', targets)).toEqual({ message: { type: 'palette', name: 'colorblind' } });
    expect(parseControl('{"type":"reset","token":"t"}', targets)).toEqual({ message: { type: 'reset', token: 't' } });
    expect(parseControl('{"type":"switch","exhibit":"use-it-or-lose-it"}', targets, exhibits)).toEqual({ message: { type: 'switch', exhibit: 'use-it-or-lose-it' } });
  });

  test('a switch names only an exhibit the server offers: never a file', () => {
    for (const raw of ['{"type":"switch","exhibit":"../../etc/passwd"}', '{"type":"switch","exhibit":"default"}', '{"type":"switch"}', '{"type":"reset","exhibit":"use-it-or-lose-it"}']) {
      expect(parseControl(raw, targets, exhibits)).toEqual({ rejected: 'malformed' });
    }
    // A server that offers no switch takes none.
    expect(parseControl('{"type":"switch","exhibit":"use-it-or-lose-it"}', targets)).toEqual({ rejected: 'malformed' });
  });

  test.each([
    ['{'],
    ['"press"'],
    ['{"type":"press","target":"C"}'],
    ['{"type":"press","target":"A","x":1}'],
    ['{"type":"age","value":-0.1}'],
    ['{"type":"age","value":1e999}'],
    ['{"type":"age"}'],
    ['{"type":"palette","name":"default","token":5}'],
    ['{"type":"__proto__"}'],
  ])('%s is malformed', (raw) => {
    expect(parseControl(raw, targets)).toEqual({ rejected: 'malformed' });
  });

  test('size is checked before parsing', () => {
    expect(parseControl(`{"type":"press","target":"A","pad":"${'x'.repeat(MAX_CONTROL_BYTES)}"}`, targets)).toEqual({ rejected: 'oversized' });
  });
});

describe('feed on a real board', () => {
  test('pixels are the frames sent, with the LEDs\' gamma, in one shared message per tick', async () => {
    const exhibit = await loadExhibit(bundled('exhibits', 'default.json'));
    const clock = { now: () => 1234 };
    const link = new EventEmitter();
    // The exhibit's real model; the board and its link are what a serial board's runtime would have.
    const runtime = Object.assign(new EventEmitter(), { model: new ExhibitModel(exhibit), link, board: { clock }, clock });
    const side = sentSide(runtime as unknown as Parameters<typeof sentSide>[0]);
    const session = { kit: { clock, firmware: { name: 'f', version: '1' } }, runtime, side, twin: null, boardLabel: '/dev/ttyACM0', exhibition: new Exhibition(exhibit) } as unknown as Session;
    const sent: TickMessage[] = [];
    const feed = new Feed(session, exhibit, (m) => sent.push(m));
    feed.start();
    const frame = new Uint8Array(exhibit.strips[0]!.length * 3).fill(128);
    // The link sends wire bytes (after the LEDs' gamma); the page shows exactly those.
    link.emit('sent', { seq: 1, atMs: 1230, strips: [{ pin: exhibit.strips[0]!.pin, bytes: frame.map((v) => GAMMA_TABLE[v]!) }] });
    runtime.emit('frame', { atMs: 1230, render: { frames: [frame], powerScale: 1, limited: false } });
    feed.tick();
    feed.stop();
    const g = GAMMA_TABLE[128]!.toString(16).padStart(2, '0');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.pixels[0]).toEqual({ atMs: 1230, hex: g.repeat(frame.length) });
    expect(sent[0]!.samples).toHaveLength(1);
    expect(feed.hello(false).board).toBe('/dev/ttyACM0');
  });
});

describe('opening the page on a desktop', () => {
  test('only where there is a display, never in CI', async () => {
    const { browserOpener } = await import('../../src/cli/commands/web-open.js');
    expect(browserOpener({ CI: 'true', DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(browserOpener({}, 'linux')).toBeNull();
    expect(browserOpener({ DISPLAY: ':0' }, 'linux')?.command).toBe('xdg-open');
    expect(browserOpener({}, 'darwin')?.command).toBe('open');
    expect(browserOpener({}, 'win32')?.args('http://x/')).toEqual(['http://x/']);
  });
});
