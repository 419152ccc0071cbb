import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassLink, startBroker, type RunningBroker } from '../../src/class/index.js';
import { chromiumMissing, launchChromium } from '../web/chromium.js';
import { cli, root, scratch } from '../helpers/cli.js';

/** Two kits of a class as a teacher runs them: `neuron-kit run --broker …` in two processes, on twins. */

const CODE = 'otter-maple-1234';
const files = scratch('neuron-kit-class-');
const kit = (n: number) => join(root, 'exhibits', 'class', `kit-${n}.json`);

describe('a class of two kits on the embedded broker', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startBroker({ port: 0, host: '127.0.0.1', classCode: CODE });
  });
  afterAll(() => broker.close());

  const join2 = (n: number) => ['--broker', broker.url, '--class', 'room-4', '--kit', `kit-${n}`, '--class-code', CODE];

  it('a press on kit 1 fires its neuron on kit 2, after the long axon, every time', async () => {
    // Kit 1's visitor taps from 6 s of board time, when both twins have booted and joined.
    const script = files.write('taps.json', [{ at: '6s', repeat: { tap: 'A', hz: 2, count: 10 } }]);
    const [two, one] = await Promise.all([
      cli('run', '--board', 'emulated', '--exhibit', kit(2), '--for', '14s', '--json', ...join2(2)),
      cli('run', '--board', 'emulated', '--exhibit', kit(1), '--script', script, '--for', '12s', '--json', ...join2(1)),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const sender = JSON.parse(one.stdout);
    const receiver = JSON.parse(two.stdout);
    expect(sender.presses.A).toBe(10);
    expect(sender.class.spikesSent).toBe(sender.spikes.A);
    // Every tap (and kit 1's background spikes once kit 2 listened) arrived and fired kit-1/A on kit 2.
    expect(receiver.class.spikesReceived).toBeGreaterThanOrEqual(10);
    expect(receiver.spikes['kit-1/A']).toBe(receiver.class.delivered + receiver.class.late);
    expect(receiver.class.delivered + receiver.class.late + receiver.class.notDelivered).toBe(receiver.class.spikesReceived);
    expect(receiver.class.delivered + receiver.class.late).toBeGreaterThanOrEqual(10);
    expect(receiver.class.dropped).toBe(0);
    // The long axon's synapse is drawn on kit 2's strip like any other.
    expect(receiver.synapses['kit-1/A->B'].exists).toBe(true);
    const lit = receiver.strips[0].pixels.slice(14, 24).filter((p: number[]) => Math.max(...p) > 0);
    expect(lit.length).toBe(3); // a pixel per contact
  });

  it('a wrong class code stops the kit at once with what to check', async () => {
    const r = await cli('run', '--board', 'emulated', '--exhibit', kit(1), '--for', '1s', '--no-web', '--broker', broker.url, '--class', 'room-4', '--kit', 'kit-1', '--class-code', 'guess-1234');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refused kit "kit-1" of class "room-4": check the class code/);
    expect(r.stderr).not.toMatch(/guess-1234|at .*\.js/);
  });
});

describe('mistakes with a class are named before anything starts', () => {
  const bad: Array<[string, string[], RegExp]> = [
    ['no kit name', ['--broker', 'mqtt://127.0.0.1:1883'], /--broker needs --kit NAME/],
    ['a web address', ['--broker', 'http://example.org', '--kit', 'kit-1'], /--broker must start with mqtt:\/\/ or mqtts:\/\//],
    ['not a URL', ['--broker', 'my laptop', '--kit', 'kit-1'], /--broker must be a URL like mqtt:\/\//],
    ['a kit name with a slash', ['--broker', 'mqtt://127.0.0.1:1883', '--kit', 'kit/1'], /--kit must be letters, digits/],
    ['fast time', ['--broker', 'mqtt://127.0.0.1:1883', '--kit', 'kit-1', '--fast'], /--broker links kits in real time: drop --fast/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} with exit 2`, async () => {
      const r = await cli('run', '--board', 'emulated', '--exhibit', kit(1), '--for', '1s', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }

  it('an exhibit whose remote input names no kit is refused by JSON path', async () => {
    const doc = { ...(await import(kit(2), { with: { type: 'json' } })).default, remote: [{ from: 'A', to: 'B' }] };
    const r = await cli('run', '--board', 'emulated', '--exhibit', files.write('bad.json', doc), '--for', '1s');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/remote\[0\]\.from: must name another kit's neuron as "kit\/neuron"/);
  });
});

describe.skipIf(chromiumMissing() !== '')('the exhibit\'s page shows its class link', () => {
  it('the docent page says which class and kit, and how many other kits are online', async () => {
    const broker = await startBroker({ port: 0, host: '127.0.0.1', classCode: CODE });
    const other = new ClassLink({ url: broker.url, className: 'room-4', kit: 'kit-1', now: () => performance.now(), listensTo: [], classCode: CODE, presence: { exhibit: 'one', publishes: ['A'] } });
    await other.start();
    const child = spawn(process.execPath, [join(root, 'bin', 'neuron-kit.js'), 'run', '--board', 'emulated', '--port', '0', '--no-log', '--exhibit', kit(2), '--broker', broker.url, '--class', 'room-4', '--kit', 'kit-2', '--class-code', CODE], { stdio: ['ignore', 'ignore', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stderr!.on('data', (b: Buffer) => {
        seen += b.toString();
        const m = /Page: (http\S+)/.exec(seen);
        if (m) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error(`run ended early: ${seen}`)));
    });
    const browser = await launchChromium({ width: 1366, height: 768 });
    try {
      const page = await browser.context.newPage();
      await page.goto(new URL('/docent', url).toString());
      await expect.poll(() => page.textContent('#status'), { timeout: 60_000 }).toMatch(/class room-4 as kit-2: linked, 1 other kit online/);
    } finally {
      await browser.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await other.close();
      await broker.close();
    }
  }, 120_000);
});
