import { Command, CommanderError } from 'commander';
import { demoCommand } from './commands/demo.js';
import { simulateCommand } from './commands/simulate.js';
import { describeError, EXIT } from './errors.js';
import { processOutput, type Output } from './output.js';

/** Builds the command tree. Each action is a thin call into an exported async command function. */
export function buildProgram(out: Output): Command {
  const program = new Command('neuron-kit')
    .description('Neuron Kit: a hands-on exhibit that makes neuroplasticity visible.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.log(s.trimEnd()), writeErr: (s) => out.error(s.trimEnd()) });

  program
    .command('simulate')
    .description('Run a plasticity protocol headless (faster than real time) and report what happened.')
    .argument('<protocol>', 'protocol JSON file (see specs/simulate-protocol.md and exhibits/protocols/)')
    .option('--json', 'print the result as one JSON document on stdout')
    .option('--seed <n>', 'seed for every random choice (default 1)')
    .action((file: string, opts: { json?: boolean; seed?: string }) => simulateCommand(file, opts, out));

  program
    .command('demo')
    .description('Run the bundled example protocols and explain each in plain words.')
    .action(() => demoCommand(out));

  return program;
}

/** The CLI entry point: returns the exit code instead of exiting, so it can be tested in-process. */
export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const program = buildProgram(out);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: (s) => out.log(s.trimEnd()), writeErr: (s) => out.error(s.trimEnd()) }));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successful exits; every other commander error is a usage mistake.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { lines, code } = describeError(err);
    for (const line of lines) out.error(line);
    return code;
  }
}
