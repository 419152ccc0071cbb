import { Command, CommanderError } from 'commander';
import { checkCommand, type CheckOptions } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { lessonCommand, type LessonOptions } from './commands/lesson.js';
import { doctorCommand, type DoctorCommandOptions } from './commands/doctor.js';
import { emulateCommand } from './commands/emulate.js';
import { flashCommand } from './commands/flash.js';
import { portsCommand } from './commands/ports.js';
import { powerCommand, type PowerCommandOptions } from './commands/power.js';
import { wiringCommand, type WiringOptions } from './commands/wiring.js';
import { runCommand } from './commands/run.js';
import { brokerCommand, type BrokerCommandOptions } from './commands/broker.js';
import { classViewCommand, type ClassViewCommandOptions } from './commands/class-view.js';
import { MQTT_PORT } from '../class/broker.js';
import { reportCommand, type ReportCommandOptions } from './commands/report.js';
import { serviceInstallCommand, serviceUninstallCommand, type ServiceOptions } from './commands/service.js';
import { simulateCommand, type SimulateOptions } from './commands/simulate.js';
import { DEFAULT_RUN_LIMITS } from '../experiment/limits.js';
import { describeError, EXIT } from './errors.js';
import { stopOnSignals } from '../ops/signals.js';
import { processOutput, type Output } from './output.js';
import { packageVersion } from '../package-files.js';

/** Builds the command tree. Each action is a thin call into an exported async command function. */
export function buildProgram(out: Output, stop: AbortController = new AbortController(), status: { code: number } = { code: EXIT.ok }): Command {
  const program = new Command('neuron-kit')
    .description('Neuron Kit: a hands-on exhibit that makes neuroplasticity visible.')
    .version(packageVersion(), '-V, --version', 'print the version of neuron-kit')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.log(s.trimEnd()), writeErr: (s) => out.error(s.trimEnd()) });

  program
    .command('simulate')
    .description('Run a plasticity protocol headless (faster than real time) and report what happened.')
    .argument('<protocol>', 'protocol JSON file (see docs/simulate-protocol.md and exhibits/protocols/)')
    .option('--json', 'print the result as one JSON document on stdout')
    .option('--seed <n>', 'seed for every random choice (default 1)')
    .option('--max-steps <n>', `longest run in 1 ms steps (default ${DEFAULT_RUN_LIMITS.maxSteps}, 11.6 days of the fast clock)`)
    .option('--max-events <n>', `most scheduled spikes and changes (default ${DEFAULT_RUN_LIMITS.maxEvents})`)
    .option('--max-samples <n>', `most samples recorded (default ${DEFAULT_RUN_LIMITS.maxSamples})`)
    .option('--max-output-mb <n>', `largest result document, MB (default ${DEFAULT_RUN_LIMITS.maxOutputBytes / 1024 / 1024})`)
    .action(async (file: string, opts: SimulateOptions) => {
      status.code = await simulateCommand(file, { ...opts, signal: stop.signal }, out);
    });

  program
    .command('run')
    .description('Run the exhibit: buttons fire neurons, LED strips show plasticity (on the emulated board when no Arduino is plugged in).')
    .option('--board <board>', 'auto (an Arduino if one is found, else the emulated board; the default), emulated, or a serial port path; for an exhibit with several "boards", once per board in its order', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--exhibit <file>', 'exhibit JSON file (default: exhibits/default.json; format: docs/exhibit.md)')
    .option('--script <file>', 'visitor actions at board times (see docs/run.md)')
    .option('--for <duration>', 'stop after this much board time, e.g. 60s')
    .option('--fast', 'emulated board only: run as fast as possible (results do not change)')
    .option('--json', 'print the run result as one JSON document at the end (needs --for)')
    .option('--no-web', 'do not serve the browser page')
    .option('--port <n>', 'port of the browser page (default 8080; 0 picks a free one)')
    .option('--host <address>', 'interface the page listens on (default 127.0.0.1; any other prints an access token)')
    .option('--token <token>', 'access token for the page\'s controls, /healthz and /metrics (default: generated when --host is not loopback)')
    .option('--log <dir>', 'folder of the visitor log (default: $XDG_STATE_HOME/neuron-kit/logs)')
    .option('--no-log', 'keep no visitor log')
    .option('--palette <name>', 'LED colours: default or colorblind', 'default')
    .option('--seed <n>', 'seed for the model\'s random choices (default 1)')
    .option('--firmware <kind>', 'what the emulated board runs: kit (default) or stock (node-pixel\'s Firmata)')
    .option('--hex <file>', 'firmware the emulated board runs (Intel HEX)')
    .option('--broker <url>', 'join a class over MQTT: mqtt://host:1883 or mqtts://… (see docs/class.md)')
    .option('--class <name>', 'the class to join (default "class")')
    .option('--kit <name>', 'this kit\'s name in the class, as other kits\' exhibits name it ("kit-2" in "kit-2/C")')
    .option('--class-code <code>', 'the class code printed by neuron-kit broker')
    .option('--wait-for-board', 'with --board auto: wait for the Arduino to be plugged in, never run on the emulated board')
    .option('--state <dir>', 'folder for the exhibit\'s saved state (default for a run without --for or --script: $XDG_STATE_HOME/neuron-kit)')
    .option('--no-state', 'do not read or save the exhibit\'s state')
    .option('--exhibits <dir>', 'folder of the exhibits the docent page may switch to (default: the bundled exhibits/)')
    .option('--no-switch', 'the docent page offers no switch to another exhibit (Reset stays)')
    .action((opts: Record<string, string | boolean | undefined>) =>
      runCommand({ ...opts, signal: stop.signal, stop: () => stop.abort(), tty: process.stdout.isTTY === true } as never, out));

  const service = program
    .command('service')
    .description('Run the exhibit every day as a systemd service: install or uninstall its unit.');
  service
    .command('install')
    .description('Write a systemd unit that starts the exhibit at boot and restarts it whenever it stops (with a watchdog), then enable and start it.')
    .option('--exhibit <file>', 'exhibit JSON file (default: exhibits/default.json)')
    .option('--board <board>', 'passed to run: auto (default), emulated or a serial port path (/dev/serial/by-id/… survives replugging); for an exhibit with several "boards", once per board in its order', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--port <n>', 'passed to run: port of the browser page (default 8080)')
    .option('--host <address>', 'passed to run: interface the page listens on (default 127.0.0.1)')
    .option('--log <dir>', 'passed to run: folder of the visitor log')
    .option('--name <name>', 'several exhibits on one computer: the unit is neuron-kit-NAME.service')
    .option('--user', 'a service of your own user (systemctl --user, no sudo) instead of a system service (which needs sudo)')
    .option('--dry-run', 'print the unit instead of writing it')
    .option('--unit-dir <dir>', 'write the unit into this folder (then enable it yourself)')
    .option('--no-start', 'write the unit, but do not enable and start it')
    .option('--no-switch', 'passed to run: the docent page offers no switch to another exhibit')
    .action((opts: ServiceOptions) => serviceInstallCommand(opts, out));
  service
    .command('uninstall')
    .description('Stop the service and remove its unit.')
    .option('--name <name>', 'the one installed with --name')
    .option('--user', 'the service of your own user (installed with --user)')
    .option('--unit-dir <dir>', 'the folder the unit was written to')
    .action((opts: ServiceOptions) => serviceUninstallCommand(opts, out));

  program
    .command('report')
    .description('Sum up the visitor log: sessions per hour and day, median dwell, presses per session and button, faults.')
    .argument('[logs...]', 'log files or folders (default: $XDG_STATE_HOME/neuron-kit/logs)')
    .option('--json', 'print the report as one JSON document')
    .option('--svg <file>', 'also write a small SVG chart of sessions per hour and per day')
    .option('--tz <zone>', 'time zone for days and hours, e.g. Europe/Berlin (default: this computer\'s)')
    .option('--idle <duration>', 'logs without session events: the gap between presses that ends a session (default 60s)')
    .action((logs: string[], opts: ReportCommandOptions) => reportCommand(logs, opts, out));

  program
    .command('ports')
    .description('List serial ports; likely Arduinos are marked.')
    .option('--json', 'print {"ports": [...]} as JSON')
    .action((opts: { json?: boolean }) => portsCommand(opts, out));

  program
    .command('emulate')
    .description('Run the emulated board (the twin) on its own, e.g. as a pseudo-terminal any Firmata client can open.')
    .option('--pty <path>', 'expose the twin as a pseudo-terminal at this path (needs socat)')
    .option('--firmware <kind>', 'what it runs: kit (default, what neuron-kit flash uploads) or stock (node-pixel\'s Firmata)')
    .option('--hex <file>', 'another firmware to run instead (Intel HEX)')
    .option('--fast', 'run as fast as possible instead of in real time')
    .action((opts: { pty?: string; firmware?: string; hex?: string; fast?: boolean }) => emulateCommand({ ...opts, signal: stop.signal }, out));

  program
    .command('flash')
    .description('Upload the kit firmware to an Arduino (avrdude if installed, else the built-in uploader), verify it and check it answers.')
    .option('--board <kind>', 'uno, nano or mega (default: guessed from the USB id, else uno)')
    .option('--port <path>', 'serial port of the board (default: the first Arduino found)')
    .action((opts: { board?: string; port?: string }) => flashCommand(opts, out));

  program
    .command('doctor')
    .description('Check a built kit step by step (port, firmware, strips, colour order, segments, buttons, age dial) and say what to fix.')
    .option('--board <board>', 'auto (the first Arduino found; "no Arduino found" when there is none), emulated (try it on the twin), or a serial port path', 'auto')
    .option('--exhibit <file>', 'exhibit JSON file (default: exhibits/default.json)')
    .option('--as-built <file>', 'emulated board only: the kit as really built, to plant faults (see hardware/doctor/)')
    .option('--firmware <kind>', 'what the emulated board runs: kit (default) or stock')
    .option('--json', 'print the report as one JSON document on stdout (steps and questions go to stderr)')
    .action((opts: DoctorCommandOptions) => doctorCommand({ ...opts, signal: stop.signal }, out));

  program
    .command('wiring')
    .description('Print the wiring of an exhibit (pin → part → strip segment) as Markdown, or write it with an SVG diagram.')
    .option('--exhibit <file>', 'exhibit JSON file (default: the bundled exhibits/default.json)')
    .option('--out <dir>', 'write wiring.md and wiring.svg into this folder instead of printing the Markdown')
    .option('--pixels-per-metre <n>', 'pixel pitch of your strip (default: the exhibit\'s pixelsPerMetre, else 60)')
    .option('--lead-metres <m>', 'one-way length of the power leads from the supply to the farthest feed point (default 1.5)')
    .action((opts: WiringOptions) => wiringCommand(opts, out));

  program
    .command('power')
    .description('Worst-case and limited current of an exhibit, the 5 V supply to buy, the power leads, and where to feed long strips.')
    .option('--exhibit <file>', 'exhibit JSON file (default: the bundled exhibits/default.json)')
    .option('--json', 'print the report as one JSON document on stdout')
    .option('--pixels-per-metre <n>', 'pixel pitch of your strip (default: the exhibit\'s pixelsPerMetre, else 60)')
    .option('--lead-metres <m>', 'one-way length of the power leads from the supply to the farthest feed point (default 1.5)')
    .action((opts: PowerCommandOptions) => powerCommand(opts, out));

  program
    .command('check')
    .description('Play a visitor on the emulated board for each button and control of an exhibit, and say what a visitor would see: which synapses visibly change and why, which never can, and whether its claims hold (exit 1 when a button changes nothing visible or a claim fails; see docs/exhibit.md).')
    .argument('<exhibit>', 'exhibit JSON file')
    .option('--json', 'print what was found as one JSON document on stdout')
    .option('--seed <n>', 'seed for the model\'s random choices (default 1)')
    .action(async (file: string, opts: CheckOptions) => {
      status.code = await checkCommand(file, { ...opts, signal: stop.signal }, out);
    });

  program
    .command('lesson')
    .description('A guided lesson on its exhibit: prompts, what to do, what to notice and why, each step done when the exhibit sees it (no name: list the lessons; see docs/lessons.md).')
    .argument('[name]', 'the lesson, e.g. use-it-or-lose-it')
    .option('--board <board>', 'auto (an Arduino if one is found, else the emulated board), emulated, or a serial port path', 'auto')
    .option('--script <file>', 'visitor actions at board times (see docs/run.md)')
    .option('--for <duration>', 'a trial: stop after this much board time at most (e.g. 5min), played by the lesson\'s scripted student unless --script is given')
    .option('--fast', 'emulated board only: run as fast as possible')
    .option('--no-web', 'do not serve the visitor and docent pages')
    .option('--port <n>', 'port of the pages (default 8080; 0 picks a free one)')
    .option('--seed <n>', 'seed for the model\'s random choices (default 1)')
    .option('--json', 'with --for: print what each step showed (when, on the model and on the strip) as one JSON document')
    .action((name: string | undefined, opts: LessonOptions) =>
      lessonCommand(name, { ...opts, signal: stop.signal, stop: () => stop.abort(), tty: process.stdout.isTTY === true }, out));

  program
    .command('broker')
    .description('Start an MQTT broker for a class of kits on this computer (see docs/class.md).')
    .option('--port <n>', `port to listen on (default ${MQTT_PORT})`)
    .option('--host <address>', 'interface to listen on (default 0.0.0.0: every kit on the network)')
    .option('--class-code <code>', 'the code kits must give (default: the one this port had last time, else a new one; printed)')
    .option('--new-code', 'a new class code even if this port had one before')
    .option('--class <name>', 'also serve the class view of this class (see --view-port)')
    .option('--view-port <n>', 'port of the class view on this computer (default 8090)')
    .action((opts: BrokerCommandOptions) => brokerCommand({ ...opts, signal: stop.signal }, out));

  program
    .command('class-view')
    .description('The teacher\'s view of a class: every kit and every long-axon synapse, live (see docs/class.md).')
    .option('--broker <url>', 'the class broker: mqtt://host:1883 or mqtts://…')
    .option('--class <name>', 'the class to show (default "class")')
    .option('--class-code <code>', 'the class code of an embedded broker')
    .option('--port <n>', 'port of the view (default 8090)')
    .option('--host <address>', 'interface of the view (default 127.0.0.1; 0.0.0.0 shares it with the room)')
    .action((opts: ClassViewCommandOptions) => classViewCommand({ ...opts, signal: stop.signal }, out));

  program
    .command('demo')
    .description('Run the bundled example protocols and explain each in plain words.')
    .action(() => demoCommand(out));

  return program;
}

/** The CLI entry point: returns the exit code instead of exiting, so it can be tested in-process. */
export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  // Ctrl-C, a service manager's stop or a closed terminal ends a running exhibit or emulator cleanly
  // (the port is closed, the JSON still printed).
  const stop = new AbortController();
  const release = stopOnSignals(() => stop.abort());
  const status = { code: EXIT.ok as number };
  const program = buildProgram(out, stop, status);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: (s) => out.log(s.trimEnd()), writeErr: (s) => out.error(s.trimEnd()) }));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successful exits; every other commander error is a usage mistake.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { lines, code } = describeError(err);
    for (const line of lines) out.error(line);
    return code;
  } finally {
    release();
  }
}
