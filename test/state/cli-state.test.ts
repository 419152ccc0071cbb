import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/state/checkpoint.js';
import { cli, root } from '../helpers/cli.js';

/** `neuron-kit run --state DIR`: the exhibit's state across runs of the command, as a technician sees it. */

const folder = () => mkdtempSync(join(tmpdir(), 'neuron-kit-cli-state-'));
const FILE = 'neuron-kit.checkpoint'; // the default exhibit is called "Neuron Kit"

describe('neuron-kit run --state', () => {
  it('saves the state at the end and goes on from it next time; a damaged one is one line on stderr and a fresh start', async () => {
    const dir = folder();
    const args = ['run', '--board', 'emulated', '--for', '1s', '--fast', '--no-web', '--state', dir];
    const first = await cli(...args);
    expect(first.code).toBe(0);
    const saved = await readCheckpoint(join(dir, FILE));
    expect(saved).toMatchObject({ body: { exhibit: { name: 'Neuron Kit' } } });
    expect(first.stdout + first.stderr).not.toMatch(/Going on from/);
    const again = await cli(...args);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/Saved state/);
    // A restart says that it went on from the saved state, when that was saved and how many visits it holds.
    expect(again.stdout + again.stderr).toMatch(/Going on from the saved state of \d{4}-\d\d-\d\dT[\d:.]+Z \(.*neuron-kit\.checkpoint\): \d+ visits? so far\./);
    writeFileSync(join(dir, FILE), readFileSync(join(dir, FILE), 'utf8').replace('"sessions":', '"sessionz":'));
    const damaged = await cli(...args);
    expect(damaged.code).toBe(0);
    const lines = damaged.stderr.split('\n').filter((l) => /Saved state/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/not used: its checksum does not match.*starting afresh/);
    expect(await readCheckpoint(join(dir, FILE))).toMatchObject({ body: { exhibit: { name: 'Neuron Kit' } } });
    expect(readdirSync(dir).sort()).toEqual([FILE, `${FILE}.unreadable`]);
  }, 120_000);

  it('an open-ended run keeps its state under $XDG_STATE_HOME/neuron-kit and saves it when stopped; a timed trial does not, nor --no-state', async () => {
    const xdg = folder();
    const env = { ...process.env, XDG_STATE_HOME: xdg };
    const proc = spawn(process.execPath, [join(root, 'bin', 'neuron-kit.js'), 'run', '--board', 'emulated', '--no-web'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve) => proc.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), /Running on/.test(stderr) && resolve())));
    proc.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(await readCheckpoint(join(xdg, 'neuron-kit', FILE))).toMatchObject({ body: { exhibit: { name: 'Neuron Kit' } } });
    const trial = folder();
    process.env.XDG_STATE_HOME = trial;
    try {
      expect((await cli('run', '--board', 'emulated', '--for', '1s', '--fast', '--no-web')).code).toBe(0);
      // The visitor log lives there too (neuron-kit/logs); the state is what must not be saved.
      expect(existsSync(join(trial, 'neuron-kit', FILE))).toBe(false);
    } finally {
      delete process.env.XDG_STATE_HOME;
    }
    const none = folder();
    expect((await cli('run', '--board', 'emulated', '--for', '1s', '--fast', '--no-web', '--state', none, '--no-state')).code).toBe(0);
    expect(readdirSync(none)).toEqual([]);
  }, 120_000);
});
