import createDebug from 'debug';
import type { KitPort } from '../board/index.js';
import type { Exhibit } from '../exhibit/index.js';
import { isCompatibleKitFirmware, KIT_FIRMWARE_NAME, KIT_FIRMWARE_VERSION } from '../firmware-info.js';
import { LedLink, type Rgb } from '../link/index.js';
import { checkButtons, checkDial } from './inputs.js';
import { checkStrips } from './strips.js';
import type { CheckResult, DoctorReport, Frame, Person } from './types.js';

const log = createDebug('neuron-kit:doctor');

export interface DoctorOptions {
  /** Board time to wait for each button press, ms. Default 20,000 (a person reads, walks, presses). */
  pressTimeoutMs?: number;
  /**
   * Board time with no frame sent after which the LEDs are taken to show what was asked, ms. The link
   * may split a change into several frames; the last one is on the LEDs a few ms after it is sent.
   * Default 150.
   */
  settleMs?: number;
  /** Called when a step starts, with its title ("Strip 0 (D6)"). */
  onStep?: (title: string) => void;
  /** Called with each check as soon as it is decided. */
  onCheck?: (check: CheckResult) => void;
}

/** A pixel to light: strip index, pixel index on that strip, colour. */
export interface LitPixel {
  strip: number;
  index: number;
  rgb: Rgb;
}

/** What the steps share: the kit, the exhibit, the person, and ways to light pixels and wait. */
export interface DoctorContext {
  readonly kit: KitPort;
  readonly exhibit: Exhibit;
  readonly person: Person;
  readonly pressTimeoutMs: number;
  /** Lights exactly `pixels` (every other pixel dark) and resolves once the LEDs show them. */
  light(pixels: readonly LitPixel[]): Promise<void>;
  /** Resolves after `ms` of board time. */
  wait(ms: number): Promise<void>;
  step(title: string): void;
  report(check: CheckResult): void;
}

/**
 * Checks a built kit step by step, asking `person` what it sees and to press and turn things:
 * (1) the port and the firmware, (2) each strip's first and last LED, (3) its colour order, (4) each
 * segment's place, (5) each button's pin, (6) the age dial's range. The board must be connected with
 * the exhibit's strips. Resolves with every check; faults are in the report, not thrown.
 */
export async function runDoctor(kit: KitPort, exhibit: Exhibit, person: Person, options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks: CheckResult[] = [];
  const link = new LedLink(kit);
  const clock = kit.clock;
  const settleMs = options.settleMs ?? 150;
  const offsets: number[] = [];
  exhibit.strips.reduce((at, s) => (offsets.push(at), at + s.length), 0);
  const wait = (ms: number) => new Promise<void>((resolve) => clock.schedule(clock.now() + ms, resolve));
  const ctx: DoctorContext = {
    kit, exhibit, person, wait,
    pressTimeoutMs: options.pressTimeoutMs ?? 20_000,
    async light(pixels) {
      const frame: Frame = Array.from({ length: link.pixelCount }, (): Rgb => [0, 0, 0]);
      for (const p of pixels) frame[offsets[p.strip]! + p.index] = p.rgb;
      let lastSentMs = clock.now();
      const onSent = () => (lastSentMs = clock.now());
      link.on('sent', onSent);
      try {
        link.setFrame(frame);
        // Settled once no frame went out for settleMs: the last one has latched by then.
        while (clock.now() - lastSentMs < settleMs) await wait(settleMs - (clock.now() - lastSentMs));
      } finally {
        link.off('sent', onSent);
      }
    },
    step: (title) => options.onStep?.(title),
    report(check) {
      log('%s: %s', check.ok ? 'ok' : 'FAULT', check.message);
      checks.push(check);
      options.onCheck?.(check);
    },
  };
  try {
    ctx.step('Port and firmware');
    ctx.report(firmwareCheck({ kit: kit.kit, firmware: kit.firmware, path: kit.path, baudRate: kit.lineBaudRate }));
    await checkStrips(ctx);
    await checkButtons(ctx);
    await checkDial(ctx);
    await ctx.light([]);
  } finally {
    link.close();
  }
  return { ok: checks.every((c) => c.ok), checks };
}

/** What the board said about itself when it connected. */
export interface FirmwareSeen {
  /** KIT_INFO, or null when the firmware did not send it (node-pixel's stock firmware). */
  kit: { name: string; version: string } | null;
  /** REPORT_FIRMWARE. */
  firmware: { name: string; version: string };
  path: string;
  baudRate: number;
}

/** Check (1): which firmware answered, and whether it is the one the kit should run. */
export function firmwareCheck(seen: FirmwareSeen): CheckResult {
  const where = seen.path === 'emulated' ? 'The emulated board' : seen.path;
  const name = 'Port and firmware';
  if (seen.kit) {
    const [major = 0, minor = 0] = seen.kit.version.split('.').map(Number);
    if (isCompatibleKitFirmware({ name: seen.kit.name, major, minor })) {
      return { name, ok: true, message: `${where} answers at ${seen.baudRate} baud with the kit firmware (${seen.kit.name} ${seen.kit.version}).` };
    }
    const wanted = `${KIT_FIRMWARE_NAME} ${KIT_FIRMWARE_VERSION.major}.${KIT_FIRMWARE_VERSION.minor}`;
    return {
      name, ok: false,
      message: `${where} runs ${seen.kit.name} ${seen.kit.version}, but this neuron-kit needs ${wanted} or a later ${KIT_FIRMWARE_VERSION.major}.x.`,
      fix: 'Run `neuron-kit flash` to install the firmware that matches this neuron-kit.',
    };
  }
  return {
    name, ok: true,
    message: `${where} answers at ${seen.baudRate} baud with node-pixel's stock firmware (${seen.firmware.name} ${seen.firmware.version}). It works.`,
    fix: 'Better: run `neuron-kit flash` to install the kit firmware — it loses no LED data, keeps the strips alive when the computer is off, and restarts itself if it ever hangs.',
  };
}
