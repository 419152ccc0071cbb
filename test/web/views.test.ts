import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadLesson, lessonNames } from '../../src/lessons/load.js';
import { bundled } from '../../src/package-files.js';
import { listExhibits, loadExhibit } from '../../src/exhibit/index.js';
import { ExhibitSwitch } from '../../src/runtime/switching.js';
import { chromiumMissing, launchChromium } from './chromium.js';
import { startLiveWeb, type LiveWeb } from './session.js';

// The visitor view and the docent view in a real headless Chromium, at the sizes they are used at: a
// 1080p projector, a 1366×768 Chromebook, a 1024×768 projector, a phone.
const reason = chromiumMissing();
const WAIT = { timeout: 60_000 };
const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];
/** Where a kiosk cannot scroll: the whole visitor view must fit (a phone may scroll down). */
const DESKTOPS = VIEWPORTS.slice(0, 3);
/** Screenshots land here for a person to look at (not committed). */
const SHOTS = process.env.NEURON_KIT_SHOTS ?? '';

/** Every problem a reader would see: sideways scrolling, text cut off or spilling out of its box or the drawing. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth}`);
    for (const el of document.querySelectorAll<HTMLElement>('h1, h2, h3, p, li, button, label, output, .seg, figcaption, a')) {
      if (!el.offsetParent && el.tagName !== 'BODY') continue;
      const style = getComputedStyle(el);
      if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth) problems.push(`truncated: "${el.textContent?.trim()}"`);
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible') problems.push(`cut off: "${el.textContent?.trim()}"`);
      const box = el.getBoundingClientRect();
      if (box.right > window.innerWidth + 1) problems.push(`beyond the right edge: "${el.textContent?.trim()}"`);
    }
    // A neuron's name under its soma is one word on one line, never broken mid-word ("Tou/ch").
    for (const el of document.querySelectorAll<HTMLElement>('.seg.soma')) {
      const text = document.createRange();
      text.selectNodeContents(el);
      if (text.getClientRects().length > 1) problems.push(`soma name broken over lines: "${el.textContent?.trim()}"`);
    }
    // A name broken inside a word ("Touc|h") is as unreadable as a cut one.
    for (const el of document.querySelectorAll<HTMLElement>('.seg, #buttons button, .big-buttons button, #legend li')) {
      const text = el.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE) continue;
      for (const m of (text.textContent ?? '').matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(text, m.index!);
        range.setEnd(text, m.index! + m[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) problems.push(`word broken across lines: "${m[0]}" in "${el.textContent?.trim()}"`);
      }
    }
    for (const svg of document.querySelectorAll<SVGSVGElement>('#kit-drawing svg')) {
      const view = svg.viewBox.baseVal;
      for (const t of svg.querySelectorAll<SVGTextElement>('text')) {
        const b = t.getBBox();
        if (b.x < view.x || b.y < view.y || b.x + b.width > view.x + view.width || b.y + b.height > view.y + view.height) problems.push(`label outside the drawing: "${t.textContent}"`);
      }
    }
    return problems;
  });
}

/**
 * Everything that keeps a kiosk's visitor view from fitting its screen: scrolling down, and any part
 * of the view (the header, the drawing, the sentence, the legend, every button) not wholly inside.
 */
async function fitProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const { innerWidth: w, innerHeight: h } = window;
    const doc = document.documentElement;
    if (doc.scrollHeight > h) problems.push(`page scrolls down: ${doc.scrollHeight} > ${h}`);
    for (const el of document.querySelectorAll<HTMLElement>('header, header > *, #kit-drawing, #now, #age-control, #legend, #buttons button')) {
      if (el.offsetParent === null) continue;
      const b = el.getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
      if (b.top < 0 || b.left < 0 || b.bottom > h + 0.5 || b.right > w + 0.5) problems.push(`not inside the viewport: ${name} (${Math.round(b.left)},${Math.round(b.top)})–(${Math.round(b.right)},${Math.round(b.bottom)})`);
    }
    return problems;
  });
}

/** Where each visitor button is on the screen, rounded to whole pixels. */
function buttonBoxes(page: Page): Promise<string[]> {
  return page.locator('#buttons button').evaluateAll((buttons) => buttons.map((b) => {
    const r = b.getBoundingClientRect();
    return `${b.textContent}: ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`;
  }));
}

/** Opens the visitor view at `viewport` and waits for its first frames. */
async function openVisitor(page: Page, url: string, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(viewport);
  await page.goto(url);
  await page.waitForSelector('body[data-state="live"]', WAIT);
  await page.waitForFunction(() => document.querySelectorAll('[data-wire]').length > 0, undefined, WAIT);
}

describe.skipIf(reason !== '')('the visitor and docent views at every size (Chromium)', () => {
  let live: LiveWeb;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    // With the docent's exhibit switcher shown, as `neuron-kit run` offers it: its list must fit too.
    const file = bundled('exhibits', 'default.json');
    const switching = new ExhibitSwitch(await loadExhibit(file), await listExhibits(bundled('exhibits')), file);
    live = await startLiveWeb({ switching });
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await live?.stop();
  });

  test('the visitor view says what to do, draws the kit, and names the buttons as the kit does', async () => {
    await page.setViewportSize(VIEWPORTS[0]!);
    // What the sentence under the kit says, in order: the twin's background firing may soon teach it
    // something to say (here the model runs on between visits), so the first words are what is checked.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        // Later tests load other pages in this tab: only the visitor view has the sentence.
        const now = document.getElementById('now');
        if (!now) return;
        const said: string[] = [];
        (window as unknown as { __said: string[] }).__said = said;
        new MutationObserver(() => said.push(now.textContent ?? '')).observe(now, { childList: true, characterData: true, subtree: true });
      });
    });
    await page.goto(live.web.url);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    // The exhibit's short invitation is the headline; its long `about` waits behind "More".
    await expect(page.locator('#invite').textContent()).resolves.toBe(live.exhibit.invitation);
    await expect(page.locator('#about').isVisible()).resolves.toBe(false);
    await page.getByText('More about this exhibit').click();
    await expect(page.locator('#about').textContent()).resolves.toContain(live.exhibit.about!);
    await page.getByText('More about this exhibit').click();
    await expect(page.evaluate(() => (window as unknown as { __said: string[] }).__said[0])).resolves.toMatch(/^Press a button/);
    for (const name of ['Touch', 'Light', 'Injury']) await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('.neuron-label').allTextContents()).resolves.toEqual(expect.arrayContaining(['Touch', 'Light', 'Move']));
    // Every pixel of every segment is drawn, and lit with the strip's colours.
    const pixels = live.exhibit.segments.reduce((n, s) => n + (s.shows === 'soma' ? 0 : s.last - s.first + 1), 0);
    await expect(page.locator('#kit-drawing circle.led').count()).resolves.toBe(pixels);
    await page.waitForFunction(() => [...document.querySelectorAll<SVGCircleElement>('#kit-drawing circle.led.axon')].every((c) => c.style.fill !== ''), undefined, WAIT);
    await expect(page.locator('#legend li').count()).resolves.toBeGreaterThanOrEqual(4);
    // What the visitor did comes first in the one sentence.
    await page.getByRole('button', { name: 'Touch', exact: true }).click();
    await page.waitForFunction(() => document.getElementById('now')?.textContent?.startsWith('You fired Touch'), undefined, WAIT);
  });

  test.each(DESKTOPS.map((v) => [`${v.width}×${v.height}`, v] as const))('the visitor view at %s fits the screen, and its buttons stay put through 10 taps', async (size, viewport) => {
    await openVisitor(page, live.web.url, viewport);
    expect(await fitProblems(page)).toEqual([]);
    const before = await buttonBoxes(page);
    const touch = page.getByRole('button', { name: 'Touch', exact: true });
    for (let i = 0; i < 10; i++) await touch.click();
    // The strips have shown frames since the taps (a page loaded after earlier taps may have no new
    // sentence to tell: the sentence box is filled by hand below, longest first).
    const latched = Number(await page.locator('body').getAttribute('data-latched-ms'));
    await page.waitForFunction((at) => Number(document.body.dataset.latchedMs) > at, latched, WAIT);
    expect(await buttonBoxes(page)).toEqual(before);
    // The longest plain sentence fits the sentence's box, and a longer one still moves nothing.
    for (const text of ['Touch → Move is getting weaker again: what you did is fading.', 'A sentence far longer than any the exhibit says: '.repeat(6)]) {
      await page.locator('#now').evaluate((el, t) => { el.textContent = t; }, text);
      expect(await buttonBoxes(page)).toEqual(before);
    }
    await page.locator('#now').evaluate((el) => { el.textContent = 'Touch → Move is getting weaker again: what you did is fading.'; });
    await expect(page.locator('#now').evaluate((el) => el.scrollHeight <= el.clientHeight)).resolves.toBe(true);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `visitor-fit-${size}.png`) });
    expect(await fitProblems(page)).toEqual([]);
  });

  test('a lesson started on the docent page runs on both pages: a step completes when the model cuts the synapse', async () => {
    await page.setViewportSize(VIEWPORTS[1]!);
    await page.goto(new URL('/docent', live.web.url).href);
    await page.waitForSelector('body[data-state="live"]', WAIT);
    await page.getByRole('button', { name: /^Injury and recovery by rewiring/ }).click();
    await page.waitForFunction(() => document.getElementById('lesson')?.dataset.lesson === 'injury-and-recovery', undefined, WAIT);
    const visitor = await browser.context.newPage();
    try {
      await visitor.setViewportSize(VIEWPORTS[2]!);
      await visitor.goto(live.web.url);
      await visitor.waitForSelector('body[data-state="live"]', WAIT);
      await expect(visitor.locator('#lesson .prompt').textContent()).resolves.toBe('What happens when a connection is cut?');
      await visitor.getByRole('button', { name: 'Injury', exact: true }).click();
      // Done from the model's cut event, not after a time: the next step's prompt on the visitor view,
      // the first step ticked with what to notice and why on the docent page.
      await visitor.waitForFunction(() => document.querySelector('#lesson .prompt')?.textContent === 'Can Move recover?', undefined, WAIT);
      await page.waitForFunction(() => document.querySelector('#lesson .steps li.done')?.textContent?.includes('Why: The injury cut it.'), undefined, WAIT);
      // The step takes the invitation's place, in type at least as large.
      await expect(visitor.locator('#invite').isVisible()).resolves.toBe(false);
      const size = (selector: string) => visitor.locator(selector).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(await size('#lesson .prompt')).toBeGreaterThanOrEqual(await size('#invite'));
      if (SHOTS) await visitor.screenshot({ path: join(SHOTS, 'visitor-lesson-1024×768.png'), fullPage: true });
      if (SHOTS) await page.screenshot({ path: join(SHOTS, 'docent-lesson-1366×768.png'), fullPage: true });
      expect(await layoutProblems(visitor)).toEqual([]);
      expect(await layoutProblems(page)).toEqual([]);
    } finally {
      await visitor.close();
    }
  });

  test.each(DESKTOPS.map((v) => [`${v.width}×${v.height}`, v] as const))('the visitor view at %s fits the screen with a lesson running', async (size, viewport) => {
    // The lesson started by the test before is still running.
    await openVisitor(page, live.web.url, viewport);
    await expect(page.locator('#lesson .prompt').isVisible()).resolves.toBe(true);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `visitor-lesson-fit-${size}.png`) });
    expect(await fitProblems(page)).toEqual([]);
    expect(await layoutProblems(page)).toEqual([]);
    // The longest texts any lesson puts there still fit: a step's prompt and what to do, or, once a
    // lesson is done, its idea and the last step's why.
    const longest = (texts: string[]) => texts.reduce((a, b) => (b.length > a.length ? b : a));
    const lessons = lessonNames().map((n) => loadLesson(n).lesson);
    const big = longest(lessons.flatMap((l) => [l.idea, ...l.steps.map((s) => s.prompt)]));
    const small = longest(lessons.flatMap((l) => l.steps.flatMap((s) => [s.do, `Why: ${s.why}`])));
    await page.locator('#lesson').evaluate((el, [p, d]) => {
      el.querySelector('.prompt')!.textContent = p!;
      el.querySelector('.do')!.textContent = d!;
    }, [big, small]);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `visitor-lesson-longest-${size}.png`) });
    expect(await fitProblems(page)).toEqual([]);
  });

  test('every bundled exhibit\'s two views, on a projector and a Chromebook: no label cut off or broken mid-word', async () => {
    for (const file of (await listExhibits(bundled('exhibits'))).map((c) => c.file).filter((f) => !f.endsWith('default.json'))) {
      const other = await startLiveWeb({}, { exhibitFile: file });
      try {
        for (const view of ['/', '/docent']) {
          for (const viewport of [VIEWPORTS[1]!, VIEWPORTS[2]!]) {
            await page.setViewportSize(viewport);
            await page.goto(new URL(view, other.web.url).href);
            await page.waitForSelector('body[data-state="live"]', WAIT);
            await page.waitForFunction(() => document.querySelectorAll('[data-wire]').length > 0, undefined, WAIT);
            expect((await layoutProblems(page)).map((p) => `${other.exhibit.name} ${view} ${viewport.width}×${viewport.height}: ${p}`)).toEqual([]);
          }
        }
      } finally {
        await other.stop();
      }
    }
  });

  for (const view of ['/', '/docent']) {
    test.each(VIEWPORTS.map((v) => [`${v.width}×${v.height}`, v] as const))(`${view} at %s: no sideways scroll, no label cut off`, async (size, viewport) => {
      await page.setViewportSize(viewport);
      await page.goto(new URL(view, live.web.url).href);
      await page.waitForSelector('body[data-state="live"]', WAIT);
      // Let the first frames and captions arrive, and the charts lay out.
      await page.waitForFunction(() => document.querySelectorAll('[data-wire]').length > 0, undefined, WAIT);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `${view === '/' ? 'visitor' : 'docent'}-${size}.png`), fullPage: true });
      expect(await layoutProblems(page)).toEqual([]);
    });
  }
});

// Reason: the layout suite needs Debian's chromium (apt-get install chromium); .ci/run installs it and
// sets NEURON_KIT_REQUIRE_ALL=1, which turns this skip into a failure.
if (reason) test.skip(`view layout suite skipped: ${reason}`, () => {});
