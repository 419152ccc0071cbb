import { describe, expect, test } from 'vitest';
import { neuronLabel, synapseLabel } from '../../src/cli/labels.js';
import { countLines, headerLine } from '../../src/cli/terminal-view.js';

const exhibit = { neurons: [{ id: 'A', label: 'Touch' }, { id: 'C', label: 'Move' }, { id: 'X', label: 'X' }] } as Parameters<typeof neuronLabel>[0];

describe('the terminal names things as the kit does', () => {
  test('a neuron by its label with its id, a synapse by its labels', () => {
    expect(neuronLabel(exhibit, 'A')).toBe('Touch (A)');
    expect(neuronLabel(exhibit, 'X')).toBe('X');
    expect(neuronLabel(exhibit, 'injury')).toBe('Injury');
    // Another kit's neuron has no label here.
    expect(neuronLabel(exhibit, 'kit-2/C')).toBe('kit-2/C');
    expect(synapseLabel(exhibit, 'A->C')).toBe('Touch → Move');
    expect(synapseLabel(exhibit, 'kit-2/C->C')).toBe('kit-2/C → Move');
  });

  test('the live view\'s counts', () => {
    expect(countLines(exhibit, { A: 3, C: 1 }, { 'A->C': { exists: true, efficacy: 0.5, contacts: 3 }, 'C->A': { exists: false, efficacy: 0, contacts: 0 } })).toEqual([
      'action potentials  Touch (A) 3   Move (C) 1',
      'synapses  Touch → Move 0.50 ×3   Move → Touch gone',
    ]);
  });

  test('the live view counts board time from the exhibit\'s start, as the summary does', () => {
    expect(headerLine({ name: 'Use it', compression: 600 }, 6_449, 0.5)).toBe('\x1b[1mUse it\x1b[0m — board time 6.4 s — time-lapse ×600, age 0.50');
  });
});
