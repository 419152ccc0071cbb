import { wireToRgb } from '../wire/index.js';
import { boardOf, type Exhibit } from '../exhibit/types.js';
import { IDLE_DEFAULTS } from '../exhibit/validate.js';
import type { ModelEvent } from '../model/index.js';
import { isFlashing } from '../render/index.js';
import type { Session } from '../runtime/session.js';
import type { PartRecord, Snapshot } from './assess.js';
import { VISIT, type Part } from './plan.js';

/** A target's spike this soon after an input's counts as that input firing it (an EPSP's rise and a spike, Fetz & Gustafsson 1983: a few ms). */
const FOLLOW_MS = 10;

/** Board time a part takes at most: the reset and settle before it, its activity and rest, and waits for clear looks. */
export function partMs(exhibit: Exhibit, part: Part): number {
  return settleMs(exhibit) + part.endMs + 3 * CLEAR_LOOK_MS;
}

function settleMs(exhibit: Exhibit): number {
  return Math.max(VISIT.settleMs, (exhibit.idle ?? IDLE_DEFAULTS).restMs + 1000);
}

/** What the exhibit shows and is now. */
function snapshot(session: Session, exhibit: Exhibit): Snapshot {
  const now = session.runtime.clock.now();
  const model = session.runtime.model;
  const frames = exhibit.strips.map((s) => {
    const shown = session.side.leds.lastFrame(s.pin, boardOf(s));
    return shown ? wireToRgb(shown.bytes, s.order) : null;
  });
  const flashing = new Set(exhibit.segments.filter((s) => s.shows === 'synapse' && isFlashing(exhibit, model.animation, s.of, now)).map((s) => s.of));
  return { view: model.storyView(now), frames, flashing };
}

/** A look is taken when no action potential is flashing on a synapse, waiting for one at most this long (board ms). */
const CLEAR_LOOK_MS = 1500;
const LOOK_RETRY_MS = 20;

/**
 * Calls `done` with a look at the exhibit at board time `atMs`, or a little later once no synapse is
 * flashing: a flash is an action potential arriving, not a change of the synapse.
 */
function lookAt(session: Session, exhibit: Exhibit, atMs: number, done: (s: Snapshot) => void): void {
  const clock = session.runtime.clock;
  const attempt = (t: number) => {
    const snap = snapshot(session, exhibit);
    if (snap.flashing.size === 0 || t - atMs >= CLEAR_LOOK_MS) return done(snap);
    clock.schedule(t + LOOK_RETRY_MS, () => attempt(t + LOOK_RETRY_MS));
  };
  clock.schedule(atMs, () => attempt(atMs));
}

/**
 * Plays the parts of a check one after another on a running session, each from the exhibit's starting
 * state (the docent's reset), through the session's inputs (the twin's pins); calls `done` with what
 * each part recorded. The session must run for the sum of `partMs`.
 */
export function playCheck(session: Session, exhibit: Exhibit, parts: readonly Part[], done: (records: PartRecord[]) => void): void {
  const { runtime, side } = session;
  const clock = runtime.clock;
  const records: PartRecord[] = [];
  const settle = settleMs(exhibit);
  const dial = exhibit.controls.age;
  const play = (index: number, atMs: number) => {
    const part = parts[index];
    if (!part) return done(records);
    runtime.reset(atMs);
    if (dial) side.inputs.turn(dial.analog, part.age ?? dial.start);
    const go = atMs + settle;
    // Spikes are counted from when the activity begins (the look at the start may wait a little).
    const firing: PartRecord['firing'] = {};
    const pending = new Map<string, number | null>();
    const from = part.kind === 'button' || part.kind === 'age' ? part.subject : null;
    const outgoing = from ? exhibit.synapses.filter((s) => s.from === from).map((s) => `${s.from}->${s.to}`) : [];
    const onModel = (e: ModelEvent) => {
      if (e.kind !== 'spike' || e.tMs < go) return;
      for (const id of outgoing) {
        const [pre, post] = id.split('->');
        const f = (firing[id] ??= { pre: 0, followed: 0 });
        if (e.neuron === pre) {
          f.pre++;
          pending.set(id, e.tMs);
        } else if (e.neuron === post) {
          const t = pending.get(id);
          if (t != null && e.tMs - t <= FOLLOW_MS) f.followed++;
          pending.set(id, null);
        }
      }
    };
    // The look at the start may wait for a flash to pass; the part's activity begins after it.
    lookAt(session, exhibit, go, (start) => {
      const begin = clock.now();
      for (const id of outgoing) firing[id] = { pre: 0, followed: 0 };
      runtime.on('model', onModel);
      for (const a of part.actions) {
        clock.schedule(begin + a.atMs, () => {
          if (a.kind === 'dial') side.inputs.turn(a.channel, a.fraction);
          else if (a.pressed) side.inputs.press(a.target, a.pin);
          else side.inputs.release(a.target, a.pin);
        });
      }
      let active: Snapshot | null = null;
      lookAt(session, exhibit, begin + part.activeMs, (s) => void (active = s));
      lookAt(session, exhibit, begin + part.endMs, (end) => {
        runtime.off('model', onModel);
        records.push({ part, start, active: active ?? start, end, firing });
        play(index + 1, clock.now());
      });
    });
  };
  play(0, clock.now());
}
