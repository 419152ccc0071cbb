import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Twin, WATCHDOG_RESET_TIMEOUT_MS, type DecodedFrame } from '../../src/emulator/index.js';
import { buttonPins, readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { opsEventOf } from '../../src/ops/events.js';
import { ExhibitOps } from '../../src/ops/ops.js';
import type { ExhibitEvent } from '../../src/runtime/events.js';
import { openTwinBoard } from '../../src/runtime/session.js';
import { twinFirmware } from '../../src/board/twin.js';
import { superviseSession } from '../../src/runtime/supervise.js';
import { encodeExact } from '../../src/state/checkpoint.js';
import { hangFirmware } from '../board/twin-helper.js';
import { segmentBrightness, tapAt } from './twin-taps.js';

/**
 * Issue 11: a board that restarts under the open line — its watchdog restarting a hung firmware, its
 * reset button — forgets its strips, its input modes and its frame. On one twin kept across
 * connections (the real kit firmware, the whole host stack, emulated time): the host hears the
 * start-up banner, sets the board up again, and the LEDs, decoded from the data pin, show the exhibit
 * as it was within 3 s; the model is kept; the fault is an event.
 */

const exhibit: Exhibit = readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'default.json'), 'utf8')));
const TOUCH = 2;
const INJURY = 4;
const STRIP_PIN = exhibit.strips[0]!.pin;
/** Board time after the runtime starts before a visitor acts (the board is still setting up its inputs). */
const SETTLE_MS = 500;
/** The bound: LEDs showing the exhibit again within 3 s of the board restarting. */
const RESTORE_BOUND_MS = 3_000;

const segment = (frame: DecodedFrame, shows: string, of: string): number => segmentBrightness(exhibit, frame, shows, of);

function kitTwin(firmware: 'kit' | 'stock' = 'kit'): Twin {
  const { hexPath, baudRate } = twinFirmware(firmware);
  const twin = new Twin({ hexPath, baudRate, pulledUpPins: buttonPins(exhibit) });
  if (exhibit.controls.age) twin.setAnalog(exhibit.controls.age.analog, exhibit.controls.age.start);
  return twin;
}

interface Restart {
  /** Board time the fault was made (the hang, the button), ms since power-up. */
  faultAtMs: number;
  /** Board time the host heard the board announce its start-up. */
  heardAtMs: number;
  atStop: string;
  atReconnect: string;
  lastFrameBefore: DecodedFrame;
  firstFrameAfter: DecodedFrame;
  events: ExhibitEvent[];
  starts: number;
}

/** Runs the default exhibit on one twin for `forMs`; `fault` is made 2 s in, after a visitor's taps and an injury. */
async function restartMidRun(twin: Twin, fault: (twin: Twin) => void, forMs: number, ops?: ExhibitOps): Promise<Restart & { result: Awaited<ReturnType<typeof superviseSession>> }> {
  const events: ExhibitEvent[] = [];
  const r: Partial<Restart> = { events, starts: 0 };
  const result = await superviseSession({
    exhibit, fast: true, forMs,
    openBoard: () => openTwinBoard(twin, { exhibit, fast: true }),
    // As `neuron-kit run` wires its visitor log, metrics and health.
    onEvent: (e) => {
      events.push(e);
      const logged = opsEventOf(e);
      if (logged) ops?.logEvent(logged);
    },
    onStart: (s) => {
      ops?.attach(s);
      r.starts!++;
      if (r.starts === 1) {
        for (let t = SETTLE_MS; t < 1_200; t += 150) tapAt(s, t, TOUCH);
        tapAt(s, 1_300, INJURY);
        s.kit.clock.schedule(s.runtime.startMs + 2_000, () => {
          r.lastFrameBefore = twin.lastFrame(STRIP_PIN)!;
          r.faultAtMs = twin.nowMs;
          fault(twin);
        });
        s.kit.once('reboot', () => (r.heardAtMs = twin.nowMs));
        s.runtime.once('stopped', () => (r.atStop = encodeExact(s.exhibition.model.network.snapshot())));
      } else if (r.starts === 2) {
        r.atReconnect = encodeExact(s.exhibition.model.network.snapshot());
        const off = s.twin!.onFrame((f) => {
          r.firstFrameAfter = f;
          off();
        });
      }
    },
  });
  return { ...(r as Restart), result };
}

describe('a board that restarts under the open line', () => {
  it('hung firmware: the watchdog restarts the board, the host sets it up again, the LEDs show the exhibit within 3 s and the model is kept', async () => {
    const twin = kitTwin();
    const logDir = mkdtempSync(join(tmpdir(), 'neuron-kit-reboot-log-'));
    const ops = new ExhibitOps({ log: { dir: logDir } });
    const run = await restartMidRun(twin, hangFirmware, 6_000, ops);
    const metrics = (await ops.metrics.text()).body;
    const health = ops.health.report();
    ops.close();
    expect(twin.watchdogResets).toBe(1);
    // Counted in /metrics and /healthz, and a line in the visitor log.
    expect(metrics).toMatch(/^neuron_kit_board_reboots_total 1$/m);
    expect(metrics).toMatch(/^neuron_kit_errors_total\{what="reboot"\} 1$/m);
    // The hang shows first as the link's fault: frames not acknowledged while the firmware was stuck.
    const lines = readdirSync(logDir).flatMap((f) => readFileSync(join(logDir, f), 'utf8').trim().split('\n')).map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.event === 'fault')).toEqual([
      expect.objectContaining({ level: 'warn', what: 'link' }),
      expect.objectContaining({ level: 'warn', what: 'reboot', message: expect.stringContaining('restarted') }),
    ]);
    expect(health.faults).toBe(2);
    // WDTO_2S: 2^18 cycles of the 128 kHz watchdog oscillator, 2.048 s (datasheet §10.9.2, Table 10-3),
    // then the reset time-out before the firmware runs and announces itself.
    const restartMs = run.heardAtMs - run.faultAtMs;
    expect(restartMs).toBeGreaterThan(2_048 + WATCHDOG_RESET_TIMEOUT_MS - 1);
    expect(restartMs).toBeLessThan(2_048 + WATCHDOG_RESET_TIMEOUT_MS + 50);
    expectRestored(run);
  }, 60_000);

  it('its reset button: the same, after the bootloader', async () => {
    const twin = kitTwin();
    const run = await restartMidRun(twin, (t) => t.pressReset(), 5_000);
    expect(twin.watchdogResets).toBe(0);
    // The bootloader holds the chip 1 s after an external reset (TwinCoreOptions.bootloaderMs).
    expect(run.heardAtMs - run.faultAtMs).toBeGreaterThanOrEqual(1_000);
    expect(run.heardAtMs - run.faultAtMs).toBeLessThan(1_050);
    expectRestored(run);
  }, 60_000);

  it("node-pixel's stock firmware: its banner (REPORT_FIRMWARE) is heard the same way", async () => {
    const twin = kitTwin('stock');
    const run = await restartMidRun(twin, (t) => t.pressReset(), 9_000);
    // Heard once the stock firmware has started, about 2.1 s after the bootloader's 1 s; set up again
    // after that start-up once more: over 3 s on this firmware (the kit firmware starts at once).
    expect(run.heardAtMs - run.faultAtMs).toBeGreaterThan(3_000);
    expect(run.starts).toBe(2);
    expect(run.atReconnect).toBe(run.atStop);
    expect(run.events.map((e) => (e.type === 'fault' ? e.kind : e.type))).toEqual(['session-start', 'board-rebooted', 'reconnect', 'session-end']);
    // node-pixel's set-up latches a dark frame first on this firmware; the strip as the run ends is the exhibit's.
    const end = run.result.strips[0]!.pixels;
    const lit = (of: string) => {
      const seg = exhibit.segments.find((x) => x.shows === 'synapse' && x.of === of)!;
      return end.slice(seg.first, seg.last + 1).reduce((n, p) => n + p[0] + p[1] + p[2], 0);
    };
    expect(lit('A->C')).toBe(0);
    expect(lit('B->C')).toBeGreaterThan(0);
  }, 120_000);
});

function expectRestored(run: Restart & { result: Awaited<ReturnType<typeof superviseSession>> }): void {
  const { result, events } = run;
  expect(run.starts).toBe(2);
  // Nothing of the model was lost or started again.
  expect(run.atReconnect).toBe(run.atStop);
  expect(result.synapses['A->C']!.exists).toBe(false);
  expect(result.presses).toMatchObject({ A: 5, injury: 1 });
  // The LEDs, decoded from the data pin of the same chip: the exhibit again, as before the fault.
  expect(run.firstFrameAfter.latchedAtMs - run.heardAtMs).toBeLessThan(RESTORE_BOUND_MS);
  expect(segment(run.firstFrameAfter, 'synapse', 'A->C')).toBe(0);
  expect(segment(run.firstFrameAfter, 'synapse', 'B->C')).toBeGreaterThan(0);
  // The model ran on while the board was away: Move, deprived by the injury, went on scaling up Light's
  // synapse (a few % a second at this time-lapse), so it shows as before, a little stronger.
  const [before, after] = [segment(run.lastFrameBefore, 'synapse', 'B->C'), segment(run.firstFrameAfter, 'synapse', 'B->C')];
  expect(after).toBeGreaterThanOrEqual(before);
  expect(after).toBeLessThan(before * 1.15);
  // One fault, one reconnect, one visit that outlived them; the visitor log and /metrics hear of it.
  expect(events.map((e) => e.type)).toEqual(['session-start', 'fault', 'reconnect', 'session-end']);
  const fault = events[1] as Extract<ExhibitEvent, { type: 'fault' }>;
  expect(fault.kind).toBe('board-rebooted');
  expect(opsEventOf(fault)).toMatchObject({ kind: 'fault', what: 'reboot' });
  const reconnect = events[2] as Extract<ExhibitEvent, { type: 'reconnect' }>;
  expect(reconnect.attempts).toBe(1);
  expect(reconnect.ledsRestoredMs).toBeLessThan(RESTORE_BOUND_MS);
  // Every frame sent was latched as sent, before the fault and after it.
  expect(result.link.framesCorrupted).toBe(0);
}
