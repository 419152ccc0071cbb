import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, scratch } from '../helpers/cli.js';
import { hasTool } from '../helpers/system.js';
import { hasMosquitto } from '../helpers/mosquitto.js';

/**
 * A class across two computers, as docs/class.md tells a teacher to set it up: two Linux network
 * namespaces joined by a veth link are the teacher's laptop (host A: the broker, its class view and
 * kit 1) and a second computer (host B: kit 2), each with its own network stack, addresses and ports.
 * Every part is the real command in its own process; only the cable is virtual.
 */

const exec = promisify(execFile);
const bin = join(root, 'bin', 'neuron-kit.js');

/**
 * Why this suite cannot run here, or '' if it can. A missing `ip` is a missing package: with
 * NEURON_KIT_REQUIRE_ALL=1 (CI) hasTool fails instead. Root and a kernel that grants network
 * namespaces are the machine's, not packages: without them the suite skips, saying so, even in CI.
 */
function netnsMissing(): string {
  let reason = '';
  if (process.getuid?.() !== 0) reason = 'network namespaces need root (CI runs as root)';
  else if (!hasTool('ip', ['-V'], 'apt-get install iproute2')) return 'ip is not installed (apt-get install iproute2)';
  else {
    // A container may refuse new namespaces even to root: try one.
    const probe = `nk-probe-${process.pid}`;
    try {
      execFileSync('ip', ['netns', 'add', probe], { stdio: 'ignore' });
      execFileSync('ip', ['netns', 'del', probe], { stdio: 'ignore' });
    } catch {
      reason = '`ip netns add` is not allowed here (a container without CAP_SYS_ADMIN?)';
    }
  }
  return reason;
}
const reason = netnsMissing();

// Unique per run, so two runs on one machine never share a namespace; interface names have at most 15 characters.
const HOST_A = `nk-a-${process.pid}`;
const HOST_B = `nk-b-${process.pid}`;
const A_ADDRESS = '10.77.0.1';
const B_ADDRESS = '10.77.0.2';
const kit = (n: number) => join(root, 'exhibits', 'class', `kit-${n}.json`);
const files = scratch('neuron-kit-two-hosts-');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` on stderr; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}
const children = new Set<ChildProcess>();

/** `node bin/neuron-kit.js ARGS` on a host: `ip netns exec HOST …`, the way a command runs on that computer. */
function onHost(host: string, command: string, args: string[]): Running {
  // Each computer keeps its state (a broker's class code, a kit's model) in the test's own folder.
  const child = spawn('ip', ['netns', 'exec', host, command, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_STATE_HOME: join(files.dir, host) } });
  children.add(child);
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => {
    err += b.toString();
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (children.delete(child), resolve(code))));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(err);
          if (m) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve(m);
          }
        };
        waiters.push(check);
        check();
        void exited.then((code) => reject(new Error(`${args.slice(0, 2).join(' ')} ended (${code}) before ${pattern}: ${err}`)));
      }),
  };
}
const neuronKit = (host: string, ...args: string[]) => onHost(host, process.execPath, [bin, ...args]);

/** Stops a long-running command as Ctrl-C does and waits for it; a kill if it does not stop. */
async function stop(r: Running): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  r.child.kill('SIGINT');
  const timer = setTimeout(() => r.child.kill('SIGKILL'), 10_000);
  await r.exited;
  clearTimeout(timer);
}

/** The class view's first event (its snapshot of the class), fetched from inside `host`'s network. */
async function viewSnapshot(host: string, url: string): Promise<{ kits: Record<string, { online: boolean; exhibit?: string; publishes: string[]; remote: Array<{ from: string; to: string }> }> }> {
  const script = `
    const res = await fetch(${JSON.stringify(new URL('/events', url).toString())});
    const reader = res.body.getReader();
    let text = '';
    while (!text.includes('\\n\\n')) text += new TextDecoder().decode((await reader.read()).value);
    process.stdout.write(text.slice(text.indexOf('data: ') + 6, text.indexOf('\\n\\n')));
    process.exit(0);`;
  const { stdout } = await exec('ip', ['netns', 'exec', host, process.execPath, '--input-type=module', '-e', script], { timeout: 10_000 });
  return JSON.parse(stdout);
}

/**
 * Kit 1's visitor taps Touch ten times at 2 Hz from 6 s of board time: its twin has booted and joined,
 * and the test's own look at the class views (a process each) is over, so it does not share the cores.
 */
const taps = files.write('taps.json', [{ at: '6s', repeat: { tap: 'A', hz: 2, count: 10 } }]);

/** A kit's end-of-run class line: "Class: N spikes sent, M received (… on time, … late[, … while …]), … messages dropped." */
function classLine(out: string) {
  const m = /Class: (\d+) spikes sent, (\d+) received \((\d+) on time, (\d+) late(?:, (\d+) while the exhibit was not running)?\), (\d+) messages dropped\./.exec(out);
  expect(m, out).not.toBeNull();
  const [sent, received, onTime, late, notRunning, dropped] = m!.slice(1).map((n) => Number(n ?? 0));
  return { sent: sent!, received: received!, onTime: onTime!, late: late!, notRunning: notRunning!, dropped: dropped! };
}

/**
 * Both kits of the class on their hosts, as at an exhibition: kit 2 on B runs until stopped (Ctrl-C);
 * once it has joined, kit 1 on A runs a visitor's taps for 12 s. Kit 2 stops once it has seen kit 1
 * leave, so every spike kit 1 sent (on the same connection, before it left) has reached it.
 */
async function runKits(brokerUrl: string, join: string[], whileRunning: () => Promise<void>) {
  const two = neuronKit(HOST_B, 'run', '--board', 'emulated', '--exhibit', kit(2), '--broker', brokerUrl, '--class', 'room-4', '--kit', 'kit-2', ...join);
  await Promise.all([two.waitFor(/Kit "kit-2" joined class "room-4"/), two.waitFor(/Running on the emulated board/)]);
  const one = neuronKit(HOST_A, 'run', '--board', 'emulated', '--exhibit', kit(1), '--broker', brokerUrl, '--class', 'room-4', '--kit', 'kit-1', ...join, '--script', taps, '--for', '12s');
  // Each kit names the other once both have joined across the link.
  await Promise.all([one.waitFor(/Kit "kit-2" is in the class\./), two.waitFor(/Kit "kit-1" is in the class\./)]);
  await whileRunning();
  expect(await one.exited, one.stderr()).toBe(0);
  await two.waitFor(/Kit "kit-1" left the class\./);
  await stop(two);
  expect(two.child.exitCode, two.stderr()).toBe(0);
  return { one: one.stdout(), two: two.stdout() };
}

/** What the two kits' outputs must show: every spike kit 1 sent reached kit 2 across the link, the taps among them. */
function expectOneNetwork(one: string, two: string) {
  expect(one).toMatch(/Presses: Touch \(A\) 10\./);
  const sender = classLine(one);
  const receiver = classLine(two);
  // Kit 2 listened before kit 1 started: nothing kit 1 sent was lost on the way, and nothing dropped.
  expect(sender.sent).toBeGreaterThanOrEqual(10);
  expect(receiver.received).toBe(sender.sent);
  expect(receiver.dropped).toBe(0);
  expect(receiver.onTime + receiver.late + receiver.notRunning).toBe(receiver.received);
  // How many came on time (send time + the 60 ms axon) is reported, not held: on a quiet machine all
  // of them, but with other suites' twins busy on the same two cores a process stall delayed 1–4 of 17–18
  // by 7–140 ms, which is scheduling, not the link. Delivery on time under network jitter is held in
  // survival.test.ts, where it does not depend on the machine's load.
  expect(receiver.onTime + receiver.late).toBe(receiver.received);
  // They fired kit 2's copy of kit 1's Touch (each 60 ms after its arrival: the last may still be on its
  // way when kit 2 stops, the taps are long done) through the long-axon synapse onto Move.
  const fired = Number(/Action potentials: .*kit-1\/A (\d+)\./.exec(two)?.[1]);
  expect(fired, two).toBeGreaterThanOrEqual(10);
  expect(fired).toBeLessThanOrEqual(receiver.received);
  expect(two).toMatch(/ {2}kit-1\/A → Move: efficacy \d\.\d\d, 3 contacts/);
  return { sent: sender.sent, received: receiver.received, onTime: receiver.onTime, late: receiver.late };
}

describe.skipIf(reason !== '')('two kits on two hosts form one network', () => {
  beforeAll(() => {
    const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
    ip('netns', 'add', HOST_A);
    ip('netns', 'add', HOST_B);
    ip('link', 'add', `nka${process.pid}`, 'type', 'veth', 'peer', 'name', `nkb${process.pid}`);
    ip('link', 'set', `nka${process.pid}`, 'netns', HOST_A);
    ip('link', 'set', `nkb${process.pid}`, 'netns', HOST_B);
    ip('-n', HOST_A, 'addr', 'add', `${A_ADDRESS}/24`, 'dev', `nka${process.pid}`);
    ip('-n', HOST_B, 'addr', 'add', `${B_ADDRESS}/24`, 'dev', `nkb${process.pid}`);
    for (const [host, dev] of [[HOST_A, `nka${process.pid}`], [HOST_B, `nkb${process.pid}`]] as const) {
      ip('-n', host, 'link', 'set', dev, 'up');
      ip('-n', host, 'link', 'set', 'lo', 'up');
    }
  });

  afterAll(async () => {
    // Whatever happened, no process outlives the suite and no namespace stays behind.
    await Promise.all(
      [...children].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    for (const host of [HOST_A, HOST_B]) {
      try {
        execFileSync('ip', ['netns', 'del', host], { stdio: 'ignore' });
      } catch {
        // Never made (beforeAll failed early): nothing to remove.
      }
    }
  });

  it('with the embedded broker: the teacher\'s laptop prints the line kit 2 types, its class view shows both kits', async () => {
    // Host A: `neuron-kit broker --class room-4`, as docs/class.md step 1 says.
    const broker = neuronKit(HOST_A, 'broker', '--class', 'room-4');
    const code = (await broker.waitFor(/Class code: (\S+)/))[1]!;
    const viewUrl = (await broker.waitFor(/Class view of "room-4": (http\S+)/))[1]!;
    // Among the lines it prints, the one with this computer's address on the kits' network is what other computers type.
    const line = (await broker.waitFor(new RegExp(`^  (npx neuron-kit run .*--broker mqtt://${A_ADDRESS.replace(/\./g, '\\.')}:1883 .*)$`, 'm')))[1]!;
    expect(line).toBe(`npx neuron-kit run --exhibit EXHIBIT.json --broker mqtt://${A_ADDRESS}:1883 --class room-4 --kit KIT --class-code ${code}`);
    expect(broker.stderr()).toMatch(/--broker mqtt:\/\/127\.0\.0\.1:1883 /);
    // Host B also watches, as any other computer can: `neuron-kit class-view --broker …`.
    const remoteView = neuronKit(HOST_B, 'class-view', '--broker', `mqtt://${A_ADDRESS}:1883`, '--class', 'room-4', '--class-code', code);
    const remoteViewUrl = (await remoteView.waitFor(/Class view of "room-4": (http\S+)/))[1]!;

    try {
      const { one, two } = await runKits(`mqtt://${A_ADDRESS}:1883`, ['--class-code', code], async () => {
        for (const [host, url] of [[HOST_A, viewUrl], [HOST_B, remoteViewUrl]] as const) {
          await expect.poll(async () => {
            const { kits } = await viewSnapshot(host, url);
            return [kits['kit-1']?.online, kits['kit-2']?.online, kits['kit-2']?.remote];
          }, { timeout: 10_000 }).toEqual([true, true, [{ from: 'kit-1/A', to: 'B' }]]);
        }
      });
      const figures = expectOneNetwork(one, two);
      process.stderr.write(`two hosts, embedded broker: ${JSON.stringify(figures)}\n`);
    } finally {
      await stop(remoteView);
      await stop(broker);
    }
    expect(broker.stderr()).not.toMatch(/Error|at .*\.js/);
  }, 120_000);

  it.skipIf(!hasMosquitto())('with Mosquitto on the teacher\'s laptop, listening on the network', async () => {
    // Mosquitto 2 listens only on loopback unless told otherwise (docs/class.md gives these lines).
    const conf = files.write('mosquitto.conf', `listener 1883\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type information\n`);
    const mosquitto = onHost(HOST_A, 'mosquitto', ['-c', conf]);
    await mosquitto.waitFor(/ running/);
    // The class view on host A, shared with the room (`--host 0.0.0.0`), fetched from host B.
    const view = neuronKit(HOST_A, 'class-view', '--broker', `mqtt://${A_ADDRESS}:1883`, '--class', 'room-4', '--host', '0.0.0.0');
    await view.waitFor(/Class view of "room-4": (http\S+)/);
    try {
      const { one, two } = await runKits(`mqtt://${A_ADDRESS}:1883`, [], async () => {
        // The page itself, as a browser on host B gets it.
        const page = await exec('ip', ['netns', 'exec', HOST_B, process.execPath, '--input-type=module', '-e', `const r = await fetch('http://${A_ADDRESS}:8090/'); process.stdout.write(r.status + ' ' + await r.text())`], { timeout: 10_000 });
        expect(page.stdout).toMatch(/^200 <!doctype html>[\s\S]*"room-4"/i);
        await expect.poll(async () => {
          const { kits } = await viewSnapshot(HOST_B, `http://${A_ADDRESS}:8090/`);
          return [kits['kit-1']?.online, kits['kit-2']?.online, kits['kit-1']?.publishes];
        }, { timeout: 10_000 }).toEqual([true, true, ['A']]);
      });
      const figures = expectOneNetwork(one, two);
      process.stderr.write(`two hosts, Mosquitto: ${JSON.stringify(figures)}\n`);
    } finally {
      await stop(view);
      await stop(mosquitto);
    }
  }, 120_000);
});

// Reason: the two hosts are network namespaces, which need iproute2 (a missing `ip` fails CI), root
// and a kernel that grants namespaces (the machine's, not a package: without them it skips, saying why).
if (reason) it.skip(`two-host class test skipped: ${reason}`, () => {});
