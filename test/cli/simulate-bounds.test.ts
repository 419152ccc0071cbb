import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInSlices } from '../../src/cli/commands/simulate.js';
import { DEFAULT_RUN_LIMITS } from '../../src/experiment/limits.js';
import { readProtocol } from '../../src/experiment/protocol.js';
import { simulate, simulation } from '../../src/experiment/simulate.js';
import { cli, root, scratch } from '../helpers/cli.js';

/** `neuron-kit simulate` has bounds: stated limits before it starts, and a signal stops it with what it has. */

const files = scratch('neuron-kit-bounds-');
const long = { network: { neurons: [{ id: 'A' }, { id: 'B' }], synapses: [{ from: 'A', to: 'B' }] }, events: [{ at: 0, drive: 'A', hz: 10, for: '100h' }], until: '100h', record: { every: '10min' } };

describe('simulate: run limits', () => {
  it('refuses a run for ever, naming the limit and the flag that raises it (exit 2)', async () => {
    const { code, stdout, stderr } = await cli('simulate', files.write('forever.json', { until: '1000000d' }));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('until: runs 8.64e+13 steps of 1 ms, over the limit of 1.00e+9 steps; shorten the protocol, or raise the limit with --max-steps');
  });
  it('the --max-… flags lower and raise the limits', async () => {
    const file = files.write('short.json', { events: [{ at: 0, train: 'A', hz: 100, count: 50 }], until: '1s' });
    const lowered = await cli('simulate', file, '--max-steps', '100', '--max-events', '10');
    expect(lowered.code).toBe(2);
    expect(lowered.stderr).toMatch(/until: runs 1\.00e\+3 steps .* --max-steps\n.*events: schedules 5\.00e\+1 spikes .* --max-events/);
    expect((await cli('simulate', file, '--max-steps', '1000', '--max-events', '50')).code).toBe(0);
    expect((await cli('simulate', file, '--max-samples', 'lots')).stderr).toMatch(/--max-samples must be a number > 0, got "lots"/);
  });
});

describe('simulate: output counted while it runs', () => {
  it('responses beyond the output limit stop the run with a message naming the flag', async () => {
    const protocol = readProtocol({ ...long, until: '20s', events: [{ at: 0, drive: 'A', hz: 100, for: '20s' }] });
    const run = runInSlices(simulation(protocol, 1, 1000), { ...DEFAULT_RUN_LIMITS, maxOutputBytes: 10_000 }, undefined);
    await expect(run).rejects.toThrow(/responses would write more than 0.01 MB \(\d+ entries so far\)/);
    await expect(run).rejects.toMatchObject({ hint: expect.stringMatching(/"responses": false .* --max-output-mb/) });
  });
});

describe('simulate: stopped by a signal', () => {
  it('in slices, the result is the same as in one go', async () => {
    const protocol = readProtocol({ ...long, until: '20s', events: [{ at: 0, drive: 'A', hz: 10, for: '20s' }], record: { every: '1s' } });
    const { result, partial } = await runInSlices(simulation(protocol, 3, 1000), DEFAULT_RUN_LIMITS, undefined, 1);
    expect(partial).toBe(false);
    expect(result).toEqual(simulate(protocol, 3));
  });
  it('an abort between slices returns what was simulated, marked partial', async () => {
    const protocol = readProtocol(long);
    const stop = new AbortController();
    const run = simulation(protocol, 1, 1000);
    let slices = 0;
    const counted = (function* () {
      for (;;) {
        const next = run.next();
        if (next.done) return next.value;
        if (++slices === 50) stop.abort();
        yield next.value;
      }
    })();
    const { result, partial } = await runInSlices(counted, DEFAULT_RUN_LIMITS, stop.signal);
    expect(partial).toBe(true);
    expect(result.until).toBe(50);
    expect(result.samples.map((s) => s.t)).toEqual([0, 50]);
  });
  it.each(['SIGTERM', 'SIGINT'] as const)('%s stops a long run at once, printing the partial JSON (exit 130)', async (signal) => {
    const file = files.write(`long-${signal}.json`, long);
    const child = spawn(process.execPath, [join(root, 'bin', 'neuron-kit.js'), 'simulate', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    const started = new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => ((stderr += d), stderr.includes('Ctrl-C stops') && resolve())));
    await started;
    const sent = performance.now();
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    // The run takes minutes; a generous bound that still proves the loop checks (it stops in a slice, ~50 ms).
    expect(performance.now() - sent).toBeLessThan(5000);
    expect(code).toBe(130);
    const result = JSON.parse(stdout);
    expect(result.partial).toBe(true);
    expect(result.until).toBeGreaterThan(0);
    expect(result.until).toBeLessThan(360_000);
    expect(stderr).toMatch(/Stopped at [\d.]+ s of 360000 s: the result above is partial\./);
  });
});
