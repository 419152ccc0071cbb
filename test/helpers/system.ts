import { execFileSync } from 'node:child_process';

/**
 * Whether a system tool a suite needs is installed. On a user's machine a missing tool skips the suite
 * (the caller passes this to `skipIf`, and the reason is printed); with NEURON_KIT_REQUIRE_ALL=1 (set by
 * .ci/run, which installs every tool) a missing tool fails the run instead.
 */
export function hasTool(command: string, versionArgs: string[], install: string, options: { anyExitCode?: boolean } = {}): boolean {
  try {
    execFileSync(command, versionArgs, { stdio: 'ignore' });
    return true;
  } catch (err) {
    // Some tools (mosquitto) print their usage and exit non-zero: being there is what counts.
    if (options.anyExitCode && (err as { code?: unknown }).code !== 'ENOENT') return true;
    if (process.env.NEURON_KIT_REQUIRE_ALL) throw new Error(`${command} is required here (NEURON_KIT_REQUIRE_ALL is set): ${install}`);
    process.stderr.write(`skipping: ${command} is not installed (${install})\n`);
    return false;
  }
}
