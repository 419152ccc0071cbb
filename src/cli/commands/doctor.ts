import type { Readable, Writable } from 'node:stream';
import { BoardError, type KitBoard } from '../../board/index.js';
import { AsBuiltError, doctorOnTwin, readAsBuilt, runDoctor, type AsBuilt, type CheckResult, type DoctorOptions, type DoctorReport, type Person } from '../../doctor/index.js';
import { loadExhibit, type Exhibit } from '../../exhibit/index.js';
import { chooseBoard, connectSerial } from '../../runtime/session.js';
import { AskPerson } from '../ask-person.js';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../files.js';
import type { Output } from '../output.js';
import { bundled } from '../paths.js';

export interface DoctorCommandOptions {
  /** auto (an Arduino if one is found, else the twin), emulated, or a serial port path. */
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
  const path = await chooseBoard(board);
  let report: DoctorReport;
  if (path === null) {
    say(`Neuron Kit doctor: "${exhibit.name}" on the emulated board (the twin)${board === 'auto' ? ', as no Arduino was found' : ''}; a script plays the person${opts.asBuilt ? `, with the kit as built in ${opts.asBuilt}` : ''}.`);
    report = await doctorOnTwin(exhibit, { ...hooks, firmware, ...(asBuilt ? { asBuilt } : {}), wrapPerson: (p) => narrated(p, say) });
  } else {
    say(`Neuron Kit doctor: "${exhibit.name}" on ${path}. Answer each question by looking at the kit; Ctrl-C stops.`);
    report = await doctorOnBoard(path, exhibit, hooks, opts);
  }
  if (opts.json) out.log(JSON.stringify({ version: 1, board: path ?? 'emulated', exhibit: exhibit.name, ok: report.ok, checks: report.checks }));
  const faults = report.checks.filter((c) => !c.ok);
  if (faults.length > 0) throw new DoctorFaultsError(faults);
  say(`\nAll ${report.checks.length} checks passed: the kit is built as "${exhibit.name}" says. Start it with \`neuron-kit run\`.`);
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
