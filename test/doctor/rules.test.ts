import { describe, expect, it } from 'vitest';
import { ALL_ORDERS, deriveOrder, firmwareCheck, nameColour, reinterpret } from '../../src/doctor/index.js';
import { COLOR_ORDERS } from '../../src/exhibit/index.js';

describe('working out a strip\'s colour order', () => {
  // What a strip built with order `real` shows for a colour the firmware sends in order `configured`.
  const seen = (configured: string, real: string, channel: 'R' | 'G') => ({ R: 'red', G: 'green', B: 'blue' } as const)[real[configured.indexOf(channel)] as 'R' | 'G' | 'B'];

  it('finds every real order from what red and green look like, whatever the exhibit says', () => {
    for (const configured of COLOR_ORDERS) {
      for (const real of ALL_ORDERS) {
        const verdict = deriveOrder(configured, seen(configured, real, 'R'), seen(configured, real, 'G'));
        if (real === configured) expect(verdict).toEqual({ kind: 'same' });
        else expect(verdict).toEqual({ kind: (COLOR_ORDERS as readonly string[]).includes(real) ? 'wrong' : 'unsupported', order: real });
      }
    }
  });

  it('gives up on answers no order explains', () => {
    expect(deriveOrder('GRB', 'red', 'red').kind).toBe('other');
    expect(deriveOrder('GRB', 'other', 'green').kind).toBe('other');
    expect(deriveOrder('GRB', 'nothing', 'nothing').kind).toBe('other');
  });
});

describe('what the twin\'s person sees', () => {
  it('reads wire bytes in the as-built order, and LEDs past the data stay dark', () => {
    // GRB wire bytes of pure red, then a strip 2 LEDs longer than the data.
    expect(reinterpret(Uint8Array.of(0, 200, 0), 'GRB', 3)).toEqual([[200, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(reinterpret(Uint8Array.of(0, 200, 0), 'RGB', 1)).toEqual([[0, 200, 0]]);
    expect(reinterpret(Uint8Array.of(1, 2, 3), 'BGR', 1)).toEqual([[3, 2, 1]]);
  });

  it('names a colour only when one channel clearly dominates', () => {
    expect(nameColour([90, 3, 0])).toBe('red');
    expect(nameColour([0, 0, 40])).toBe('blue');
    expect(nameColour([90, 90, 0])).toBe('other');
    expect(nameColour([0, 0, 0])).toBe('nothing');
  });
});

describe('the port and firmware check', () => {
  it('passes the stock firmware but recommends flashing the kit firmware', () => {
    const c = firmwareCheck({ kit: null, firmware: { name: 'node_pixel_firmata.ino', version: '2.5' }, path: '/dev/ttyACM0', baudRate: 57600 });
    expect(c.ok).toBe(true);
    expect(c.message).toBe("/dev/ttyACM0 answers at 57600 baud with node-pixel's stock firmware (node_pixel_firmata.ino 2.5). It works.");
    expect(c.fix).toMatch(/neuron-kit flash/);
  });

  it('fails an incompatible kit firmware with the command that fixes it', () => {
    const c = firmwareCheck({ kit: { name: 'NeuronKit', version: '2.0' }, firmware: { name: 'node_pixel_firmata.ino', version: '2.5' }, path: '/dev/ttyACM0', baudRate: 500000 });
    expect(c.ok).toBe(false);
    expect(c.fix).toMatch(/neuron-kit flash/);
  });
});
