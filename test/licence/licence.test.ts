import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('licence files match what the package ships', () => {
  test('package.json names both licences as one SPDX expression, and each has its text', () => {
    expect((JSON.parse(read('package.json')) as { license: string }).license).toBe('MIT AND LGPL-2.1-or-later');
    expect(read('LICENSE')).toMatch(/^MIT License/);
    expect(read('firmware/COPYING.LESSER')).toMatch(/GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1, February 1999/);
  });

  test('the Firmata-derived sketch keeps its authors, the LGPL notice and says what was modified', () => {
    const sketch = read('firmware/src/neuron_kit.cpp');
    expect(sketch).toContain('derived from StandardFirmata');
    expect(sketch).toContain('Copyright (C) 2009-2016 Jeff Hoefs');
    expect(sketch).toMatch(/Modified by the Neuron Kit authors/);
    expect(sketch).toMatch(/GNU Lesser General Public\s+License/);
  });

  test('THIRD-PARTY.md lists every library the firmware build links into the hex', () => {
    const notice = read('THIRD-PARTY.md');
    const build = read('firmware/build.sh');
    for (const f of /for f in ([\w. ]+); do/.exec(build)![1]!.trim().split(/\s+/)) expect(notice).toContain(f);
    for (const part of ['Arduino AVR core', 'avr-libc', 'libgcc']) expect(notice).toContain(part);
  });
});
