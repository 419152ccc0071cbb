import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_VERSION, CheckpointError, decodeCheckpoint, defaultStateDir, encodeCheckpoint, readCheckpoint, writeCheckpoint } from '../../src/state/checkpoint.js';

/** Checkpoint files: a header with format, version, length and checksum; refused whole when anything is off. */

const folder = () => mkdtempSync(join(tmpdir(), 'neuron-kit-checkpoint-'));
const reason = (text: string) => {
  try {
    decodeCheckpoint(text);
  } catch (err) {
    if (err instanceof CheckpointError) return err.reason;
    throw err;
  }
  return 'read';
};

describe('the checkpoint format', () => {
  const body = { model: { v: -Infinity, w: -0, x: [1, 2, 3] }, name: 'Neuron Kit' };
  const text = encodeCheckpoint(body);

  it('reads back what was written, exactly', () => {
    const back = decodeCheckpoint(text) as typeof body;
    expect(back.model.v).toBe(-Infinity);
    expect(Object.is(back.model.w, -0)).toBe(true);
    expect(back.name).toBe('Neuron Kit');
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({ format: 'neuron-kit-state', version: CHECKPOINT_VERSION });
  });

  it('refuses a changed byte, a file cut short, another version and a file that is not a checkpoint', () => {
    expect(reason(text.replace('Neuron Kit', 'Neuron Kat'))).toBe('corrupt');
    expect(reason(text.slice(0, text.length - 20))).toBe('corrupt');
    expect(reason(text.slice(0, 40))).toBe('foreign');
    expect(reason(text.replace(`"version":${CHECKPOINT_VERSION}`, '"version":99'))).toBe('version');
    expect(reason('{"name":"Neuron Kit","neurons":[]}')).toBe('foreign');
    expect(reason('')).toBe('foreign');
    expect(reason('\u0000\u0001garbage')).toBe('foreign');
  });

  it('reading: no file is null, a bad one a CheckpointError, never an exception', async () => {
    const dir = folder();
    expect(await readCheckpoint(join(dir, 'none.checkpoint'))).toBeNull();
    writeFileSync(join(dir, 'bad.checkpoint'), 'garbage');
    expect(await readCheckpoint(join(dir, 'bad.checkpoint'))).toBeInstanceOf(CheckpointError);
    expect(await readCheckpoint(dir)).toBeInstanceOf(CheckpointError); // a folder, not a file
    const path = join(dir, 'deeper', 'still', 'a.checkpoint');
    const bytes = await writeCheckpoint(path, body);
    expect(bytes).toBe(readFileSync(path).length);
    expect(await readCheckpoint(path)).toEqual({ body: decodeCheckpoint(text) });
  });

  it('lives under the user\'s state folder by default', () => {
    expect(defaultStateDir({ XDG_STATE_HOME: '/srv/state' }, 'linux', '/home/m')).toBe('/srv/state/neuron-kit');
    expect(defaultStateDir({ XDG_STATE_HOME: 'relative' }, 'linux', '/home/m')).toBe('/home/m/.local/state/neuron-kit');
    expect(defaultStateDir({}, 'linux', '/home/m')).toBe('/home/m/.local/state/neuron-kit');
    expect(defaultStateDir({}, 'darwin', '/Users/m')).toBe('/Users/m/Library/Application Support/neuron-kit');
  });
});

describe('a writer killed at any moment', () => {
  const child = join(import.meta.dirname, 'checkpoint-child.mjs');

  /** Runs the writer child from generation `first`; kills it (SIGKILL) after `after` checkpoints plus a random delay. */
  function writer(file: string, first: number, after: number, delayMs: number): Promise<void> {
    const proc = spawn(process.execPath, [child, file, String(first)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let done = 0;
    proc.stdout.on('data', (d: Buffer) => {
      done += d.toString().trim().split('\n').length;
      if (done === after) setTimeout(() => proc.kill('SIGKILL'), delayMs);
    });
    return new Promise((resolve) => proc.on('close', () => resolve()));
  }

  it('leaves the last checkpoint or the next, always whole (40 kills)', async () => {
    const dir = folder();
    const file = join(dir, 'exhibit.checkpoint');
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647), seed / 2147483647);
    let generation = 0;
    for (let i = 0; i < 40; i++) {
      await writer(file, generation + 1, 1, Math.floor(random() * 6));
      const read = await readCheckpoint(file);
      expect(read, `after kill ${i}`).not.toBeInstanceOf(CheckpointError);
      const g = (read as { body: { generation: number } }).body.generation;
      expect(g).toBeGreaterThan(generation);
      generation = g;
    }
    // Each write first removes what killed writers left: at most the last one's temporary file remains.
    const names = readdirSync(dir);
    expect(names.filter((n) => !n.includes('.tmp-'))).toEqual(['exhibit.checkpoint']);
    expect(names.length).toBeLessThanOrEqual(2);
  }, 120_000);
});
