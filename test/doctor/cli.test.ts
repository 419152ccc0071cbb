import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { doctorCommand, DoctorFaultsError } from '../../src/cli/commands/doctor.js';
import { UsageError } from '../../src/cli/errors.js';
import { bundled } from '../../src/package-files.js';
import { AskPerson } from '../../src/cli/ask-person.js';

const capture = () => {
  const lines: string[] = [];
  return { lines, out: { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) } };
};

describe('neuron-kit doctor (command)', () => {
  it('on the twin with a shipped as-built file: prints the conversation, names the fault and fails', async () => {
    const { lines, out } = capture();
    const run = doctorCommand({ board: 'emulated', asBuilt: bundled('hardware', 'doctor', 'wrong-button.json') }, out);
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DoctorFaultsError);
    expect((err as DoctorFaultsError).message).toBe('The doctor found 1 fault: Touch button.');
    const text = lines.join('\n');
    expect(text).toContain('== Strip 0 (data on D6)');
    expect(text).toContain('? Is this the A→C synapse (strip 0, pixels 16–25)? — yes');
    expect(text).toContain('✗ Touch is wired to D5, the exhibit says D2.');
    expect(text).toContain('→ Move the wire from D5 to D2, or set neurons[0].button to 5 in the exhibit file.');
  });

  it('refuses an as-built file with mistakes, naming each by its path', async () => {
    const { out } = capture();
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/doctor-');
    await writeFile(`${dir}/bad.json`, JSON.stringify({ buttons: { Tuch: 5 }, strips: [{ length: 'forty' }], dial: { adult: 1.5 } }));
    const err = await doctorCommand({ board: 'emulated', asBuilt: `${dir}/bad.json` }, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).toContain('strips[0].length: must be a whole number 1–1000, got "forty"');
    expect(message).toContain('buttons.Tuch: the exhibit has no button "Tuch" (its buttons: Touch, Light, Injury)');
    expect(message).toContain('dial.adult: must be a fraction of 5 V from 0 to 1, got 1.5');
  });

  it('--as-built and --firmware need the emulated board', async () => {
    const { out } = capture();
    await expect(doctorCommand({ board: '/dev/ttyACM0', asBuilt: 'x.json' }, out)).rejects.toThrow(/--as-built is for the emulated board/);
    await expect(doctorCommand({ board: 'emulated', firmware: 'old' }, out)).rejects.toThrow(/--firmware must be kit or stock/);
  });
});

describe('the person at a terminal', () => {
  it('asks again until the answer makes sense, and confirms the dial with Enter', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString()));
    const person = new AskPerson(input, output);
    const q = { kind: 'any-lit', strip: 0, lit: 'strip 0 (D6): pixel 0', text: 'Is any LED of strip 0 lit?' } as const;
    const yes = person.yesNo(q);
    input.write('maybe\nY\n');
    expect(await yes).toBe(true);
    const colour = person.colour({ kind: 'first-colour', strip: 0, lit: 'pixel 0 red', text: 'What colour?' });
    input.write('g\n');
    expect(await colour).toBe('green');
    const count = person.count({ kind: 'strip-length', strip: 0, lit: '', text: 'How many?' });
    input.write('a dozen\n12\n');
    expect(await count).toBe(12);
    const turned = person.act({ kind: 'turn', control: 'Age', to: 'adult', text: 'Turn the Age dial all the way to adult.' });
    input.write('\n');
    await turned;
    expect(printed).toContain('Please answer y or n.');
    expect(printed).toContain('(lit now: strip 0 (D6): pixel 0)');
    expect(printed).toContain('Please type a whole number');
    const never = person.yesNo(q);
    input.end();
    await expect(never).rejects.toThrow(/input ended/);
  }, 5000);
});
