import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundled } from '../../src/package-files.js';
import { wireToRgb } from '../../src/wire/index.js';
import { listExhibits, loadExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { opsEventOf } from '../../src/ops/events.js';
import { ExhibitOps } from '../../src/ops/ops.js';
import { PageHost } from '../../src/ops/page-host.js';
import { Exhibition } from '../../src/runtime/exhibition.js';
import type { RunResult, Session } from '../../src/runtime/session.js';
import { ExhibitSwitch, superviseSwitching } from '../../src/runtime/switching.js';
import { chromiumMissing, launchChromium } from './chromium.js';
import { boardTime } from './session.js';

// The docent's Reset and exhibit switch in a real headless Chromium, on the twin, wired as `neuron-kit
// run` wires them: the switcher, the page host that keeps the port across exhibits, and the visitor log.
const reason = chromiumMissing();

/** A folder to keep screenshots in (as views.test.ts does), or '' for none. */
const SHOTS = process.env.NEURON_KIT_SHOTS ?? '';

/** Generous wall-clock bound for polling the page: the twin runs ~1.7× real time beside Chromium. */
const WAIT = { timeout: 60_000 };

const efficacies = (model: Exhibition['model']) => Object.fromEntries(Object.entries(model.view().synapses).map(([id, s]) => [id, [s.efficacy, s.contacts, s.exists]]));

/** Text of an element, or '' while the page is reloading. */
const textOf = (page: Page, selector: string) => page.locator(selector).textContent({ timeout: 1000 }).catch(() => '');

describe.skipIf(reason !== '')('the docent\'s Reset and exhibit switch (Chromium)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neuron-kit-docent-'));
  const exhibitsDir = join(dir, 'exhibits');
  const logDir = join(dir, 'logs');
  const abort = new AbortController();
  const sessions: Session[] = [];
  /** The page host could not hold its port: none expected. */
  const pageFailures: string[] = [];
  let first: Exhibit;
  let ops: ExhibitOps;
  let run: Promise<RunResult>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let docent: Page;
  let visitor: Page;

  // The log's folder is made at its first line.
  const logLines = () => (existsSync(logDir) ? readdirSync(logDir) : []).flatMap((f) => readFileSync(join(logDir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));

  beforeAll(async () => {
    // The exhibits on offer: two bundled ones, and one built for a Mega (its Touch button on D40).
    mkdirSync(exhibitsDir);
    for (const name of ['default', 'fire-together-wire-together']) copyFileSync(bundled('exhibits', `${name}.json`), join(exhibitsDir, `${name}.json`));
    const doc = JSON.parse(readFileSync(bundled('exhibits', 'use-it-or-lose-it.json'), 'utf8')) as { neurons: Array<{ id: string }> };
    writeFileSync(join(exhibitsDir, 'hall-mega.json'), JSON.stringify({ ...doc, name: 'Hall (Mega)', board: { kind: 'mega' }, neurons: doc.neurons.map((n) => (n.id === 'A' ? { ...n, button: 40 } : n)) }));
    first = await loadExhibit(join(exhibitsDir, 'default.json'));
    ops = new ExhibitOps({ log: { dir: logDir } });
    const switcher = new ExhibitSwitch(first, await listExhibits(exhibitsDir), join(exhibitsDir, 'default.json'));
    let pageUrl!: (url: string) => void;
    const url = new Promise<string>((resolve) => (pageUrl = resolve));
    const host = new PageHost({ host: '127.0.0.1', port: 0, palette: 'default', ops: ops.endpoints, signal: abort.signal, switching: switcher, onFirstPage: (u) => pageUrl(u), onFailed: (err) => pageFailures.push(err.message) });
    run = superviseSwitching({
      exhibit: first,
      switcher,
      board: 'emulated',
      fast: true,
      signal: abort.signal,
      onEvent: (e) => {
        const logged = opsEventOf(e);
        if (logged) ops.logEvent(logged);
      },
      onSwitch: (_from, to) => ops.logEvent({ kind: 'switch', exhibit: to.name }),
      onStart: (session) => {
        sessions.push(session);
        ops.attach(session);
        host.serve(session, switcher.exhibit);
      },
    }).finally(() => host.close());
    const base = await url;
    // A visitor is never quicker than the board setting up its inputs.
    await boardTime(sessions[0]!, sessions[0]!.runtime.startMs + 500);
    browser = await launchChromium();
    docent = browser.context.pages()[0] ?? (await browser.context.newPage());
    await docent.goto(new URL('/docent', base).href);
    visitor = await browser.context.newPage();
    await visitor.goto(base);
    await docent.waitForSelector('body[data-state="live"]', WAIT);
    await visitor.waitForSelector('body[data-state="live"]', WAIT);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    abort.abort();
    await run?.catch(() => {});
    ops?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the docent page lists the exhibits on offer, the running one marked', async () => {
    const options = await docent.locator('#exhibit-choice option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent, (o as HTMLOptionElement).selected]));
    expect(options).toEqual([
      ['default', 'Neuron Kit (running)', true],
      ['fire-together-wire-together', 'Fire together, wire together', false],
      ['hall-mega', 'Hall (Mega)', false],
    ]);
    await expect(docent.getByRole('button', { name: 'Reset' }).isEnabled()).resolves.toBe(true);
    await expect(docent.getByRole('button', { name: 'Switch' }).isEnabled()).resolves.toBe(true);
  });

  test('an exhibit that does not fit the board is refused with its problems on the page; the running one goes on', async () => {
    const session = sessions[0]!;
    await docent.selectOption('#exhibit-choice', 'hall-mega');
    await docent.getByRole('button', { name: 'Switch' }).click();
    await docent.waitForSelector('#switch-problems:not([hidden])', WAIT);
    const problems = await docent.locator('#switch-problems li').allTextContents();
    expect(problems).toEqual(['board.kind: it is built for a mega, and this board is an uno', 'neurons[0].button: the uno has no digital pin 40; use D2–D19']);
    await expect(textOf(docent, '#switch-problems p')).resolves.toBe('"Hall (Mega)" cannot run on this board, so the running exhibit goes on:');
    if (SHOTS) await docent.screenshot({ path: join(SHOTS, 'docent-switch-refused.png'), fullPage: true });
    // Still the same exhibit, on the same board, and its time goes on.
    const boardMs = session.kit.clock.now();
    await boardTime(session, boardMs + 300);
    expect(sessions).toHaveLength(1);
    await expect.poll(async () => Number(await docent.locator('#status').getAttribute('data-board-ms')), WAIT).toBeGreaterThan(boardMs);
    await expect(textOf(docent, '#title')).resolves.toBe('Neuron Kit');
    expect(logLines().filter((l) => l.event === 'switch')).toEqual([]);
  });

  test('Reset: the model is a fresh exhibit\'s at once, the page captions it, the visitor log has it', async () => {
    const session = sessions[0]!;
    await docent.getByRole('button', { name: 'Injury', exact: true }).click();
    await expect.poll(() => session.runtime.model.view().synapses['A->C']!.exists, WAIT).toBe(false);
    const fresh = efficacies(new Exhibition(first).model);
    expect(efficacies(session.runtime.model)).not.toEqual(fresh);
    const atReset = new Promise<ReturnType<typeof efficacies>>((resolve) => {
      const stop = session.exhibition.listen('reset', () => {
        stop();
        resolve(efficacies(session.runtime.model));
      });
    });
    await docent.getByRole('button', { name: 'Reset' }).click();
    expect(await atReset).toEqual(fresh);
    await expect.poll(() => textOf(docent, '#captions li:first-child'), WAIT).toBe('The exhibit was reset: every synapse, contact and neuron is back as it started, and the lights ease back to it.');
    expect(logLines().filter((l) => l.event === 'reset')).toMatchObject([{ why: 'docent' }]);
  });

  test('Switch: both pages come back with the new exhibit, and the twin\'s data pin carries its strip', async () => {
    await docent.selectOption('#exhibit-choice', 'fire-together-wire-together');
    await docent.getByRole('button', { name: 'Switch' }).click();
    // Each page reloads itself with the new exhibit when the server is back.
    await expect.poll(() => textOf(docent, '#title'), WAIT).toBe('Fire together, wire together');
    await expect.poll(() => textOf(visitor, '#title'), WAIT).toBe('Fire together, wire together');
    await expect.poll(() => docent.title(), WAIT).toBe('Fire together, wire together · Neuron Kit');
    expect(sessions).toHaveLength(2);
    expect(sessions[0]!.twin).not.toBe(sessions[1]!.twin);
    const session = sessions[1]!;
    const strip = session.runtime.exhibit.strips[0]!;
    expect(strip.length).toBe(30);
    await docent.waitForSelector('body[data-state="live"]', WAIT);
    await expect(docent.locator('.strip .px').count()).resolves.toBe(30);
    // Its one-pixel somas keep their names whole: the pixels are drawn wide enough for "Touch".
    const broken = await docent.evaluate(() => [...document.querySelectorAll('.seg.soma')].filter((el) => {
      const text = document.createRange();
      text.selectNodeContents(el);
      return text.getClientRects().length > 1;
    }).map((el) => el.textContent));
    expect(broken).toEqual([]);
    // Every pixel on the page is the frame decoded from the new twin's data pin: 30 of them.
    const indexes = Array.from({ length: strip.length }, (_, i) => i);
    await expect
      .poll(async () => {
        const decoded = session.twin!.lastFrame(strip.pin);
        if (!decoded) return 'nothing decoded yet';
        const shown = await docent.evaluate(
          (ix) => ({ latchedMs: document.querySelector<HTMLElement>('.strip')?.dataset.latchedMs, wires: ix.map((i) => document.querySelector<HTMLElement>(`.strip .px[data-index="${i}"]`)?.dataset.wire ?? '') }),
          indexes,
        );
        if (shown.latchedMs !== decoded.latchedAtMs.toFixed(3)) return 'the page is not on the newest frame yet';
        const expected = wireToRgb(decoded.bytes, strip.order).map((p) => p.join(','));
        if (expected.length !== 30) return `${expected.length} pixels decoded`;
        return JSON.stringify(shown.wires) === JSON.stringify(expected) ? 'same' : `page ${shown.wires.join(' ')} vs wire ${expected.join(' ')}`;
      }, WAIT)
      .toBe('same');
    const options = await docent.locator('#exhibit-choice option').evaluateAll((os) => os.filter((o) => (o as HTMLOptionElement).selected).map((o) => o.textContent));
    expect(options).toEqual(['Fire together, wire together (running)']);
    expect(logLines().filter((l) => l.event === 'switch')).toMatchObject([{ exhibit: 'Fire together, wire together' }]);
    expect(pageFailures).toEqual([]);
  });
});
