import { CONSOLIDATION, INJURY, SCALING, STRUCTURE } from './params.js';
import type { Rng } from './rng.js';
import type { Network } from './network.js';
import type { NeuronState } from './neuron.js';
import type { Synapse } from './synapse.js';
import { coincidenceDecay } from './coincidence.js';

const DAY_S = 86_400;

/**
 * Transient post-injury boost of plasticity: 1 + peak·(t/τ)·e^(1−t/τ), a rise over weeks and a slow
 * return (Nudo 2006; Murphy & Corbett 2009: a sensitive period of heightened plasticity after stroke).
 */
export function injuryBoost(sinceInjuryS: number | null): number {
  if (sinceInjuryS === null || sinceInjuryS < 0) return 1;
  const r = sinceInjuryS / INJURY.riseS;
  return 1 + INJURY.peakBoost * r * Math.exp(1 - r);
}

/**
 * Advances every slow variable by `tickMs` of fast time (× K of slow time): early decay and
 * consolidation, homeostatic scaling, structural turnover and neuron loss. Linear decays use exact
 * exponentials; event hazards use 1 − e^(−rate·dt), so long steps at high compression stay stable.
 */
export function slowTick(net: Network, tickMs: number, rng: Rng): void {
  const dtS = (tickMs / 1000) * net.compression;
  const t = net.nowMs;
  const gain = net.gain();
  const dtDays = dtS / DAY_S;
  const togetherDecay = coincidenceDecay(tickMs);
  const earlyDecay = Math.exp(-dtS / CONSOLIDATION.tauEarlyS);
  const lateDecay = Math.exp(-dtS / CONSOLIDATION.tauLateS);

  for (const n of net.neurons) {
    if (!n.alive) continue;
    // Protein synthesis is triggered while the neuron's summed |early| change is large (Clopath et al.
    // 2008). The sum is gathered by the synapse loop of the previous tick.
    if (n.summedEarly > CONSOLIDATION.triggerThreshold) {
      n.protein = 1 - (1 - n.protein) * Math.exp(-dtS / CONSOLIDATION.tauProteinRiseS);
    } else {
      n.protein *= Math.exp(-dtS / CONSOLIDATION.tauProteinS);
    }
    n.summedEarly = 0;
    // Homeostatic scaling: τ dh/dt = (1 − h) − h·max(0, r/r_target − 1): sustained overactivity scales
    // receptors down toward h = r_target/r (tolerance); afterwards h returns to 1 over about a day, so
    // removing the stimulus leaves a temporary undershoot (withdrawal). Euler step, K·dt/τ ≤ 0.1.
    const h = n.scaling;
    const dh = ((1 - h) - h * n.excessActivity()) * (dtS / SCALING.tauS);
    n.scaling = Math.max(SCALING.minFactor, h + dh);
    // Structural loss of a neuron that stays nearly silent (faster when plasticity is high).
    if (n.canBeLost && n.activityHz < STRUCTURE.silentHz) n.silentS += dtS * gain;
    else n.silentS = 0;
  }

  const neurons = net.neurons;
  for (const syn of net.synapses) {
    if (!syn.exists) continue;
    const post = neurons[syn.post]!;
    if (syn.early !== 0) {
      // Tag and capture: a tagged synapse hands its early change to the late, stable component while
      // proteins are available (Frey & Morris 1997).
      if (post.protein > 0 && Math.abs(syn.early) > CONSOLIDATION.tagThreshold) {
        const moved = syn.early * (1 - Math.exp(-(post.protein * dtS) / CONSOLIDATION.tauCaptureS));
        syn.early -= moved;
        syn.late += moved;
      }
      syn.early *= earlyDecay;
      post.summedEarly += Math.abs(syn.early);
    }
    syn.late *= lateDecay;
    turnover(net, syn, neurons[syn.pre]!, post, dtDays, gain, rng);
    syn.coincidenceHz *= togetherDecay;
  }

  for (const c of [...net.candidates]) {
    // Either may fire first: the chance window is twice the coincidence window.
    const together = beyondChance(c.coincidenceHz, neurons[c.pre]!.rateHz, neurons[c.post]!.rateHz, 2);
    c.coincidenceHz *= togetherDecay;
    if (rng.chance(STRUCTURE.formPerDay * gain * together * dtDays)) net.form(c);
  }

  for (const n of net.neurons) {
    if (n.alive && n.silentS > STRUCTURE.lossAfterS) {
      n.alive = false;
      net.emit({ kind: 'lost', tMs: t, neuron: n.id });
      for (const s of [...n.incoming, ...n.outgoing]) if (s.exists) net.prune(s);
    }
  }
}

/**
 * How much two cells fire together beyond what their rates alone would give, 0–1. Chance alone gives
 * r1·r2·window coincidences per second (× `sides` when either may fire first); growth needs more than
 * twice that, so that two busy but independent cells do not wire up by accident, and runs at full
 * speed `coincidenceRefHz` above it.
 */
function beyondChance(coincidenceHz: number, rate1Hz: number, rate2Hz: number, sides: number): number {
  const chanceHz = rate1Hz * rate2Hz * (STRUCTURE.coincidenceWindowMs / 1000) * sides;
  return Math.min(1, Math.max(0, coincidenceHz - 2 * chanceHz) / STRUCTURE.coincidenceRefHz);
}

/**
 * Contacts sprout under correlated pre → post activity and are removed when the synapse is weak or
 * unused; a synapse whose last contact goes is pruned (Butz & van Ooyen 2013; Le Bé & Markram 2006).
 */
function turnover(net: Network, syn: Synapse, pre: NeuronState, post: NeuronState, dtDays: number, gain: number, rng: Rng): void {
  const t = net.nowMs;
  const together = syn.coincidenceHz > 0 ? beyondChance(syn.coincidenceHz, pre.rateHz, post.rateHz, 1) : 0;
  if (together > 0 && syn.contacts < STRUCTURE.maxContacts && rng.chance(STRUCTURE.sproutPerDay * gain * together * dtDays)) {
    syn.contacts += 1;
    net.emit({ kind: 'contacts', tMs: t, synapse: syn.id, contacts: syn.contacts });
  }
  const weakness = Math.max(0, (STRUCTURE.weakMultiplier - syn.multiplier()) / STRUCTURE.weakMultiplier);
  const competing = Math.min(1, post.activityHz / post.targetHz);
  const unused = pre.activityHz < STRUCTURE.unusedHz ? STRUCTURE.unusedRisk + (1 - STRUCTURE.unusedRisk) * competing : 0;
  if (weakness === 0 && unused === 0) return;
  const risk = Math.min(1, 2 * weakness + unused) * (1 - together);
  if (risk > 0 && rng.chance(STRUCTURE.shrinkPerDay * gain * risk * dtDays)) {
    syn.contacts -= 1;
    if (syn.contacts <= 0) net.prune(syn);
    else net.emit({ kind: 'contacts', tMs: t, synapse: syn.id, contacts: syn.contacts });
  }
}
