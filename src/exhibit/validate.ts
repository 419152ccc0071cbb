import { describe } from '../experiment/duration.js';
import { checkDocumentLimits } from '../experiment/limits.js';
import { checkId, hasOwn } from '../experiment/names.js';
import { Problems } from '../experiment/problems.js';
import { readSynapse } from '../experiment/protocol.js';
import { restingMilliamps, stripBudgetMilliamps, LED_POWER } from '../render/index.js';
import { readScriptInto } from '../runtime/script.js';
import { BOARDS, COLOR_ORDERS, physicalPin, type BoardKind, type BoardProfile, type ColorOrder } from './boards.js';
import { readDisplay } from './display.js';
import { readChecks, type CheckContext } from '../lessons/checks.js';
import { DEFAULT_PREPARATION, MAX_COMPRESSION, TRIPLET_SETS, type Preparation } from '../model/index.js';
import { PATHWAY, withPathwayDefaults } from './pathway.js';
import { readRemote } from './remote.js';
import type { AttractConfig, Exhibit, ExhibitBoard, ExhibitClaim, ExhibitNeuron, IdleConfig, OpeningHours, Segment, SegmentKind, Strip, Weekday } from './types.js';

const DEFAULT_COMPRESSION = 600;
const DEFAULT_DEBOUNCE_MS = 20;
/**
 * Background firing of every exhibit neuron that does not say, Hz: the inputs from the rest of the
 * brain that the exhibit does not show. Cortical neurons fire spontaneously at a few tenths of a hertz
 * to a few hertz (Hromádka, DeWeese & Zador 2008: most below 1 Hz), so quiet is not silence.
 */
const DEFAULT_SPONTANEOUS_HZ = 0.5;
/**
 * Where the emulated board's age dial starts: adult, as most visitors are; turning it toward newborn
 * shows how much more a young brain changes.
 */
const DEFAULT_AGE_START = 1;
const SEGMENT_KINDS: readonly SegmentKind[] = ['axon', 'synapse', 'soma'];
/**
 * Most neurons, synapses and candidate pairs an exhibit may declare: a board has at most 68 buttons and
 * 216 pixels, and every slow step of the model visits every pair, so far fewer than these make sense.
 */
export const EXHIBIT_LIMITS = { maxNeurons: 100, maxSynapses: 1000, maxCandidates: 1000 } as const;

/**
 * Tracks which physical pins are taken, so a pin used twice is reported with both places. Analog inputs
 * are digital pins too (A0 is D14 on the Uno), so both are booked under the physical pin's name.
 */
class PinBook {
  private readonly used = new Map<string, string>();

  constructor(
    private readonly board: BoardProfile,
    private readonly kind: BoardKind,
    private readonly problems: Problems,
  ) {}

  digital(pin: unknown, path: string): number | undefined {
    const n = this.problems.number(pin, path, { integer: true, min: 0 });
    if (n === undefined) return undefined;
    if (this.board.reservedPins.includes(n)) return void this.problems.add(path, `pin ${n} is reserved: pins 0 and 1 are the serial line to the computer; use ${this.range()}`);
    if (!this.board.digitalPins.includes(n)) return void this.problems.add(path, `the ${this.kind} has no digital pin ${n}; use ${this.range()}`);
    return this.claim(physicalPin(this.board, 'digital', n), path) ? n : undefined;
  }

  analog(pin: unknown, path: string): number | undefined {
    const n = this.problems.number(pin, path, { integer: true, min: 0 });
    if (n === undefined) return undefined;
    const pins = this.board.analogPins;
    if (!pins.includes(n)) return void this.problems.add(path, `the ${this.kind} has analog inputs 0–${pins.at(-1)} (A0–A${pins.at(-1)}), not ${n}`);
    return this.claim(physicalPin(this.board, 'analog', n), path) ? n : undefined;
  }

  private claim(key: string, path: string): boolean {
    const other = this.used.get(key);
    if (other) {
      this.problems.add(path, `pin ${key} is already used at ${other}; every button, strip and dial needs its own pin`);
      return false;
    }
    this.used.set(key, path);
    return true;
  }

  private range(): string {
    return `D${this.board.digitalPins[0]}–D${this.board.digitalPins.at(-1)}`;
  }
}

/**
 * Most boards one exhibit may run on. Each adds a serial line, an LED link and a runtime to the one
 * host loop, and on the twin an emulated ATmega328P sharing the host's CPU (one runs at 1.4–2.6× real
 * time on a 2-core host, DESIGN.md; so the twins of more than two boards fall behind the wall clock and
 * are for --fast trials). Four real boards on one USB hub already make a wall; a bigger network is a
 * class of kits (docs/class.md).
 */
export const MAX_BOARDS = 4;

/**
 * The exhibit's boards (`boards`, or the one `board`) and the pins taken on each: a neuron, strip or
 * control names its board (`"board": "left"`, default the first), and its pins are checked on that board.
 */
class BoardBook {
  readonly boards: ExhibitBoard[];
  private readonly books: PinBook[];

  constructor(
    boards: ExhibitBoard[],
    /** Whether the exhibit lists `boards` (only then may a part name one). */
    private readonly listed: boolean,
    private readonly problems: Problems,
  ) {
    this.boards = boards;
    this.books = boards.map((b) => new PinBook(BOARDS[b.kind], b.kind, problems));
  }

  /** The index of the board `value` names at `path` (absent: the first), or undefined after a problem. */
  pick(value: unknown, path: string): number | undefined {
    if (value === undefined) return 0;
    if (!this.listed) return void this.problems.add(path, 'names one of the exhibit\'s "boards"; an exhibit with one "board" leaves it out');
    const i = this.boards.findIndex((b) => b.id === value);
    if (i < 0) return void this.problems.add(path, `unknown board ${describe(value)}; the exhibit's boards are ${this.boards.map((b) => `"${b.id}"`).join(', ')}`);
    return i;
  }

  pins(board: number): PinBook {
    return this.books[board]!;
  }

  /** `{ board }` for a part when the exhibit lists boards; else nothing, so a one-board exhibit reads exactly as before. */
  field(board: number): { board?: number } {
    return this.listed ? { board } : {};
  }
}

/** Reads `boards` (several) or `board` (one): exactly one of them. */
function readBoards(o: Record<string, unknown>, problems: Problems): BoardBook {
  if (o.boards === undefined) {
    const boardDoc = problems.object(o.board, 'board') ?? {};
    problems.onlyKeys(boardDoc, 'board', ['kind', 'require']);
    if (boardDoc.require !== undefined && typeof boardDoc.require !== 'boolean') problems.add('board.require', `must be true or false, got ${describe(boardDoc.require)}`);
    let kind: BoardKind = 'uno';
    if (hasOwn(BOARDS, boardDoc.kind)) kind = boardDoc.kind;
    else if (o.board !== undefined) problems.add('board.kind', `must be one of ${Object.keys(BOARDS).join(', ')}, got ${describe(boardDoc.kind)}`);
    return new BoardBook([{ id: 'board', kind, ...(boardDoc.require === true ? { require: true } : {}) }], false, problems);
  }
  if (o.board !== undefined) problems.add('board', 'give either "board" (one board) or "boards" (several), not both; move this board into "boards"');
  const list = problems.array(o.boards, 'boards') ?? [];
  if (Array.isArray(o.boards) && list.length === 0) problems.add('boards', 'needs at least one board, like [{ "id": "left", "kind": "uno" }]');
  const boards = limited(list, 'boards', MAX_BOARDS, problems).flatMap((b, i): ExhibitBoard[] => {
    const path = `boards[${i}]`;
    const d = problems.object(b, path);
    if (!d) return [];
    problems.onlyKeys(d, path, ['id', 'kind', 'require']);
    const id = problems.string(d.id, `${path}.id`);
    if (id === undefined || !checkId(id, `${path}.id`, problems)) return [];
    if (d.require !== undefined && typeof d.require !== 'boolean') problems.add(`${path}.require`, `must be true or false, got ${describe(d.require)}`);
    if (!hasOwn(BOARDS, d.kind)) {
      problems.add(`${path}.kind`, `must be one of ${Object.keys(BOARDS).join(', ')}, got ${describe(d.kind)}`);
      return [];
    }
    return [{ id, kind: d.kind, ...(d.require === true ? { require: true } : {}) }];
  });
  boards.forEach((b, i) => {
    if (boards.findIndex((c) => c.id === b.id) !== i) problems.add(`boards[${i}].id`, `board id "${b.id}" is used twice`);
  });
  // Something to check the rest against while `boards` itself has problems.
  return new BoardBook(boards.length > 0 ? boards : [{ id: 'board', kind: 'uno' }], true, problems);
}

/** A list no longer than `max`, else a problem naming the limit (and the list cut to it). */
function limited(list: unknown[] | undefined, path: string, max: number, problems: Problems): unknown[] {
  if (list && list.length > max) {
    problems.add(path, `at most ${max} entries, got ${list.length}`);
    return list.slice(0, max);
  }
  return list ?? [];
}

function readNeurons(value: unknown, boards: BoardBook, problems: Problems): ExhibitNeuron[] {
  const ids = new Set<string>();
  return limited(problems.array(value, 'neurons'), 'neurons', EXHIBIT_LIMITS.maxNeurons, problems).flatMap((n, i) => {
    const path = `neurons[${i}]`;
    const o = problems.object(n, path);
    if (!o) return [];
    problems.onlyKeys(o, path, ['id', 'label', 'button', 'holdHz', 'targetHz', 'canBeLost', 'spontaneousHz', 'inhibitory', 'board']);
    const id = problems.string(o.id, `${path}.id`);
    if (id === undefined || !checkId(id, `${path}.id`, problems)) return [];
    if (ids.has(id)) {
      problems.add(`${path}.id`, `neuron id "${id}" is used twice`);
      return [];
    }
    if (id.includes('->')) {
      problems.add(`${path}.id`, `"->" joins neuron ids in synapse names; use another id`);
      return [];
    }
    ids.add(id);
    const label = o.label === undefined ? id : problems.string(o.label, `${path}.label`) ?? id;
    const board = boards.pick(o.board, `${path}.board`);
    const button = o.button === undefined || board === undefined ? undefined : boards.pins(board).digital(o.button, `${path}.button`);
    if (o.canBeLost !== undefined && typeof o.canBeLost !== 'boolean') problems.add(`${path}.canBeLost`, `must be true or false, got ${describe(o.canBeLost)}`);
    const canBeLost = typeof o.canBeLost === 'boolean' ? o.canBeLost : o.button === undefined;
    const holdHz = o.holdHz === undefined ? undefined : problems.number(o.holdHz, `${path}.holdHz`, { min: 0, max: 200, exclusiveMin: true });
    if (holdHz !== undefined && o.button === undefined) problems.add(`${path}.holdHz`, 'needs a button to hold; add "button"');
    const targetHz = o.targetHz === undefined ? undefined : problems.number(o.targetHz, `${path}.targetHz`, { min: 0, exclusiveMin: true, max: 100 });
    const spontaneousHz = o.spontaneousHz === undefined ? undefined : problems.number(o.spontaneousHz, `${path}.spontaneousHz`, { min: 0, max: 20 });
    if (o.inhibitory !== undefined && typeof o.inhibitory !== 'boolean') problems.add(`${path}.inhibitory`, `must be true or false, got ${describe(o.inhibitory)}`);
    const inhibitory = o.inhibitory === true;
    return [{ id, label, canBeLost, inhibitory, ...boards.field(board ?? 0), ...(button !== undefined ? { button } : {}), ...(holdHz !== undefined ? { holdHz } : {}), ...(targetHz !== undefined ? { targetHz } : {}), ...(spontaneousHz !== undefined ? { spontaneousHz } : {}) }];
  });
}

function readStrips(value: unknown, boards: BoardBook, problems: Problems): Strip[] {
  const list = problems.array(value, 'strips') ?? [];
  if (list.length === 0 && Array.isArray(value)) problems.add('strips', 'needs at least one strip');
  const strips = list.map((s, i) => {
    const path = `strips[${i}]`;
    const o = problems.object(s, path) ?? {};
    problems.onlyKeys(o, path, ['pin', 'length', 'order', 'board']);
    const board = boards.pick(o.board, `${path}.board`);
    const pin = (board === undefined ? undefined : boards.pins(board).digital(o.pin, `${path}.pin`)) ?? -1;
    const length = problems.number(o.length, `${path}.length`, { integer: true, min: 1 }) ?? 0;
    let order: ColorOrder = 'GRB';
    if (o.order !== undefined) {
      if (COLOR_ORDERS.includes(o.order as ColorOrder)) order = o.order as ColorOrder;
      else problems.add(`${path}.order`, `must be one of ${COLOR_ORDERS.join(', ')}, got ${describe(o.order)}`);
    }
    return { pin, length, order, ...boards.field(board ?? 0) };
  });
  // The firmware's limits hold per board: each drives its own strips.
  boards.boards.forEach((b, i) => {
    const own = strips.filter((s) => (s.board ?? 0) === i);
    const limits = BOARDS[b.kind];
    const on = boards.boards.length > 1 ? ` on board "${b.id}"` : '';
    if (own.length > limits.maxStrips) problems.add('strips', `the firmware drives at most ${limits.maxStrips} strips${on}, got ${own.length}`);
    const total = own.reduce((sum, s) => sum + s.length, 0);
    if (total > limits.maxPixels) problems.add('strips', `the firmware drives at most ${limits.maxPixels} pixels in all${on}, got ${total}`);
  });
  return strips;
}

function readSegments(value: unknown, exhibit: Pick<Exhibit, 'neurons' | 'synapses' | 'candidates' | 'strips'>, problems: Problems, defaulted: ReadonlySet<string> = new Set()): Segment[] {
  const neuronIds = new Set(exhibit.neurons.map((n) => n.id));
  const synapses = new Map(exhibit.synapses.map((s) => [`${s.from}->${s.to}`, { ...s, contactsDefaulted: defaulted.has(`${s.from}->${s.to}`) }]));
  const candidates = new Set(exhibit.candidates.map(([a, b]) => `${a}->${b}`));
  const taken: Array<{ strip: number; first: number; last: number; path: string }> = [];
  const maxSegments = exhibit.strips.reduce((sum, s) => sum + s.length, 0);
  return limited(problems.array(value, 'segments'), 'segments', Math.max(1, maxSegments), problems).flatMap((s, i) => {
    const path = `segments[${i}]`;
    const o = problems.object(s, path);
    if (!o) return [];
    problems.onlyKeys(o, path, ['shows', 'of', 'strip', 'first', 'last']);
    const shows = o.shows as SegmentKind;
    if (!SEGMENT_KINDS.includes(shows)) problems.add(`${path}.shows`, `must be one of ${SEGMENT_KINDS.join(', ')}, got ${describe(o.shows)}`);
    const of = problems.string(o.of, `${path}.of`);
    if (of !== undefined && SEGMENT_KINDS.includes(shows)) {
      const isSynapse = synapses.has(of);
      const ok = shows === 'soma' ? neuronIds.has(of) : shows === 'axon' ? isSynapse || neuronIds.has(of) : isSynapse || candidates.has(of);
      if (!ok) {
        const expected = shows === 'soma' ? 'a neuron id' : shows === 'axon' ? 'a synapse ("A->C") or a neuron id' : 'a synapse or a candidate pair ("A->C")';
        problems.add(`${path}.of`, `unknown ${shows === 'soma' ? 'neuron' : 'synapse'} "${of}"; expected ${expected} declared in this exhibit`);
      }
    }
    const stripIndex = problems.number(o.strip, `${path}.strip`, { integer: true, min: 0 });
    const first = problems.number(o.first, `${path}.first`, { integer: true, min: 0 });
    const last = problems.number(o.last, `${path}.last`, { integer: true, min: 0 });
    if (stripIndex === undefined || first === undefined || last === undefined || of === undefined) return [];
    const strip = exhibit.strips[stripIndex];
    if (!strip) {
      problems.add(`${path}.strip`, `there is no strip ${stripIndex}; strips are numbered 0–${exhibit.strips.length - 1}`);
      return [];
    }
    if (last < first) {
      problems.add(`${path}.last`, `must be ≥ first (${first}), got ${last}`);
      return [];
    }
    if (strip.length > 0 && last >= strip.length) {
      problems.add(`${path}.last`, `pixel ${last} is outside strip ${stripIndex}, which has pixels 0–${strip.length - 1}`);
      return [];
    }
    const clash = taken.find((t) => t.strip === stripIndex && first <= t.last && t.first <= last);
    if (clash) problems.add(path, `pixels ${first}–${last} of strip ${stripIndex} overlap ${clash.path} (pixels ${clash.first}–${clash.last})`);
    taken.push({ strip: stripIndex, first, last, path });
    const synapse = synapses.get(of);
    const contacts = synapse?.contacts ?? 1;
    if (shows === 'synapse' && last - first + 1 < contacts) {
      const why = synapse?.contactsDefaulted ? ` (a synapse that does not give "contacts" is a pathway of ${PATHWAY.contacts}: see docs/exhibit.md)` : '';
      problems.add(path, `a synapse segment needs a pixel per contact: ${of} starts with ${contacts} contacts${why}, the segment has ${last - first + 1} pixels; lengthen the segment or give the synapse fewer "contacts"`);
    }
    return [{ shows, of, strip: stripIndex, first, last }];
  });
}

function readControls(value: unknown, boards: BoardBook, synapseIds: Set<string>, problems: Problems): Exhibit['controls'] {
  if (value === undefined) return {};
  const o = problems.object(value, 'controls') ?? {};
  problems.onlyKeys(o, 'controls', ['age', 'injury']);
  const controls: Exhibit['controls'] = {};
  if (o.age !== undefined) {
    const age = problems.object(o.age, 'controls.age') ?? {};
    problems.onlyKeys(age, 'controls.age', ['analog', 'start', 'board']);
    const board = boards.pick(age.board, 'controls.age.board');
    const analog = board === undefined ? undefined : boards.pins(board).analog(age.analog, 'controls.age.analog');
    const start = age.start === undefined ? DEFAULT_AGE_START : problems.number(age.start, 'controls.age.start', { min: 0, max: 1 });
    if (analog !== undefined && start !== undefined) controls.age = { analog, start, ...boards.field(board ?? 0) };
  }
  if (o.injury !== undefined) {
    const injury = problems.object(o.injury, 'controls.injury') ?? {};
    problems.onlyKeys(injury, 'controls.injury', ['button', 'cuts', 'board']);
    const board = boards.pick(injury.board, 'controls.injury.board');
    const button = board === undefined ? undefined : boards.pins(board).digital(injury.button, 'controls.injury.button');
    const raw = typeof injury.cuts === 'string' ? [injury.cuts] : injury.cuts;
    const list = Array.isArray(raw) ? raw : (problems.add('controls.injury.cuts', `must be a synapse id or a list of them, got ${describe(injury.cuts)}`), []);
    const seen = new Set<string>();
    const cuts = list.filter((id, i) => {
      const p = typeof injury.cuts === 'string' ? 'controls.injury.cuts' : `controls.injury.cuts[${i}]`;
      if (typeof id === 'string' && seen.has(id)) {
        problems.add(p, `${id} is listed twice`);
        return false;
      }
      if (typeof id === 'string' && synapseIds.has(id)) {
        seen.add(id);
        return true;
      }
      problems.add(p, `unknown synapse ${describe(id)}; known synapses: ${[...synapseIds].join(', ')}`);
      return false;
    }) as string[];
    if (button !== undefined) controls.injury = { button, cuts, ...boards.field(board ?? 0) };
  }
  return controls;
}

/** Idle defaults (IdleConfig): a visit ends after a minute without input; the rest takes 3 s. */
export const IDLE_DEFAULTS: IdleConfig = { afterMs: 60_000, mode: 'reset', restMs: 3_000 };
/** Most actions in an attract demo, and its longest round: a demo is a few presses, looped. */
export const ATTRACT_LIMITS = { maxActions: 2_000, maxEveryS: 3_600 } as const;
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function readIdle(value: unknown, problems: Problems): IdleConfig | undefined {
  if (value === undefined) return undefined;
  const o = problems.object(value, 'idle');
  if (!o) return undefined;
  problems.onlyKeys(o, 'idle', ['afterS', 'mode', 'restS']);
  const afterS = o.afterS === undefined ? IDLE_DEFAULTS.afterMs / 1000 : problems.number(o.afterS, 'idle.afterS', { min: 1, max: 86_400 });
  const restS = o.restS === undefined ? IDLE_DEFAULTS.restMs / 1000 : problems.number(o.restS, 'idle.restS', { min: 0, max: 60 });
  let mode = IDLE_DEFAULTS.mode;
  if (o.mode === 'reset' || o.mode === 'keep') mode = o.mode;
  else if (o.mode !== undefined) problems.add('idle.mode', `must be "reset" (every visitor meets the same exhibit) or "keep" (it keeps a day's learning), got ${describe(o.mode)}`);
  if (afterS === undefined || restS === undefined) return undefined;
  return { afterMs: afterS * 1000, mode, restMs: restS * 1000 };
}

function readAttract(value: unknown, exhibit: Pick<Exhibit, 'neurons' | 'controls'>, problems: Problems): AttractConfig | false | undefined {
  if (value === undefined) return undefined;
  if (value === false) return false;
  const o = problems.object(value, 'attract');
  if (!o) return undefined;
  problems.onlyKeys(o, 'attract', ['script', 'everyS']);
  const script = readScriptInto(o.script, exhibit, problems, 'attract.script', ATTRACT_LIMITS.maxActions);
  const lastS = (script.at(-1)?.atMs ?? 0) / 1000;
  if (lastS > ATTRACT_LIMITS.maxEveryS) problems.add('attract.script', `a demo round may last at most ${ATTRACT_LIMITS.maxEveryS} s; its last action is at ${lastS} s`);
  const everyS = o.everyS === undefined ? Math.max(10, Math.ceil(lastS) + 8) : problems.number(o.everyS, 'attract.everyS', { min: 1, max: ATTRACT_LIMITS.maxEveryS });
  if (everyS !== undefined && everyS <= lastS) problems.add('attract.everyS', `a round must be longer than its script: the last action is at ${lastS} s, got ${everyS}`);
  if (everyS === undefined) return undefined;
  return { script, everyMs: everyS * 1000 };
}

/** "HH:MM-HH:MM" → [from, to) minutes after midnight; "24:00" only as an end. */
function readPeriod(value: unknown, path: string, problems: Problems): [number, number] | undefined {
  const m = typeof value === 'string' ? /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(value) : null;
  const minutes = (h: string, min: string) => (Number(h) <= 24 && Number(min) < 60 ? Number(h) * 60 + Number(min) : NaN);
  const from = m ? minutes(m[1]!, m[2]!) : NaN;
  const to = m ? minutes(m[3]!, m[4]!) : NaN;
  if (!(from >= 0 && from < 24 * 60) || !(to > 0 && to <= 24 * 60)) return void problems.add(path, `must be a period like "09:30-17:00" (24-hour clock, "24:00" for midnight at the end), got ${describe(value)}`);
  if (to <= from) return void problems.add(path, `must end after it starts, got ${describe(value)}; a period past midnight is two: "22:00-24:00" and the next day's "00:00-02:00"`);
  return [from, to];
}

/** Whether `zone` is a time zone this system knows (an IANA name like "Europe/Paris"). */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function readHours(value: unknown, problems: Problems): OpeningHours | undefined {
  if (value === undefined) return undefined;
  const o = problems.object(value, 'hours');
  if (!o) return undefined;
  problems.onlyKeys(o, 'hours', ['timeZone', 'weekly', 'atOpening']);
  let timeZone: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (o.timeZone !== undefined) {
    timeZone = problems.string(o.timeZone, 'hours.timeZone');
    if (timeZone !== undefined && !knownTimeZone(timeZone)) {
      problems.add('hours.timeZone', `unknown time zone ${describe(timeZone)}; use an IANA name like "Europe/Paris" or "America/New_York"`);
      timeZone = undefined;
    }
  }
  let atOpening: OpeningHours['atOpening'] = 'fresh';
  if (o.atOpening === 'fresh' || o.atOpening === 'saved') atOpening = o.atOpening;
  else if (o.atOpening !== undefined) problems.add('hours.atOpening', `must be "fresh" (the starting state each opening) or "saved" (as it was at closing), got ${describe(o.atOpening)}`);
  const weeklyDoc = problems.object(o.weekly, 'hours.weekly');
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as OpeningHours['weekly'];
  if (weeklyDoc) {
    problems.onlyKeys(weeklyDoc, 'hours.weekly', WEEKDAYS);
    for (const day of WEEKDAYS) {
      const v = weeklyDoc[day];
      if (v === undefined) continue;
      const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : (problems.add(`hours.weekly.${day}`, `must be a period like "10:00-17:00" or a list of them, got ${describe(v)}`), []);
      if (list.length > 24) problems.add(`hours.weekly.${day}`, `at most 24 periods a day, got ${list.length}`);
      const periods = list.slice(0, 24).map((p, i) => readPeriod(p, typeof v === 'string' ? `hours.weekly.${day}` : `hours.weekly.${day}[${i}]`, problems)).filter((p): p is [number, number] => p !== undefined);
      const sorted = [...periods].sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i]![0] < sorted[i - 1]![1]) problems.add(`hours.weekly.${day}`, 'periods overlap; list each open stretch once');
      }
      weekly[day] = sorted;
    }
    if (WEEKDAYS.every((d) => weekly[d].length === 0)) problems.add('hours.weekly', 'no day has an open period; leave out "hours" for an exhibit that is always open');
  }
  if (!weeklyDoc || timeZone === undefined) return undefined;
  return { timeZone, weekly, atOpening };
}

/** Most claims an exhibit may make (each is a part of `neuron-kit check`, a minute or so on the twin). */
const MAX_CLAIMS = 12;

function readClaims(value: unknown, exhibit: Pick<Exhibit, 'neurons' | 'controls'>, ctx: CheckContext, problems: Problems): ExhibitClaim[] {
  if (value === undefined) return [];
  const list = problems.array(value, 'claims') ?? [];
  if (list.length > MAX_CLAIMS) problems.add('claims', `at most ${MAX_CLAIMS} claims, got ${list.length}`);
  return list.slice(0, MAX_CLAIMS).flatMap((c, i): ExhibitClaim[] => {
    const path = `claims[${i}]`;
    const o = problems.object(c, path);
    if (!o) return [];
    problems.onlyKeys(o, path, ['says', 'do', 'after', 'then']);
    const says = problems.string(o.says, `${path}.says`);
    const actions = readScriptInto(o.do, exhibit, problems, `${path}.do`, 10_000);
    const afterMs = problems.duration(o.after, `${path}.after`, 'positive');
    const then = readChecks(o.then, `${path}.then`, { ...ctx, afterAction: true }, problems);
    if (afterMs !== undefined && actions.some((a) => a.atMs > afterMs)) problems.add(`${path}.after`, 'comes before the last action; look after the visitor is done');
    return says !== undefined && afterMs !== undefined && then ? [{ says, actions, afterMs, then }] : [];
  });
}

/**
 * Validates a parsed exhibit document (docs/exhibit.md). Throws InvalidDocumentError listing every
 * problem by JSON path, so nothing starts on an invalid file.
 */
export function readExhibit(doc: unknown): Exhibit {
  checkDocumentLimits(doc, 'The exhibit');
  const problems = new Problems();
  const o = problems.object(doc, '(exhibit)') ?? {};
  problems.onlyKeys(o, '', ['$schema', 'name', 'about', 'invitation', 'board', 'boards', 'neurons', 'synapses', 'candidates', 'strips', 'segments', 'controls', 'power', 'compression', 'debounceMs', 'spontaneousHz', 'pixelsPerMetre', 'restingBrightness', 'layout', 'remote', 'publish', 'idle', 'attract', 'hours', 'claims', 'preparation']);
  const name = problems.string(o.name, 'name') ?? '';
  const boards = readBoards(o, problems);
  const neurons = readNeurons(o.neurons, boards, problems);
  const ids = new Set(neurons.map((n) => n.id));
  const synapseIds = new Set<string>();
  const defaulted = new Set<string>();
  const synapses = limited(problems.array(o.synapses, 'synapses'), 'synapses', EXHIBIT_LIMITS.maxSynapses, problems).flatMap((s, i) => {
    const read = readSynapse(s, `synapses[${i}]`, ids, problems);
    if (!read) return [];
    const spec = withPathwayDefaults(read);
    if (read.contacts === undefined) defaulted.add(`${spec.from}->${spec.to}`);
    const id = `${spec.from}->${spec.to}`;
    if (synapseIds.has(id)) {
      problems.add(`synapses[${i}]`, `synapse ${id} is declared twice`);
      return [];
    }
    synapseIds.add(id);
    return [spec];
  });
  const candidateIds = new Set<string>();
  const candidateList = o.candidates === undefined ? [] : problems.array(o.candidates, 'candidates');
  const candidates = limited(candidateList, 'candidates', EXHIBIT_LIMITS.maxCandidates, problems).flatMap((c, i) => {
    const ok = Array.isArray(c) && c.length === 2 && c.every((id) => typeof id === 'string' && ids.has(id)) && c[0] !== c[1];
    if (!ok) {
      problems.add(`candidates[${i}]`, `must be a pair of two different neuron ids of this exhibit, like ["A", "B"], got ${Array.isArray(c) ? `[${c.map(describe).join(', ')}]` : describe(c)}`);
      return [];
    }
    const id = `${c[0]}->${c[1]}`;
    if (synapseIds.has(id)) {
      problems.add(`candidates[${i}]`, `${id} is already a synapse`);
      return [];
    }
    if (candidateIds.has(id)) {
      problems.add(`candidates[${i}]`, `${id} is listed twice`);
      return [];
    }
    candidateIds.add(id);
    return [[c[0], c[1]] as [string, string]];
  });
  const { remote, publish } = readRemote(o.remote, o.publish, ids, problems);
  for (const r of remote) synapseIds.add(`${r.from}->${r.to}`);
  const strips = readStrips(o.strips, boards, problems);
  const segments = readSegments(o.segments, { neurons, synapses: [...synapses, ...remote], candidates, strips }, problems, defaulted);
  const controls = readControls(o.controls, boards, synapseIds, problems);
  // Scripts and the page name the injury button "injury": a neuron of that name could not be pressed.
  const injuryNamesake = Array.isArray(o.neurons) ? o.neurons.findIndex((n) => (n as { id?: unknown } | null)?.id === 'injury') : -1;
  if (controls.injury && injuryNamesake >= 0) problems.add(`neurons[${injuryNamesake}].id`, '"injury" names the injury button in scripts and on the page; give the neuron another id');
  const powerDoc = problems.object(o.power, 'power') ?? {};
  problems.onlyKeys(powerDoc, 'power', ['supplyAmps', 'maxBrightness']);
  const supplyAmps = problems.number(powerDoc.supplyAmps, 'power.supplyAmps', { min: 0, exclusiveMin: true }) ?? 1;
  const maxBrightness = powerDoc.maxBrightness === undefined ? 1 : problems.number(powerDoc.maxBrightness, 'power.maxBrightness', { min: 0, max: 1, exclusiveMin: true }) ?? 1;
  const compression = o.compression === undefined ? DEFAULT_COMPRESSION : problems.number(o.compression, 'compression', { min: 0, exclusiveMin: true, max: MAX_COMPRESSION }) ?? DEFAULT_COMPRESSION;
  const spontaneousHz = o.spontaneousHz === undefined ? DEFAULT_SPONTANEOUS_HZ : problems.number(o.spontaneousHz, 'spontaneousHz', { min: 0, max: 20 }) ?? DEFAULT_SPONTANEOUS_HZ;
  const debounceMs = o.debounceMs === undefined ? DEFAULT_DEBOUNCE_MS : problems.number(o.debounceMs, 'debounceMs', { min: 0, max: 1000 }) ?? DEFAULT_DEBOUNCE_MS;
  const display = readDisplay(o, Array.isArray(o.segments) ? o.segments.length : 0, problems);
  const idle = readIdle(o.idle, problems);
  const attract = readAttract(o.attract, { neurons, controls }, problems);
  const hours = readHours(o.hours, problems);
  let preparation: Preparation = DEFAULT_PREPARATION;
  if (o.preparation !== undefined) {
    if (typeof o.preparation === 'string' && hasOwn(TRIPLET_SETS, o.preparation)) preparation = o.preparation as Preparation;
    else problems.add('preparation', `must be one of ${Object.keys(TRIPLET_SETS).map((k) => `"${k}"`).join(', ')}, got ${describe(o.preparation)}`);
  }
  // A button whose pin is wrong (another board's, say) is reported once, at the neuron: the claims that
  // press it are read as if it had one, rather than each press reported again.
  const declaredButtons = new Set((Array.isArray(o.neurons) ? o.neurons : []).flatMap((n) => (n !== null && typeof n === 'object' && (n as { button?: unknown }).button !== undefined ? [(n as { id?: unknown }).id] : [])));
  const claimNeurons = neurons.map((n) => (n.button === undefined && declaredButtons.has(n.id) ? { ...n, button: -1 } : n));
  const claims = readClaims(o.claims, { neurons: claimNeurons, controls }, { synapses: [...synapseIds, ...candidateIds], neurons: neurons.map((n) => n.id) }, problems);
  const what = `The exhibit${name ? ` "${name}"` : ''}`;
  problems.throwIfAny(what);
  const exhibit: Exhibit = {
    name, board: { kind: boards.boards[0]!.kind, ...(boards.boards[0]!.require ? { require: true } : {}) }, ...(o.boards !== undefined ? { boards: boards.boards } : {}), neurons, synapses, candidates, strips, segments, controls, power: { supplyAmps, maxBrightness }, compression, debounceMs, spontaneousHz,
    remote, publish, claims, preparation, ...display,
    ...(idle ? { idle } : {}), ...(attract !== undefined ? { attract } : {}), ...(hours ? { hours } : {}),
  };
  checkSupply(exhibit, problems);
  problems.throwIfAny(what);
  return exhibit;
}

/** A supply too small to light the exhibit at rest leaves the strips dark: an error, not a surprise. */
function checkSupply(exhibit: Exhibit, problems: Problems): void {
  const restMilliamps = restingMilliamps(exhibit);
  const { supplyAmps } = exhibit.power;
  if (stripBudgetMilliamps(supplyAmps) >= restMilliamps) return;
  const neededAmps = Math.ceil(((restMilliamps + LED_POWER.boardMilliamps) / LED_POWER.supplyHeadroom / 1000) * 10) / 10;
  problems.add(
    'power.supplyAmps',
    `a ${supplyAmps} A supply cannot light this exhibit even at rest (its strips draw ${Math.round(restMilliamps)} mA at rest, the board ${LED_POWER.boardMilliamps} mA, ` +
      `with ${Math.round((1 - LED_POWER.supplyHeadroom) * 100)}% kept in reserve); use a supply of at least ${neededAmps} A and set "supplyAmps" to its rating (\`neuron-kit power\` says which to buy)`,
  );
}
