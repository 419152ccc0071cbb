import type { Exhibit } from '../exhibit/index.js';
import { Animation } from './animation.js';
import { PALETTES, type PaletteName } from './palette.js';
import { frameMilliamps } from './power.js';
import { renderFrames, type ModelView } from './render.js';

/**
 * Current the exhibit's strips draw at rest, in mA: every synapse at its starting strength with its
 * starting contacts, every neuron alive, nothing firing, the brightness cap applied, no power limiter.
 * A supply whose budget is below this cannot show the exhibit even when nobody touches it: the limiter
 * would dim every frame towards dark. The larger of the palettes, since the page can switch them.
 */
export function restingMilliamps(exhibit: Exhibit): number {
  const view: ModelView = { synapses: {}, neurons: {}, reference: {} };
  for (const s of exhibit.synapses) {
    const contacts = s.contacts ?? 1;
    view.synapses[`${s.from}->${s.to}`] = { efficacy: contacts, release: 1, receptors: 1, contacts, early: 0, late: 0, exists: true };
    view.reference[`${s.from}->${s.to}`] = { efficacy: contacts, contacts };
  }
  for (const n of exhibit.neurons) view.neurons[n.id] = { alive: true, rateHz: 0 };
  const unlimited = { ...exhibit, power: { ...exhibit.power, supplyAmps: Infinity } };
  const draw = (palette: PaletteName) => renderFrames(unlimited, view, new Animation(), 0, { palette }).frames.reduce((sum, f) => sum + frameMilliamps(f), 0);
  return Math.max(...(Object.keys(PALETTES) as PaletteName[]).map(draw));
}
