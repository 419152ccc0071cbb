import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/mosquitto.js';
import { root, scratch } from '../helpers/cli.js';
import { within } from '../helpers/events.js';
import { startCli, type Running } from '../helpers/process.js';

/** A teacher restarts `neuron-kit broker` while the kits run on: what each side prints and does. */

const started: Running[] = [];
const track = (r: Running) => (started.push(r), r);
afterAll(() => {
  for (const r of started) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
});

/** Stops a command as Ctrl-C does and returns its exit code. */
async function ctrlC(r: Running): Promise<number | null> {
  r.child.kill('SIGINT');
  return (await within(30_000, r.exited, 'exit after Ctrl-C')).code;
}

const codeOf = (output: string): string => /Class code: (\S+)/.exec(output)![1]!;
const count = (text: string, part: string) => text.split(part).length - 1;

describe('the teacher restarts the class broker', () => {
  it('it keeps its class code, so the kit rejoins; a new code is refused once, in words, and the kit rejoins when the old one is back', async () => {
    const home = { XDG_STATE_HOME: scratch('neuron-kit-state-').dir };
    const port = String(await freePort());
    const broker = (...extra: string[]) => track(startCli(['broker', '--port', port, '--host', '127.0.0.1', ...extra], home));
    let b = broker();
    await within(30_000, b.waitFor('Press Ctrl-C'), 'broker start');
    const code = codeOf(b.output());
    // Kept for the next run on this port, readable by the teacher's account alone (the code admits a kit).
    const kept = join(home.XDG_STATE_HOME, 'neuron-kit', `class-code-${port}`);
    expect(readFileSync(kept, 'utf8')).toBe(`${code}\n`);
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    const kit = track(startCli(['run', '--board', 'emulated', '--no-web', '--no-state', '--exhibit', join(root, 'exhibits', 'class', 'kit-1.json'), '--broker', `mqtt://127.0.0.1:${port}`, '--class', 'room-4', '--kit', 'kit-1', '--class-code', code], home));
    await within(90_000, kit.waitFor('Kit "kit-1" joined class "room-4"'), () => `kit joins (its output: ${kit.output()})`);

    // Restarted as it was started: the same code, and the kit back by itself.
    expect(await ctrlC(b)).toBe(0);
    await within(30_000, kit.waitFor('Lost the class broker'), 'kit notices the broker went');
    b = broker();
    await within(30_000, b.waitFor('Press Ctrl-C'), 'broker restart');
    expect(codeOf(b.output())).toBe(code);
    expect(b.output()).toContain('the same as last time on this port, so kits already in the class rejoin by themselves');
    await within(30_000, kit.waitFor('Rejoined class "room-4".'), () => `kit rejoins (its output: ${kit.output()})`);

    // Restarted with a fresh code: the kit is refused, says so once with what to do, and keeps asking.
    expect(await ctrlC(b)).toBe(0);
    b = broker('--new-code');
    await within(30_000, b.waitFor('Press Ctrl-C'), 'broker with a new code');
    expect(codeOf(b.output())).not.toBe(code);
    const refusal = 'now refuses kit "kit-1" of class "room-4" (restarted with another class code?): start the broker again with --class-code and the code this kit was given';
    await within(30_000, kit.waitFor(refusal), () => `kit refused (its output: ${kit.output()})`);

    // The old code again: the kit rejoins on its next try (every 5 s), without a restart.
    expect(await ctrlC(b)).toBe(0);
    const rejoinsBefore = count(kit.output(), 'Rejoined class');
    b = broker('--class-code', code);
    await within(30_000, b.waitFor('Press Ctrl-C'), 'broker with the old code');
    await within(30_000, new Promise<void>((resolve) => {
      const check = setInterval(() => count(kit.output(), 'Rejoined class') > rejoinsBefore && (clearInterval(check), resolve()), 50);
    }), () => `kit rejoins with the old code (its output: ${kit.output()})`);
    expect(count(kit.output(), refusal)).toBe(1);
    expect(kit.output()).not.toContain(code);
    expect(await ctrlC(kit)).toBe(0);
    expect(await ctrlC(b)).toBe(0);
  }, 240_000);

  it('two kits started with the same --kit name are each told so, with what to change', async () => {
    const home = { XDG_STATE_HOME: scratch('neuron-kit-state-').dir };
    const port = String(await freePort());
    const b = track(startCli(['broker', '--port', port, '--host', '127.0.0.1', '--class-code', 'otter-maple-4821'], home));
    await within(30_000, b.waitFor('Press Ctrl-C'), 'broker start');
    const kit = () => track(startCli(['run', '--board', 'emulated', '--no-web', '--no-state', '--exhibit', join(root, 'exhibits', 'class', 'kit-1.json'), '--broker', `mqtt://127.0.0.1:${port}`, '--class', 'room-4', '--kit', 'kit-1', '--class-code', 'otter-maple-4821'], home));
    const first = kit();
    await within(90_000, first.waitFor('joined class "room-4"'), () => `first kit joins (${first.output()})`);
    const second = kit();
    const warning = 'Another kit has also joined class "room-4" as "kit-1": give each kit its own --kit name';
    await within(90_000, Promise.all([first.waitFor(warning), second.waitFor(warning)]), () => `both warned (first: ${first.output()}; second: ${second.output()})`);
    expect(count(first.output(), warning)).toBe(1);
    for (const r of [second, first, b]) expect(await ctrlC(r)).toBe(0);
  }, 240_000);
});
