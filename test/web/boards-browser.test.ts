import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wireToRgb } from '../../src/wire/index.js';
import { loadExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { bundled } from '../../src/package-files.js';
import { superviseBoards, type BoardsSession } from '../../src/runtime/boards.js';
import type { RunResult, Session } from '../../src/runtime/session.js';
import { startWeb, type WebServer } from '../../src/web/index.js';
import { chromiumMissing, launchChromium } from './chromium.js';

// The page of an exhibit on two boards (two twins, each the real firmware hex), in a real headless Chromium.
const reason = chromiumMissing();
const WAIT = { timeout: 60_000 };

describe.skipIf(reason !== '')('the docent dashboard of an exhibit on two boards (Chromium)', () => {
  let exhibit: Exhibit;
  const boards: Session[] = [];
  let web: WebServer;
  let run: Promise<RunResult>;
  const abort = new AbortController();
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const edges: Array<Array<{ pin: number; high: boolean }>> = [[], []];

  beforeAll(async () => {
    exhibit = await loadExhibit(bundled('exhibits', 'boards', 'two-boards.json'));
    let served!: (w: WebServer) => void;
    const ready = new Promise<WebServer>((resolve) => (served = resolve));
    let bothUp!: () => void;
    const up = new Promise<void>((resolve) => (bothUp = resolve));
    run = superviseBoards({
      exhibit, boards: ['emulated', 'emulated'], fast: true, signal: abort.signal, wait: async () => {},
      onBoardStart: (s) => {
        boards[s.boardIndex!] = s;
        if (boards.filter(Boolean).length === 2) bothUp();
        s.twin!.onInputEdge((pin, high) => edges[s.boardIndex!]!.push({ pin, high }));
      },
      onStart: (s: BoardsSession) => {
        void startWeb(s, exhibit, { port: 0 }).then(served);
      },
    });
    web = await ready;
    // Both boards up before the page is looked at.
    await up;
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(new URL('/docent', web.url).href);
    await page.waitForSelector('body[data-state="live"]', WAIT);
  });

  afterAll(async () => {
    await browser?.close();
    abort.abort();
    await run;
    await web?.close();
  });

  test('both boards\' strips are drawn, each named by its board, each pixel the frame decoded from that board\'s data pin', async () => {
    const labels = await page.locator('.strip').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(labels).toEqual(['LED strip on pin 6 of board left, 30 lights', 'LED strip on pin 6 of board right, 40 lights']);
    for (const [k, strip] of exhibit.strips.entries()) {
      const twin = boards[k]!.twin!;
      await expect
        .poll(async () => {
          const decoded = twin.lastFrame(strip.pin);
          if (!decoded) return 'nothing latched yet';
          const shown = await page.evaluate(
            ({ k, n }) => {
              const box = document.querySelectorAll<HTMLElement>('.strip')[k];
              return { latchedMs: box?.dataset.latchedMs, wires: Array.from({ length: n }, (_, i) => box?.querySelector<HTMLElement>(`.px[data-index="${i}"]`)?.dataset.wire ?? '') };
            },
            { k, n: strip.length },
          );
          if (shown.latchedMs !== decoded.latchedAtMs.toFixed(3)) return 'the page is not on the newest frame yet';
          const expected = wireToRgb(decoded.bytes, strip.order).map((p) => p.join(','));
          return JSON.stringify(shown.wires) === JSON.stringify(expected) ? 'same' : `page ${shown.wires.join(' ')} vs wire ${expected.join(' ')}`;
        }, WAIT)
        .toBe('same');
    }
  });

  test('clicking Light presses pin 2 of the right board, not of the left one', async () => {
    const before = edges.map((e) => e.length);
    await page.getByRole('button', { name: 'Light', exact: true }).click();
    await expect.poll(() => edges[1]!.slice(before[1]).some((e) => e.pin === 2 && !e.high), WAIT).toBe(true);
    expect(edges[0]!.slice(before[0]).filter((e) => !e.high)).toEqual([]);
  });
});
