import type { Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { build } from 'esbuild';
import { bundled } from '../../src/package-files.js';
import { readExhibit } from '../../src/exhibit/read.js';
import { BOARD_PROGRAMMING, imageFromHex } from '../../src/flash/core.js';
import { chromiumMissing, launchChromium } from '../web/chromium.js';
import { serveFolder } from './static-server.js';
import { stockFirmwarePath } from '../../src/emulator/index.js';
import { ATMEGABOOT_328, OPTIBOOT_328, bootloadersMissing } from '../flash/bootloader-chip.js';

// The install tests run the real bootloaders from arduino-core-avr; .ci/run installs it, and with
// NEURON_KIT_REQUIRE_ALL=1 a missing one is a failure, not a skip.
const noBootloaders = bootloadersMissing();

// The built site (`npm run build:site`) in a real headless Chromium, served by a plain static file
// server: the twin in its Web Worker runs the committed kit firmware hex; nothing else is running.
const reason = chromiumMissing();
/** Generous wall-clock bound for polling the page: the twin runs in real time beside Chromium. */
const WAIT = { timeout: 60_000 };
const SHOTS = process.env.NEURON_KIT_SHOTS ?? '';

interface Taps {
  /** Taps Touch (its keyboard press and release, as a visitor's Space key), then again `gapMs` of board time after its action potential. */
  __tapTouch(gapMs?: number): Promise<void>;
  /** Resolves once this much board time has passed. */
  __waitBoard(ms: number): Promise<void>;
}

/**
 * Runs in the page before its scripts: watches the twin worker's messages (board time, neuron A's
 * action potentials) and taps Touch from inside the page, timed on the board's clock, so no round
 * trip through the test's process stretches the gap between two taps.
 */
function installTaps(): void {
  const spikes: number[] = [];
  let boardMs = 0;
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (e: MessageEvent<{ boardMs?: number; spikes?: Array<[string, number]> }>) => {
        if (typeof e.data.boardMs === 'number') boardMs = Math.max(boardMs, e.data.boardMs);
        for (const [id, tMs] of e.data.spikes ?? []) if (id === 'A') spikes.push(tMs);
      });
    }
  };
  const until = (met: () => boolean) => new Promise<void>((resolve) => {
    const check = () => (met() ? resolve() : requestAnimationFrame(check));
    check();
  });
  /** One tap; resolves with the board time of the action potential it fired. */
  const tap = async (): Promise<number> => {
    const button = [...document.querySelectorAll<HTMLButtonElement>('#buttons button')].find((b) => b.dataset.target === 'A')!;
    const seen = spikes.length;
    button.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    button.dispatchEvent(new KeyboardEvent('keyup', { key: ' ', bubbles: true }));
    await until(() => spikes.length > seen);
    return spikes[spikes.length - 1]!;
  };
  // A tap holds the button 50 board ms and the runtime debounces 20 ms: the next one waits for that.
  const SETTLE_MS = 80;
  (window as unknown as Taps).__waitBoard = (ms: number) => {
    const from = boardMs;
    return until(() => boardMs >= from + ms);
  };
  (window as unknown as Taps).__tapTouch = async (gapMs?: number) => {
    const first = await tap();
    if (gapMs === undefined) return until(() => boardMs >= first + SETTLE_MS);
    await until(() => boardMs >= first + Math.max(gapMs, SETTLE_MS));
    const second = await tap();
    await until(() => boardMs >= second + SETTLE_MS);
  };
}

/**
 * Clicks Touch on a page running the exhibit on the stand-in's emulated board, and waits until a
 * frame that board latches shows the soma pixel `index` on strip `pin` flash: from its brightness at
 * rest (the dimmest of its first ten frames) to more than three times that.
 */
async function clickLightsSoma(page: Page, pin: number, index: number): Promise<void> {
  type Watching = { __standin: { watch(pin: number, index: number): number[] }; __somaSums: number[] };
  await page.evaluate(([p, i]) => {
    const w = window as unknown as Watching;
    w.__somaSums = w.__standin.watch(p!, i!);
  }, [pin, index]);
  await page.waitForFunction(() => (window as unknown as Watching).__somaSums.length >= 10, undefined, WAIT);
  const { rest, seen } = await page.evaluate(() => {
    const sums = (window as unknown as Watching).__somaSums;
    return { rest: Math.min(...sums), seen: sums.length };
  });
  await page.getByRole('button', { name: 'Touch', exact: true }).click();
  await page.waitForFunction(
    ([from, r]) => (window as unknown as Watching).__somaSums.slice(from!).some((sum) => sum > r! * 3 + 30),
    [seen, rest],
    { ...WAIT, polling: 'raf' },
  );
}

/** Every text the install panel's status shows from now on, in order, as the installer words its steps. */
async function installSteps(page: Page): Promise<string[]> {
  const steps: string[] = [];
  await page.exposeFunction('__step', (text: string) => steps.push(text));
  await page.evaluate(() => {
    const status = document.getElementById('site-install-status')!;
    new MutationObserver(() => (window as unknown as { __step(t: string): void }).__step(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
  });
  return steps;
}

describe.skipIf(reason !== '')('the site in a browser tab (Chromium, static server)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof serveFolder>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  /** The `navigator.serial` stand-in (test/site/serial-standin.ts) with the kit firmware's hex, as a page script. */
  let standIn: string;
  /** The stand-in's bundle alone, for boards with other firmware or a bootloader. */
  let standInBundle: string;

  beforeAll(async () => {
    const bundle = await build({ entryPoints: [bundled('test', 'site', 'serial-standin.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, alias: { 'node:events': 'events' }, logLevel: 'silent' });
    const hex = readFileSync(bundled('firmware', 'hex', 'neuron_kit_uno.hex'), 'utf8');
    standInBundle = bundle.outputFiles[0]!.text;
    standIn = `window.__standinHex = ${JSON.stringify(hex)};\n${standInBundle}`;
    dir = mkdtempSync(join(tmpdir(), 'neuron-kit-site-'));
    execFileSync(process.execPath, [bundled('scripts', 'build-site.mjs'), dir], { stdio: 'pipe' });
    server = await serveFolder(dir);
    browser = await launchChromium({ width: 1366, height: 768 });
  }, 120_000);

  // A test that failed part-way leaves its page running its twin: close it, so one failure cannot slow or
  // disturb the tests after it.
  afterEach(async () => {
    for (const page of browser?.context.pages() ?? []) await page.close().catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the default exhibit runs on the twin in a Web Worker and answers a click: Touch\'s soma flashes', async () => {
    const page = await browser.context.newPage();
    // Kept on the twin: on a machine busy with other suites it may run below 0.8× real time, and
    // giving way to the renderer is the next test's subject, not this one's.
    await page.goto(new URL('?keep=twin', server.url).href);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    // Frames decoded from the emulated chip's data pin reach the drawing.
    await page.waitForFunction(() => document.body.dataset.latchedMs !== undefined, undefined, WAIT);
    await page.waitForFunction(() => document.getElementById('site-board')?.textContent?.includes('Web Worker'), undefined, WAIT);
    // Right after start the board is still setting up input reporting: a press in those first
    // milliseconds is not reported (a visitor is never that quick). Click after a second of board time.
    await page.waitForFunction(() => Number(document.body.dataset.latchedMs) >= 1000, undefined, WAIT);
    // The somas' resting glow: the dimmest lit soma now (every neuron also fires now and then on its
    // own, so the one read could be mid-flash, and no flash would then be three times brighter).
    const rest = await page.evaluate(() => Math.min(...[...document.querySelectorAll<SVGElement>('.soma:not(.unlit)')].map((c) =>
      (c.dataset.wire ?? '0,0,0').split(',').reduce((n, v) => n + Number(v), 0))));
    // Everything the sentence under the kit says from the click on. The press is told ("You fired
    // Touch: …"), unless what it caused in the same frame (Touch → Move got stronger) is told over it.
    await page.evaluate(() => {
      const now = document.getElementById('now')!;
      const said: string[] = [];
      (window as unknown as { __said: string[] }).__said = said;
      new MutationObserver(() => said.push(now.textContent ?? '')).observe(now, { childList: true, characterData: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Touch', exact: true }).click();
    await page.waitForFunction(
      (restSum) => [...document.querySelectorAll<SVGElement>('.soma')].some((c) => (c.dataset.wire ?? '0,0,0').split(',').reduce((n, v) => n + Number(v), 0) > restSum * 3 + 30),
      rest,
      { ...WAIT, polling: 'raf' },
    );
    await page.waitForFunction(() => (window as unknown as { __said: string[] }).__said.some((t) => t.includes('Touch')), undefined, WAIT);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'site-visitor-1366x768.png') });
    await page.close();
  });

  test('the exhibit menu lists exhibits by their names, and an unknown ?exhibit= says so and runs the default', async () => {
    const page = await browser.context.newPage();
    await page.goto(new URL('?exhibit=nope&keep=twin', server.url).href);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await expect(page.locator('#site-problems').textContent()).resolves.toContain('There is no exhibit "nope" here: showing "Neuron Kit" instead.');
    await expect(page.locator('#site-exhibit option').allTextContents()).resolves.toContain('Fire together, wire together');
    await page.close();
  });

  test('a lesson plays through from scripted taps on the docent view', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(installTaps);
    await page.goto(new URL('docent.html?exhibit=short-and-long-term', server.url).href);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await page.locator('#lesson button[data-lesson="paired-pulse-facilitation"]').click();
    const lesson = page.locator('#lesson');
    await page.waitForFunction(() => document.getElementById('lesson')?.dataset.step === '0', undefined, WAIT);
    const tapTouch = (gapMs?: number) => page.evaluate((gap) => (window as unknown as Taps).__tapTouch(gap), gapMs);
    await tapTouch();
    await page.waitForFunction(() => document.getElementById('lesson')?.dataset.step === '1', undefined, WAIT);
    // Two taps close together (the step asks for at most 250 ms between them)…
    await tapTouch(80);
    await page.waitForFunction(() => document.getElementById('lesson')?.dataset.step === '2', undefined, WAIT);
    // …then two taps at least 3 s apart, until both flashes are about the same size: the step is seen on
    // the last two action potentials, and Touch also fires now and then on its own.
    const finished = () => page.evaluate(() => document.getElementById('lesson')?.dataset.finished === 'true');
    for (let attempt = 0; attempt < 4 && !(await finished()); attempt++) {
      await tapTouch(3500);
      // What the taps did is looked for in the 1.5 s after the second (board time).
      await page.evaluate(() => (window as unknown as Taps).__waitBoard(2000));
    }
    await page.waitForFunction(() => document.getElementById('lesson')?.dataset.finished === 'true', undefined, WAIT);
    await expect(lesson.textContent()).resolves.toContain('Lesson complete');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'site-docent-1366x768.png') });
    await page.close();
  });

  test('a dropped exhibit file with mistakes is refused, its problems listed by JSON path', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    const doc = { name: 'Broken', neurons: [{ id: 'A', label: 'A', button: 99 }], synapses: [], strips: [], segments: [] };
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(doc));
    await page.setInputFiles('#site-file', file);
    await page.waitForSelector('#site-problems:not([hidden]) li', WAIT);
    const paths = await page.$$eval('#site-problems li', (items) => items.map((li) => (li as HTMLElement).dataset.path));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => typeof p === 'string' && p.length > 0)).toBe(true);
    await expect(page.locator('#site-problems h2').textContent()).resolves.toContain('broken.json cannot run');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'site-problems-1024x768.png') });
    // The exhibit that was running goes on.
    await expect(page.locator('body').getAttribute('data-state')).resolves.toBe('live');
    await page.close();
  });

  test('"Connect a kit" runs the exhibit on a kit over Web Serial (a stand-in port wired to an emulated Uno with the kit firmware): a click reaches its LEDs', async () => {
    const exhibit = readExhibit(JSON.parse(readFileSync(bundled('exhibits', 'default.json'), 'utf8')));
    const soma = exhibit.segments.find((seg) => seg.shows === 'soma' && seg.of === 'A')!;
    const pin = exhibit.strips[soma.strip]!.pin;
    const page = await browser.context.newPage();
    await page.addInitScript({ content: standIn });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await page.click('#site-connect');
    await page.waitForSelector('body[data-board="kit"]', WAIT);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await expect(page.locator('#site-board').textContent()).resolves.toBe('Running on the kit: Web Serial (USB 2341:0043)');
    // Every frame the emulated board latches: the soma's brightness at rest, then after the click.
    await clickLightsSoma(page, pin, soma.first);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'site-kit-1366x768.png') });
    // The kit holds the port: "Install the kit firmware" hands over to the twin's page, its panel open.
    await page.click('#site-install-open');
    await page.waitForSelector('#site-install:not([hidden])', WAIT);
    expect(new URL(page.url()).searchParams.get('board')).toBeNull();
    await page.close();
  });

  test.skipIf(noBootloaders)('"Install the kit firmware" writes the kit firmware through the real optiboot into an emulated Uno, reads it back, checks it answers as the kit firmware, then runs the exhibit on it: a click reaches its LEDs', async () => {
    const exhibit = readExhibit(JSON.parse(readFileSync(bundled('exhibits', 'default.json'), 'utf8')));
    const soma = exhibit.segments.find((seg) => seg.shows === 'soma' && seg.of === 'A')!;
    const pin = exhibit.strips[soma.strip]!.pin;
    // The board as bought: node-pixel's stock firmware, and Debian's optiboot in its boot section.
    const stock = readFileSync(stockFirmwarePath(), 'utf8');
    const page = await browser.context.newPage();
    await page.addInitScript({ content: `window.__standinHex = ${JSON.stringify(stock)};\nwindow.__standinBootloaderHex = ${JSON.stringify(readFileSync(OPTIBOOT_328, 'utf8'))};\n${standInBundle}` });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await page.click('#site-install-open');
    await page.selectOption('#site-install-board', 'uno');
    const steps = await installSteps(page);
    await page.click('#site-install-start');
    // Written, read back and checked, the page reloads onto the kit (the chip's flash outlives the page, as a board does).
    await page.waitForSelector('body[data-board="kit"], #site-install[data-outcome="failed"]', { timeout: 240_000 });
    expect(await page.locator('#site-install-status').textContent().catch(() => 'reloaded'), 'the install failed').toBe('reloaded');
    expect(steps).toContain('The bootloader answered at 115200 baud (version 4.4). Writing…');
    expect(steps.some((t) => t.startsWith('Reading it back to check: '))).toBe(true);
    expect(steps).toContain('Installed and checked: the board answers as NeuronKit 1.1.');
    const image = imageFromHex(readFileSync(bundled('firmware', 'hex', 'neuron_kit_uno.hex'), 'utf8'), BOARD_PROGRAMMING.uno, 'uno');
    const flashed = await page.evaluate((n) => (window as unknown as { __standin: { flashHex(n: number): string } }).__standin.flashHex(n), image.length);
    expect(flashed).toBe(Buffer.from(image).toString('hex'));
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await expect(page.locator('#site-board').textContent()).resolves.toBe('Running on the kit: Web Serial (USB 2341:0043)');
    await clickLightsSoma(page, pin, soma.first);
    await page.close();
  });

  test.skipIf(noBootloaders)('"Install the kit firmware" on a Nano with the old bootloader: chosen as an Uno it is refused in plain words; chosen as a Nano it installs at 57600 baud', async () => {
    const stock = readFileSync(stockFirmwarePath(), 'utf8');
    const page = await browser.context.newPage();
    await page.addInitScript({ content: `window.__standinHex = ${JSON.stringify(stock)};\nwindow.__standinBootloaderHex = ${JSON.stringify(readFileSync(ATMEGABOOT_328, 'utf8'))};\n${standInBundle}` });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await page.click('#site-install-open');
    await page.selectOption('#site-install-board', 'uno');
    await page.click('#site-install-start');
    await page.waitForSelector('#site-install[data-outcome="failed"]', { timeout: 120_000 });
    await expect(page.locator('#site-install-status').textContent()).resolves.toBe(
      'A bootloader answered, but not the Arduino Uno\'s: this board looks like an Arduino Nano with the old bootloader. Choose "Arduino Nano" and install again. The twin runs on meanwhile.',
    );
    await page.selectOption('#site-install-board', 'nano');
    const steps = await installSteps(page);
    await page.click('#site-install-start');
    // Installed and checked, the page reloads to run the exhibit on the kit (the Uno test above follows it to the LEDs).
    await page
      .waitForFunction(() => location.search.includes('board=serial') || document.getElementById('site-install')?.dataset.outcome === 'failed', undefined, { timeout: 240_000 })
      .catch((err: Error) => {
        throw new Error(`the install neither finished nor failed (${err.message.split('\n')[0]}); its steps: ${steps.join(' | ') || 'none'}`);
      });
    // The panel's last words ("… Connecting to the kit…") go with the page it navigates away from, so
    // the navigation itself is the outcome checked.
    expect(page.url(), `the install failed; its steps: ${steps.join(' | ')}`).toContain('board=serial');
    expect(steps).toContain('Installed and checked: the board answers as NeuronKit 1.1.');
    expect(steps).toContain('The bootloader answered at 57600 baud (version 1.16). Writing…');
    await page.waitForLoadState('domcontentloaded');
    const image = imageFromHex(readFileSync(bundled('firmware', 'hex', 'neuron_kit_nano.hex'), 'utf8'), BOARD_PROGRAMMING.nano, 'nano');
    await page.waitForFunction(() => (window as unknown as { __standin?: unknown }).__standin !== undefined, undefined, WAIT);
    const flashed = await page.evaluate((n) => (window as unknown as { __standin: { flashHex(n: number): string } }).__standin.flashHex(n), image.length);
    expect(flashed).toBe(Buffer.from(image).toString('hex'));
    await page.close();
  });

  test('"Install the kit firmware" with no bootloader answering says so in plain words, and the twin runs on', async () => {
    const page = await browser.context.newPage();
    // The kit stand-in has no bootloader: after a reset the chip holds, then runs the kit firmware at 500000 baud.
    await page.addInitScript({ content: standIn });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await page.click('#site-install-open');
    await page.click('#site-install-start');
    await page.waitForSelector('#site-install[data-outcome="failed"]', { timeout: 120_000 });
    const status = await page.locator('#site-install-status').textContent();
    expect(status).toMatch(/^No board answered the bootloader at 115200 baud\. Check that the Arduino Uno is plugged in/);
    expect(status).toContain('The twin runs on meanwhile.');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'site-install-failed-1366x768.png') });
    await expect(page.locator('body').getAttribute('data-board')).resolves.not.toBe('kit');
    await page.waitForFunction(() => document.getElementById('site-board')?.textContent?.includes('Running on the twin'), undefined, WAIT);
    await expect(page.locator('#site-install-start').isEnabled()).resolves.toBe(true);
    await page.close();
  });

  test('where the browser has no Web Serial the page says so and keeps the twin', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      delete (Navigator.prototype as { serial?: unknown }).serial;
    });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await expect(page.locator('#site-no-serial').textContent()).resolves.toContain('This browser has no Web Serial');
    await expect(page.locator('#site-connect').count()).resolves.toBe(0);
    await page.waitForFunction(() => document.getElementById('site-board')?.textContent?.includes('Running on the twin'), undefined, WAIT);
    await page.close();
  });

  test('where the twin cannot keep real time the page drives the renderer directly, says so, and still answers a click', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(new URL('?twin=direct', server.url).href);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await expect(page.locator('#site-board').textContent()).resolves.toContain('drives the renderer directly');
    const again = page.getByRole('link', { name: 'Try the twin again' });
    await expect(again.count()).resolves.toBe(1);
    // Asked for by hand, the twin is kept even if it runs slow again.
    await expect(again.getAttribute('href').then((h) => new URL(h!).searchParams.get('keep'))).resolves.toBe('twin');
    await page.getByRole('button', { name: 'Touch', exact: true }).click();
    await page.waitForFunction(() => document.getElementById('now')?.dataset.kind === 'press', undefined, WAIT);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'site-direct-1024x768.png') });
    await page.close();
  });

  test('after the first visit the site works offline: every file comes from the service worker\'s cache', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await browser.context.setOffline(true);
    try {
      await page.goto(new URL('docent.html?exhibit=use-it-or-lose-it', server.url).href);
      await page.waitForSelector('body[data-state="live"]', WAIT);
      await expect(page.title()).resolves.toBe('Use it or lose it · Neuron Kit');
    } finally {
      await browser.context.setOffline(false);
      await page.close();
    }
  });
});
