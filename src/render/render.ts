import type { Exhibit, Segment } from '../exhibit/index.js';
import type { NeuronReport, SynapseState } from '../model/index.js';
import { ANIMATION, type Animation } from './animation.js';
import { mix, PALETTES, scale, type PaletteName, type Rgb } from './palette.js';
import { HUE_FULL_RATIO, hueShift, relativeEfficacy } from '../story/strength.js';
import { GAMMA_TABLE, limitFrames, stripBudgetMilliamps, type Frame } from './power.js';

/** The model as the renderer sees it: the state of every synapse and neuron by id. */
export interface ModelView {
  synapses: Record<string, SynapseState>;
  neurons: Record<string, NeuronReport>;
  /**
   * Each synapse's reference (story/strength.ts): its efficacy and contacts at the exhibit's starting
   * state, or when it formed. Hue is efficacy against it; brightness, efficacy per contact against its
   * per-contact value.
   */
  reference: Record<string, { efficacy: number; contacts: number }>;
}

export interface RenderOptions {
  palette?: PaletteName;
}

export interface RenderResult {
  /** One frame per strip of the exhibit, logical RGB (the strip applies gamma). */
  frames: Frame[];
  /** Dimming the power limiter applied (1 = none). */
  powerScale: number;
  limited: boolean;
}

/**
 * Brightness of a synapse pixel for a per-contact strength relative to its start (1 = unchanged): 0.55
 * at the start, on the same logarithmic scale as the hue (story/strength.ts HUE_FULL_RATIO): a quarter
 * stronger per contact is as bright as a pixel gets, a fifth weaker is at its dimmest. The model's
 * changes are the size they are in brains; this stated mapping makes a visitor's change visible.
 */
export function synapseBrightness(relative: number): number {
  return Math.min(1, Math.max(0.12, 0.55 + 0.45 * (Math.log(Math.max(relative, 1e-6)) / Math.log(HUE_FULL_RATIO))));
}


function put(frame: Frame, pixel: number, c: Rgb, add = false): void {
  const i = pixel * 3;
  for (let k = 0; k < 3; k++) {
    const v = add ? frame[i + k]! + c[k]! : c[k]!;
    frame[i + k] = Math.max(0, Math.min(255, Math.round(v)));
  }
}

/** The neuron whose action potentials travel along an axon segment: `of` is a synapse or a neuron. */
function axonSource(of: string): string {
  const arrow = of.indexOf('->');
  return arrow >= 0 ? of.slice(0, arrow) : of;
}

function drawAxon(frame: Frame, seg: Segment, view: ModelView, anim: Animation, nowMs: number, palette: typeof PALETTES.default): void {
  const source = axonSource(seg.of);
  if (view.neurons[source]?.alive === false) return;
  const length = seg.last - seg.first + 1;
  for (let p = seg.first; p <= seg.last; p++) put(frame, p, palette.axonRest);
  for (const spike of anim.spikes) {
    if (spike.neuron !== source || spike.tMs > nowMs) continue;
    const head = ((nowMs - spike.tMs) * ANIMATION.pixelsPerSecond) / 1000;
    if (head > length + ANIMATION.tailPixels) continue;
    for (let k = 0; k <= ANIMATION.tailPixels; k++) {
      const pos = Math.floor(head) - k;
      if (pos < 0 || pos >= length) continue;
      put(frame, seg.first + pos, scale(palette.actionPotential, 1 / (1 + k * 1.5)));
    }
  }
}

/** Board time at which an action potential of `neuron` fired at `tMs` reaches the end of its axon. */
function arrivalMs(exhibit: Exhibit, synapse: string, tMs: number): number {
  const axon = exhibit.segments.find((s) => s.shows === 'axon' && (s.of === synapse || s.of === axonSource(synapse)));
  const length = axon ? axon.last - axon.first + 1 : 0;
  return tMs + (length * 1000) / ANIMATION.pixelsPerSecond;
}

/** Whether an action potential's flash is on a synapse's segment at board time `nowMs`. */
export function isFlashing(exhibit: Exhibit, anim: Animation, synapse: string, nowMs: number): boolean {
  return anim.responses.some((r) => {
    if (r.synapse !== synapse) return false;
    const since = nowMs - arrivalMs(exhibit, synapse, r.tMs);
    return since >= 0 && since <= ANIMATION.synapseFlashMs;
  });
}

function drawSynapse(frame: Frame, seg: Segment, exhibit: Exhibit, view: ModelView, anim: Animation, nowMs: number, palette: typeof PALETTES.default): void {
  const state = view.synapses[seg.of];
  const length = seg.last - seg.first + 1;
  const pruned = anim.pruned.get(seg.of);
  // A pruned synapse fades out with the contacts it last had; a candidate that never formed stays dark.
  let fade = 1;
  let contacts = state?.contacts ?? 0;
  if (!state || !state.exists) {
    if (pruned === undefined || nowMs - pruned.tMs >= ANIMATION.fadeMs) return;
    fade = 1 - (nowMs - pruned.tMs) / ANIMATION.fadeMs;
    contacts = pruned.contacts;
  }
  const ref = view.reference[seg.of];
  const baseline = ref && ref.contacts > 0 ? ref.efficacy / ref.contacts : 0;
  const perContact = state && state.contacts > 0 ? state.efficacy / state.contacts : baseline;
  const relative = baseline > 0 ? perContact / baseline : 1;
  // Hue: the one quantity of the story (efficacy against its reference), so the words and the colour agree.
  // A synapse fading out keeps the hue it had.
  const shift = state && state.exists ? hueShift(relativeEfficacy(state.efficacy, ref?.efficacy ?? 0)) : 0;
  const hue = shift >= 0 ? mix(palette.synapseNeutral, palette.potentiated, shift) : mix(palette.synapseNeutral, palette.depressed, -shift);
  // A new connection grows in pixel by pixel.
  const formedAt = anim.formed.get(seg.of);
  const grown = formedAt === undefined ? 1 : Math.min(1, (nowMs - formedAt) / ANIMATION.growMs);
  const lit = Math.min(length, Math.ceil(contacts * grown));
  // Each action potential arriving here flashes the synapse in proportion to the response it caused.
  let flash = 0;
  for (const r of anim.responses) {
    if (r.synapse !== seg.of) continue;
    const since = nowMs - arrivalMs(exhibit, seg.of, r.tMs);
    if (since < 0 || since > ANIMATION.synapseFlashMs) continue;
    const size = baseline > 0 ? r.amplitude / (baseline * Math.max(1, contacts)) : 1;
    flash = Math.max(flash, Math.min(1, 0.5 * size) * (1 - since / ANIMATION.synapseFlashMs));
  }
  // The flash brightens the synapse's own colour, so an arriving action potential never changes its hue.
  const level = synapseBrightness(relative);
  const color = scale(hue, (level + (1 - level) * flash) * fade);
  for (let k = 0; k < lit; k++) put(frame, seg.first + k, color);
}

function drawSoma(frame: Frame, seg: Segment, view: ModelView, anim: Animation, nowMs: number, palette: typeof PALETTES.default): void {
  if (view.neurons[seg.of]?.alive === false) return;
  let flash = 0;
  for (const s of anim.spikes) {
    if (s.neuron !== seg.of || s.tMs > nowMs) continue;
    const since = nowMs - s.tMs;
    if (since <= ANIMATION.somaFlashMs) flash = Math.max(flash, 1 - since / ANIMATION.somaFlashMs);
  }
  const color = mix(palette.somaRest, palette.somaFlash, flash);
  for (let p = seg.first; p <= seg.last; p++) put(frame, p, color);
}

/** The least logical value whose duty after the LEDs' gamma is at least `duty` (0–1). */
export function logicalForDuty(duty: number): number {
  const wire = duty * 255;
  let v = 0;
  while (v < 255 && GAMMA_TABLE[v]! < wire) v++;
  return v;
}

/** Whether a segment shows something alive now (a lost neuron's soma and axons, a pruned synapse, do not). */
function isLive(seg: Segment, view: ModelView): boolean {
  if (seg.shows === 'synapse') return view.synapses[seg.of]?.exists === true;
  return view.neurons[seg.shows === 'soma' ? seg.of : axonSource(seg.of)]?.alive !== false;
}

/**
 * Raises every lit pixel of a live segment so its brightest channel is at least `floor` (logical),
 * keeping its hue: at rest the axons, somas and depressed synapses would otherwise be a duty of a few
 * 255ths, which reads as "off" in a lit gallery. Dark pixels (contacts not there) stay dark.
 */
function liftToRest(frame: Frame, seg: Segment, floor: number): void {
  for (let p = seg.first; p <= seg.last; p++) {
    const i = p * 3;
    const top = Math.max(frame[i]!, frame[i + 1]!, frame[i + 2]!);
    if (top === 0 || top >= floor) continue;
    const k = floor / top;
    for (let c = 0; c < 3; c++) frame[i + c] = frame[i + c]! === top ? floor : Math.min(floor, Math.round(frame[i + c]! * k));
  }
}

/**
 * Model state + animation state → one frame per strip, in the visual language of DESIGN.md: pure and
 * deterministic for the same inputs and board time. The brightness cap, the resting glow of live
 * segments (`restingBrightness`) and the power limiter (the exhibit's supply, 60 mA per full-white
 * pixel after gamma) are applied last, over all strips.
 */
export function renderFrames(exhibit: Exhibit, view: ModelView, anim: Animation, nowMs: number, options: RenderOptions = {}): RenderResult {
  const palette = PALETTES[options.palette ?? 'default'];
  const frames = exhibit.strips.map((s) => new Uint8Array(s.length * 3));
  for (const seg of exhibit.segments) {
    const frame = frames[seg.strip]!;
    if (seg.shows === 'axon') drawAxon(frame, seg, view, anim, nowMs, palette);
    else if (seg.shows === 'synapse') drawSynapse(frame, seg, exhibit, view, anim, nowMs, palette);
    else drawSoma(frame, seg, view, anim, nowMs, palette);
  }
  const cap = exhibit.power.maxBrightness;
  if (cap < 1) for (const f of frames) for (let i = 0; i < f.length; i++) f[i] = Math.floor(f[i]! * cap);
  const floor = logicalForDuty(exhibit.restingBrightness ?? 0);
  if (floor > 0) for (const seg of exhibit.segments) if (isLive(seg, view)) liftToRest(frames[seg.strip]!, seg, floor);
  const powerScale = limitFrames(frames, stripBudgetMilliamps(exhibit.power.supplyAmps));
  return { frames, powerScale, limited: powerScale < 1 };
}
