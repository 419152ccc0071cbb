import type { Readable, Writable } from 'node:stream';
import { BoardError, listPorts, type KitBoard, type PortInfo } from '../../board/index.js';
import { AsBuiltError, doctorOnTwin, readAsBuilt, runDoctor, type AsBuilt, type CheckResult, type DoctorOptions, type DoctorReport, type Person } from '../../doctor/index.js';
import { loadExhibit, type Exhibit } from '../../exhibit/index.js';
import { refuseSeveralBoards } from './wiring.js';
import { connectSerial } from '../../runtime/session.js';
import { AskPerson } from '../ask-person.js';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../files.js';
import type { Output } from '../output.js';
import { bundled } from '../../package-files.js';

export interface DoctorCommandOptions {
  /** auto (default: the first Arduino found, else "no Arduino found"), emulated (the twin), or a serial port path. */
  board?: string;
  exhibit?: string;
  /** Twin only: a JSON file describing the kit as really built (faults to find). */
  asBuilt?: string;
  /** Twin only: kit (default) or stock. */
  firmware?: string;
  json?: boolean;
  /** Where a real board's person answers from and is asked on. Default: stdin, and stdout (stderr with --json). */
  input?: Readable;
  prompts?: Writable;
  /** Aborting stops the questions on a real board (Ctrl-C); the command then fails with NoAnswerError. */
  signal?: AbortSignal;
  /** The serial ports to look for an Arduino among (default: the system's). */
  listPorts?: () => Promise<PortInfo[]>;
}

/**
 * `doctor` was asked to check a kit and no Arduino is plugged in: exit code 1, with the steps to
 * find it. It never falls back to the twin, which would report on a kit that is not there.
 */
export class NoArduinoFoundError extends BoardError {
  constructor(readonly portsSeen: readonly string[]) {
    super(
      `No Arduino found${portsSeen.length > 0 ? ` (serial ports seen: ${portsSeen.join(', ')}, none of them an Arduino)` : ' (no serial ports at all)'}: there is no kit to check.`,
      [
        'To check your kit:',
        '  1. Plug the Arduino into this computer with a data USB cable (a charge-only cable lights the board but carries no data).',
        '  2. Run `neuron-kit ports`: the Arduino is marked *. If it is not listed, try another cable or USB socket.',
        '  3. If its port is listed but not marked (some clones), give it: `neuron-kit doctor --board /dev/ttyUSB0`.',
        '  4. If opening the port is refused, add yourself to the dialout group (`sudo usermod -aG dialout $USER`) and log in again.',
        'To try the doctor without hardware, on the emulated board: `neuron-kit doctor --board emulated`.',
      ].join('\n'),
    );
  }
}

/** The doctor found faults: exit code 1, after each was printed with its fix. */
export class DoctorFaultsError extends Error {
  readonly hint = 'Fix them as shown above, then run `neuron-kit doctor` again.';
  constructor(readonly faults: CheckResult[]) {
    super(`The doctor found ${faults.length === 1 ? '1 fault' : `${faults.length} faults`}: ${faults.map((f) => f.name).join(', ')}.`);
    this.name = 'DoctorFaultsError';
  }
}

/**
 * `neuron-kit doctor`: checks a built kit step by step (port and firmware, each strip's ends, colour
 * order and segments, each button, the age dial) and says what is wrong and what to do. On a real board
 * the person at the terminal answers; on the twin a script plays the person, looking at the emulated
 * LEDs of the kit as built (`--as-built FILE` plants faults). Resolves when every check passes.
 */
export async function doctorCommand(opts: DoctorCommandOptions, out: Output): Promise<void> {
  const exhibitPath = opts.exhibit ?? bundled('exhibits', 'default.json');
  const exhibit = await loadExhibit(exhibitPath);
  refuseSeveralBoards(exhibit, 'doctor');
  const board = opts.board ?? 'auto';
  const firmware = opts.firmware ?? 'kit';
  if (firmware !== 'kit' && firmware !== 'stock') throw new UsageError(`--firmware must be kit or stock, got "${opts.firmware}"`);
  for (const [flag, given] of [['--firmware', opts.firmware], ['--as-built', opts.asBuilt]] as const) {
    if (given !== undefined && board !== 'emulated') throw new UsageError(`${flag} is for the emulated board: use it with --board emulated.`);
  }
  const asBuilt = opts.asBuilt === undefined ? undefined : await readAsBuiltFile(opts.asBuilt, exhibit);
  // With --json the report is the only thing on stdout; the steps and questions go to stderr.
  const say = opts.json ? (l: string) => out.error(l) : (l: string) => out.log(l);
  const hooks: DoctorOptions = {
    onStep: (title) => say(`\n== ${title}`),
    onCheck: (c) => {
      say(`  ${c.ok ? '✓' : '✗'} ${c.message}`);
      if (c.fix) say(`    → ${c.fix}`);
    },
  };
  let path: string | null = board === 'emulated' ? null : board;
  if (board === 'auto') {
    const ports = await (opts.listPorts ?? listPorts)();
    const arduino = ports.find((p) => p.likelyArduino);
    if (!arduino) throw new NoArduinoFoundError(ports.map((p) => p.path));
    path = arduino.path;
  }
  let report: DoctorReport;
  if (path === null) {
    say(`Neuron Kit doctor: "${exhibit.name}" on the emulated board (the twin), not a real kit; a script plays the person${opts.asBuilt ? `, with the kit as built in ${opts.asBuilt}` : ''}.`);
    report = await doctorOnTwin(exhibit, { ...hooks, firmware, ...(asBuilt ? { asBuilt } : {}), wrapPerson: (p) => narrated(p, say) });
  } else {
    say(`Neuron Kit doctor: "${exhibit.name}" on ${path}. Answer each question by looking at the kit; Ctrl-C stops.`);
    report = await doctorOnBoard(path, exhibit, hooks, opts);
  }
  if (opts.json) out.log(JSON.stringify({ version: 1, board: path ?? 'emulated', exhibit: exhibit.name, ok: report.ok, checks: report.checks }));
  const faults = report.checks.filter((c) => !c.ok);
  if (faults.length > 0) throw new DoctorFaultsError(faults);
  say(path === null
    ? `\nAll ${report.checks.length} checks passed on the emulated board (the twin): the twin is built as "${exhibit.name}" says. This checked the twin, not a real kit; plug in your Arduino and run \`neuron-kit doctor\` to check yours.`
    : `\nAll ${report.checks.length} checks passed on ${path}: the kit is built as "${exhibit.name}" says. Start it with \`neuron-kit run\`.`);
}

async function readAsBuiltFile(file: string, exhibit: Exhibit): Promise<AsBuilt> {
  try {
    return readAsBuilt(await readJsonFile(file, 'As-built'), exhibit);
  } catch (err) {
    if (err instanceof AsBuiltError) throw new UsageError(`--as-built ${file}: ${err.message}`, err.hint);
    throw err;
  }
}

/** A real board at the kit firmware's 500000 baud, else the stock firmware's 57600, with a person at the terminal. */
async function doctorOnBoard(path: string, exhibit: Exhibit, hooks: DoctorOptions, opts: DoctorCommandOptions): Promise<DoctorReport> {
  const strips = exhibit.strips.map((s) => ({ pin: s.pin, length: s.length, colorOrder: s.order }));
  let kit: KitBoard;
  try {
    kit = await connectSerial(path, strips);
  } catch (err) {
    // Not reaching the board is the first check failing: report it like the others.
    if (!(err instanceof BoardError)) throw err;
    const check: CheckResult = { name: 'Port and firmware', ok: false, message: err.message, fix: err.hint };
    hooks.onStep?.('Port and firmware');
    hooks.onCheck?.(check);
    return { ok: false, checks: [check] };
  }
  const person = new AskPerson(opts.input ?? process.stdin, opts.prompts ?? (opts.json ? process.stderr : process.stdout));
  opts.signal?.addEventListener('abort', () => person.close(), { once: true });
  try {
    return await runDoctor(kit, exhibit, person, hooks);
  } finally {
    person.close();
    await kit.close();
  }
}

/** Prints each of the scripted person's answers, so a reader sees the conversation. */
function narrated(person: Person, say: (line: string) => void): Person {
  const told = <T>(text: string, answer: T) => (say(`  ? ${text} — ${String(answer)}`), answer);
  return {
    yesNo: async (q) => told(q.text, (await person.yesNo(q)) ? 'yes' : 'no') === 'yes',
    colour: async (q) => told(q.text, await person.colour(q)),
    count: async (q) => told(q.text, await person.count(q)),
    act: async (a) => {
      say(`  > ${a.text}`);
      await person.act(a);
    },
  };
}
