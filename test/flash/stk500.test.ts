import { describe, expect, test } from 'vitest';
import { firmwareHexPath } from '../../src/firmware-info.js';
import {
  BOARD_PROGRAMMING, type FlashEvent, NoBootloaderAnswerError, PortBusyError, WrongBoardError, flashBoard, loadImage, openSerialLink,
} from '../../src/flash/index.js';
import { ATMEGABOOT_328, BootloaderChip, ChipBinding, OPTIBOOT_328, bootloadersMissing } from './bootloader-chip.js';
import { stockFirmwarePath } from '../../src/emulator/index.js';

// The uploader is tested against real STK500v1 implementations: Debian's optiboot (Uno, new Nano)
// and ATmegaBOOT (old Nano) binaries from arduino-core-avr, running on avr8js with SPM performed by
// the test's runner, reached through serialport 13 with a binding onto the emulated chip.
const missing = bootloadersMissing();

// avr8js runs these bootloaders at ~0.4× real time (their busy-waits on timer flags are costly to
// emulate), so the uploader's wall-clock timeouts are stretched accordingly.
const slow = { timeouts: { syncMs: 2500, replyMs: 4000, syncAttempts: 2 }, checkListenMs: 8000 } as const;

function setup(bootloader: string | null) {
  // The board starts with node-pixel's stock firmware, as a kit bought with it would.
  const chip = new BootloaderChip(bootloader, stockFirmwarePath());
  const binding = new ChipBinding(chip);
  const events: FlashEvent[] = [];
  const openLink = (path: string, baud: number) => openSerialLink(path, baud, binding);
  return { chip, binding, events, openLink, slow };
}

function flashedBytes(chip: BootloaderChip, length: number): Uint8Array {
  return new Uint8Array(chip.flash.buffer).slice(0, length);
}

describe.skipIf(missing)('flashing over STK500v1 (emulated bootloaders)', () => {
  test('optiboot: uploads the kit firmware, verifies it, and the board then answers as NeuronKit 1.1 at 500000 baud', async () => {
    const { chip, events, openLink } = setup(OPTIBOOT_328);
    const report = await flashBoard({ board: 'uno', port: 'emulated', openLink, uploader: 'built-in', ...slow, onEvent: (e) => events.push(e) });
    const image = loadImage(firmwareHexPath('uno'), BOARD_PROGRAMMING.uno);
    expect(flashedBytes(chip, image.length)).toEqual(image);
    expect(events).toContainEqual({ type: 'bootloader', baudRate: 115_200, version: '4.4' });
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    expect(progress.at(-1)).toEqual({ phase: 'verify', doneBytes: Math.ceil(image.length / 128) * 128, totalBytes: Math.ceil(image.length / 128) * 128 });
    expect(progress.some((p) => p.phase === 'write')).toBe(true);
    expect(report).toMatchObject({ baudRate: 500_000, kit: { name: 'NeuronKit', major: 1, minor: 1 }, firmata: { name: 'node_pixel_firmata.ino' } });
  });

  test('old Nano bootloader (ATmegaBOOT, 57600 baud): found as a Nano, refused with a clear message as an Uno', async () => {
    const nano = setup(ATMEGABOOT_328);
    const report = await flashBoard({ board: 'nano', port: 'emulated', openLink: nano.openLink, uploader: 'built-in', ...slow, onEvent: (e) => nano.events.push(e) });
    expect(nano.events.find((e) => e.type === 'bootloader')).toMatchObject({ baudRate: 57_600 });
    const image = loadImage(firmwareHexPath('nano'), BOARD_PROGRAMMING.nano);
    expect(flashedBytes(nano.chip, image.length)).toEqual(image);
    expect(report?.kit).toEqual({ name: 'NeuronKit', major: 1, minor: 1 });

    const uno = setup(ATMEGABOOT_328);
    const err = await flashBoard({ board: 'uno', port: 'emulated', openLink: uno.openLink, uploader: 'built-in' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongBoardError);
    expect((err as WrongBoardError).hint).toContain('--board nano');
    expect(err).toMatchObject({ chosen: 'uno', likely: 'nano' });
  });

  test('no bootloader answering: a typed error with the next step', async () => {
    const { openLink } = setup(null);
    const err = await flashBoard({ board: 'uno', port: 'emulated', openLink, uploader: 'built-in' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoBootloaderAnswerError);
    expect((err as NoBootloaderAnswerError).hint).toMatch(/reset/);
  });

  test('a busy port: a typed error naming what to close', async () => {
    const { binding, openLink } = setup(OPTIBOOT_328);
    binding.busy.add('emulated');
    const err = await flashBoard({ board: 'uno', port: 'emulated', openLink, uploader: 'built-in' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortBusyError);
    expect((err as PortBusyError).hint).toMatch(/serial monitor/);
  });
});
// Reason: the bootloaders the uploader is tested against come from arduino-core-avr; .ci/run installs it
// and NEURON_KIT_REQUIRE_ALL=1 turns this skip into a failure.
if (missing) test.skip('STK500v1 tests skipped: arduino-core-avr bootloaders not installed (apt-get install -y arduino-core-avr)', () => {});
