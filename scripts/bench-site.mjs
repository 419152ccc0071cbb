// `npm run bench:site`: the built site in headless Chromium (Debian's /usr/bin/chromium), unthrottled
// and with DevTools CPU throttling at 4× (Emulation.setCPUThrottlingRate, on the page and on the
// twin's Web Worker): how fast the twin runs against real time, how often the page draws and the
// strips change, and the JavaScript heap. Prints one table (or JSON with --json). Numbers, not a test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
/** Wall seconds measured per case, after a settling period. */
const MEASURE_S = Number(process.env.MEASURE_S ?? 15);
const SETTLE_S = 3;
/** Wall seconds of drawing measured per case. */
const DRAW_S = 5;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const dir = mkdtempSync(join(tmpdir(), 'neuron-kit-bench-site-'));
execFileSync(process.execPath, [join(root, 'scripts/build-site.mjs'), dir], { stdio: 'ignore' });
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(dir + sep)) return res.writeHead(404).end();
  try {
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });

/** One case: the visitor view of `exhibit`, throttled `rate`×, the twin in its worker or in the page, for MEASURE_S wall seconds. */
async function measure(rate, exhibit, where) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  // The twin's worker is its own target: throttle it too, as a slow machine would be. Commands reach
  // it through the page's session (Target.sendMessageToTarget), answers come back as events.
  let workerSession = null;
  let nextId = 1;
  const pending = new Map();
  const toWorker = (method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      cdp.send('Target.sendMessageToTarget', { sessionId: workerSession, message: JSON.stringify({ id, method, params }) }).catch(() => resolve(null));
    });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    if (m.error) process.stderr.write(`worker: ${JSON.stringify(m.error)}\n`);
    if (m.id !== undefined) pending.get(m.id)?.(m.result ?? null), pending.delete(m.id);
  });
  const workerThrottled = new Promise((resolve) => {
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type !== 'worker') return;
      workerSession = e.sessionId;
      toWorker('Emulation.setCPUThrottlingRate', { rate }).then(resolve);
      toWorker('Runtime.runIfWaitingForDebugger');
    });
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  await page.goto(`${url}?exhibit=${exhibit}${where === 'page' ? '&twin=page' : ''}`);
  // Chromium throttles pages only ("Operation is only supported for pages, not workers").
  const throttled = where === 'worker' ? await workerThrottled : null;
  await page.waitForSelector('body[data-state="live"]', { timeout: 120_000 });
  // The twin's speed as the page reports it, once a second; a page whose twin cannot keep real time
  // gives way to the renderer alone (?twin=direct) and the speeds stop there.
  const speeds = [];
  let fellBackAfterS = null;
  const t0 = Date.now();
  while (Date.now() - t0 < (SETTLE_S + MEASURE_S) * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    if (page.url().includes('twin=direct')) {
      fellBackAfterS = Math.round((Date.now() - t0) / 1000);
      break;
    }
    const x = await page.evaluate(() => Number(document.body.dataset.twinSpeed)).catch(() => NaN);
    if (Date.now() - t0 > SETTLE_S * 1000 && Number.isFinite(x)) speeds.push(x);
  }
  if (fellBackAfterS !== null) await page.waitForSelector('body[data-state="live"]', { timeout: 120_000 });
  // Drawing: frames the page paints and frames of the strips it shows, over a few seconds (again if
  // the page gave way to the renderer meanwhile).
  const draw = () => page.evaluate(async (seconds) => {
    let frames = 0;
    let ledFrames = 0;
    let last = document.body.dataset.latchedMs;
    let running = true;
    const count = () => {
      frames++;
      if (document.body.dataset.latchedMs !== last) {
        ledFrames++;
        last = document.body.dataset.latchedMs;
      }
      if (running) requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    running = false;
    const wallS = (performance.now() - t0) / 1000;
    const memory = performance.memory;
    return { fps: frames / wallS, ledFps: ledFrames / wallS, heapMB: memory ? memory.usedJSHeapSize / 1e6 : null };
  }, DRAW_S);
  let result;
  try {
    result = await draw();
  } catch {
    fellBackAfterS ??= Math.round((Date.now() - t0) / 1000);
    await page.waitForSelector('body[data-state="live"]', { timeout: 120_000 });
    result = await draw();
  }
  const heap = where === 'worker' ? await toWorker('Runtime.getHeapUsage') : null;
  const workerHeapMB = heap ? heap.usedSize / 1e6 : null;
  await context.close();
  const twinX = speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : 0;
  return { throttle: rate, where, workerThrottled: throttled !== null, fellBackAfterS, exhibit, twinX, twinMinX: speeds.length ? Math.min(...speeds) : 0, fps: result.fps, ledFps: result.ledFps, pageHeapMB: result.heapMB, workerHeapMB, };
}

const rows = [];
for (const where of ['worker', 'page']) for (const rate of [1, 4]) rows.push(await measure(rate, 'default', where));
await browser.close();
server.close();
rmSync(dir, { recursive: true, force: true });
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
else {
  const f = (x, d = 2) => (x === null ? '–' : x.toFixed(d));
  process.stdout.write('| twin in | CPU | twin (× real time, mean / worst second) | page frames/s | LED frames/s | page heap | worker heap |\n|---|---|---|---|---|---|---|\n');
  for (const r of rows) {
    const cpu = r.throttle === 1 ? 'unthrottled' : `${r.throttle}× throttled${r.where === 'worker' && !r.workerThrottled ? ' (page only)' : ''}`;
    const twin = r.fellBackAfterS === null ? `${f(r.twinX)} / ${f(r.twinMinX)}` : `${f(r.twinX)} / ${f(r.twinMinX)}; after ${r.fellBackAfterS} s the page drives the renderer directly`;
    process.stdout.write(`| ${r.where === 'worker' ? 'Web Worker' : 'the page'} | ${cpu} | ${twin} | ${f(r.fps, 0)} | ${f(r.ledFps, 0)} | ${f(r.pageHeapMB, 1)} MB | ${r.where === 'worker' ? `${f(r.workerHeapMB, 1)} MB` : '–'} |\n`);
  }
}
