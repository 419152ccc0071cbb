import { CONSOLIDATION, INJURY, SCALING, STAGE_GAIN, STRUCTURE } from './params.js';
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
 * How much of the developmental window is open at stage gain g: 0 for adults (g ≤ 1), 1 from the
 * juvenile gain up. Neuron loss for silence belongs to this window only.
 */
export function developmentalWindow(stageGain: number): number {
  return Math.min(1, Math.max(0, (stageGain - STAGE_GAIN.adult) / (STAGE_GAIN.juvenile - STAGE_GAIN.adult)));
}

/**
 * Advances every slow variable by `tickMs` of fast time (× K of slow time): early decay and
 * consolidation, homeostatic scaling, structural turnover and developmental loss. Everything that
 * reads activity reads spike counts over the tick, so a slow outcome depends on how many spikes fell in
 * a stretch of slow time, not on K. Linear decays use exact exponentials; event hazards use
 * 1 − e^(−rate·dt), so long steps at high compression stay stable.
 */
export function slowTick(net: Network, tickMs: number, rng: Rng): void {
  const k = net.compression;
  const dtS = (tickMs / 1000) * k;
  const gain = net.gain();
  const dtDays = dtS / DAY_S;
  const earlyDecay = Math.exp(-dtS / CONSOLIDATION.tauEarlyS);
  const lateDecay = Math.exp(-dtS / CONSOLIDATION.tauLateS);
  const window = developmentalWindow(net.stageGain);

  for (const n of net.neurons) {
    const spikes = n.spikesSinceTick;
    n.spikesSinceTick = 0;
    if (!n.alive) continue;
    proteins(net, n, dtS);
    const target = setPoint(n, spikes, tickMs, dtS);
    if (target !== null) {
      // Leaky spike-count integral controller: Δ ln h = (K/τ)(Δt − N/r_target) − (KΔt/τ)·ln h / L,
      // Δt and N on the fast clock.
      const lnH = Math.log(n.scaling);
      const activity = tickMs / 1000 - spikes / target;
      const leak = -((tickMs / 1000) * lnH) / SCALING.leakScale;
      const lnStep = (k / SCALING.tauS) * (activity + leak);
      // Booked by term: the cell's activity against its set point, and the leak that bounds scaling.
      const share = activity + leak === 0 ? 1 : activity / (activity + leak);
      net.setScaling(n, Math.min(SCALING.maxFactor, Math.max(SCALING.minFactor, Math.exp(lnH + lnStep))), share);
      // Homeostatic growth (+) or retraction (−) of dendritic elements, vacant ones decaying
      // (Butz & van Ooyen 2013): dz/dt = g·[ν(1 − r/r_target) − z/τ], on spike counts.
      // The decay of vacant elements is exact, so long slow steps stay stable at any gain.
      const drive = (tickMs / 1000 - spikes / target) * k;
      n.freeElements = n.freeElements * Math.exp((-gain * dtS) / (STRUCTURE.vacantTauDays * DAY_S)) + (gain * STRUCTURE.growthPerDay * drive) / DAY_S;
      n.freeElements = Math.min(2, Math.max(-2, n.freeElements));
    }
    // Developmental loss: silence accumulates as slow time minus what the spikes pay back, with at
    // most one loss period of credit, so a neuron that fires now and then is never judged by one gap.
    if (n.canBeLost && window > 0) {
      const silentS = n.silentS + window * k * (tickMs / 1000 - spikes / STRUCTURE.silentHz);
      n.silentS = Math.max(-STRUCTURE.lossAfterS, silentS);
      if (n.silentS > STRUCTURE.lossAfterS) net.kill(n, 'silence');
    } else n.silentS = 0;
  }

  const neurons = net.neurons;
  const together = coincidenceDecay(tickMs);
  // One pass over the synapses (they are many; each pass costs a trip through memory).
  for (const syn of net.synapses) {
    syn.coincidenceHz *= together;
    if (!syn.exists) continue;
    const post = neurons[syn.post]!;
    consolidate(net, syn, post, dtS, earlyDecay, lateDecay);
    weakContacts(net, syn, dtDays, gain, rng);
  }
  for (const n of net.neurons) if (n.alive) elements(net, n, rng);
  formation(net, tickMs, dtDays, gain, rng);
}

/**
 * Protein synthesis is triggered while the neuron's summed |early| change is large (Clopath et al.
 * 2008); blocked by anisomycin. The sum is gathered by the synapse loop of the previous tick.
 */
function proteins(net: Network, n: NeuronState, dtS: number): void {
  if (n.summedEarly > CONSOLIDATION.triggerThreshold && !net.blocks.protein) {
    n.protein = 1 - (1 - n.protein) * Math.exp(-dtS / CONSOLIDATION.tauProteinRiseS);
  } else {
    n.protein *= Math.exp(-dtS / CONSOLIDATION.tauProteinS);
  }
  n.summedEarly = 0;
}

/** The neuron's homeostatic set point, measuring it first where it is its own (Hengen et al. 2016). */
function setPoint(n: NeuronState, spikes: number, tickMs: number, dtS: number): number | null {
  if (n.targetHz !== null) return n.targetHz;
  n.setPointSlowS += dtS;
  n.setPointFastMs += tickMs;
  n.setPointSpikes += spikes;
  if (n.setPointSlowS >= SCALING.setPointS && n.setPointSpikes >= SCALING.setPointSpikes) {
    n.targetHz = n.setPointSpikes / (n.setPointFastMs / 1000);
  }
  return null;
}

/**
 * Tag and capture (Frey & Morris 1997; Clopath et al. 2008): a synapse whose early change is large is
 * tagged and remembers that change; while proteins are available the bistable late switch z moves
 * toward 1, and the synapse keeps z × the tagged change as its late phase. Early changes fade over hours.
 */
function consolidate(net: Network, syn: Synapse, post: NeuronState, dtS: number, earlyDecay: number, lateDecay: number): void {
  // The tag is the change the synapse has been given and not yet lost: early plus what is on its way to late.
  const change = syn.early + syn.late;
  const tagged = Math.abs(change) > CONSOLIDATION.tagThreshold;
  if (tagged && syn.lateSwitch < 0.5 && (Math.abs(change) > Math.abs(syn.tagSize) || change * syn.tagSize < 0)) syn.tagSize = change;
  const drive = tagged && !net.blocks.protein ? post.protein : 0;
  const z0 = syn.lateSwitch;
  // At rest in either well (0 with nothing pushing it, or 1 held there) the switch does not move.
  if ((syn.lateSwitch > 0 && syn.lateSwitch < 1) || drive > 0) {
    // Sub-steps keep the switch stable whatever the time-lapse.
    const steps = Math.ceil(dtS / CONSOLIDATION.maxSwitchStepS);
    const h = dtS / steps / CONSOLIDATION.tauCaptureS;
    let z = syn.lateSwitch;
    for (let i = 0; i < steps; i++) z = Math.min(1, Math.max(0, z + h * (drive - CONSOLIDATION.barrier * z * (1 - z) * (0.5 - z))));
    syn.lateSwitch = z;
  }
  if (!tagged && syn.lateSwitch === 0) syn.tagSize = 0;
  const ledger = net.ledger;
  // The late phase fades (over a year), at the switch's old position…
  if (syn.late !== 0) {
    ledger?.open(syn);
    syn.tagSize *= lateDecay;
    syn.late = z0 * syn.tagSize;
    ledger?.close(syn.index, syn, 'late-decay');
  } else syn.tagSize *= lateDecay;
  // …then takes what the switch captured since: what the late phase now carries is no longer carried
  // by the early one.
  const captured = syn.lateSwitch * syn.tagSize;
  if (captured !== syn.late) {
    ledger?.open(syn);
    const moved = captured - syn.late;
    syn.late = captured;
    if (moved * syn.early > 0) syn.early -= Math.sign(moved) * Math.min(Math.abs(moved), Math.abs(syn.early));
    ledger?.close(syn.index, syn, 'consolidation');
  }
  if (syn.early !== 0) {
    ledger?.open(syn);
    syn.early *= earlyDecay;
    ledger?.close(syn.index, syn, 'early-decay');
    post.summedEarly += Math.abs(syn.early);
  }
}

/** Contacts of a depressed synapse shrink and go (Zhou, Homma & Poo 2004). */
function weakContacts(net: Network, syn: Synapse, dtDays: number, gain: number, rng: Rng): void {
  const m = syn.multiplier();
  if (m >= STRUCTURE.weakMultiplier || syn.inhibitory) return;
  const weakness = (STRUCTURE.weakMultiplier - m) / STRUCTURE.weakMultiplier;
  if (rng.chance(STRUCTURE.weakRemovalPerDay * gain * weakness * dtDays)) net.removeContact(syn, 'weak-removal');
}

/**
 * Bound elements follow the neuron's element budget. A deficit removes a contact from the input that
 * least led the cell's spikes, the weakest on a tie (competition for the target); inputs that lead
 * its spikes beyond chance, and synapses whose potentiation was consolidated, keep theirs (LTP
 * enlarges and stabilises spines: Matsuzaki et al. 2004; Hill & Zito 2013). A free element becomes a
 * contact of the input that most led them.
 */
function elements(net: Network, n: NeuronState, rng: Rng): void {
  if (n.freeElements > -1 && n.freeElements < 1) return;
  const inputs = n.incoming.filter((s) => s.exists && !s.inhibitory);
  if (n.freeElements <= -1 && net.slowS >= n.retractReadyS) {
    // Retraction is bounded like growth: at most ν·g contacts a day, as on Butz & van Ooyen's
    // Gaussian growth curve, however far above its set point the cell fires.
    n.retractReadyS = net.slowS + DAY_S / (STRUCTURE.growthPerDay * net.gain());
    const loose = inputs.filter((s) => !(s.late >= STRUCTURE.stableLate && s.lateSwitch > 0.5) && beyondChance(s.coincidenceHz, net.neurons[s.pre]!.coincidenceRateHz, n.coincidenceRateHz, 1, STRUCTURE.leadWindowMs) === 0);
    if (loose.length === 0) return;
    net.removeContact(pick(loose, (s) => s.coincidenceHz / s.contacts, (s) => s.multiplier(), 'min'), 'retraction');
    n.freeElements += 1;
  } else if (n.freeElements >= 1) {
    const growing = inputs.filter((s) => s.contacts < STRUCTURE.maxContacts && net.neurons[s.pre]!.alive);
    if (growing.length === 0) return;
    const winner = pick(growing, (s) => s.coincidenceHz, () => rng.next(), 'max');
    net.addContact(winner);
    n.freeElements -= 1;
  }
}

function pick(list: Synapse[], key: (s: Synapse) => number, tie: (s: Synapse) => number, mode: 'min' | 'max'): Synapse {
  const sign = mode === 'min' ? 1 : -1;
  return list.reduce((best, s) => {
    const d = sign * (key(s) - key(best));
    return d < -1e-12 || (Math.abs(d) <= 1e-12 && sign * (tie(s) - tie(best)) < 0) ? s : best;
  });
}

/**
 * New connections grow where one cell's spikes lead another's more than chance would give (Le Bé &
 * Markram 2006: rewiring between co-activated cells within hours); independent cells that are merely
 * busy do not wire up. Either may fire first for a candidate pair. A deprived cell (free elements) also
 * takes back a lost input from a living partner (rewiring after a lesion: Butz & van Ooyen 2013).
 * Contacts of existing synapses change only through the element budget (`elements`).
 */
function formation(net: Network, tickMs: number, dtDays: number, gain: number, rng: Rng): void {
  const neurons = net.neurons;
  const decay = coincidenceDecay(tickMs);
  for (const c of [...net.candidates]) {
    const pre = neurons[c.pre]!;
    const post = neurons[c.post]!;
    const alive = pre.alive && post.alive;
    const together = alive ? beyondChance(c.coincidenceHz, pre.coincidenceRateHz, post.coincidenceRateHz, 2) : 0;
    c.coincidenceHz *= decay;
    const regrow = alive && c.regrows !== undefined && post.freeElements >= 1;
    if (regrow) post.freeElements -= 1;
    if (regrow || rng.chance(STRUCTURE.sproutPerDay * gain * together * dtDays)) net.form(c);
  }
}

/**
 * How much two cells fire together beyond what their rates alone would give, 0–1. Chance alone gives
 * r1·r2·window coincidences per second (× `sides` when either may fire first); growth needs more than
 * twice that and at least a few coincidences within the filter's memory (one chance coincidence of two
 * quiet cells is no evidence), and runs at full speed 2 Hz above it.
 */
function beyondChance(coincidenceHz: number, rate1Hz: number, rate2Hz: number, sides: number, windowMs: number = STRUCTURE.coincidenceWindowMs): number {
  if (coincidenceHz <= 0) return 0;
  const chanceHz = rate1Hz * rate2Hz * (windowMs / 1000) * sides;
  const evidenceHz = (STRUCTURE.evidenceCoincidences * 1000) / STRUCTURE.coincidenceTauMs;
  return Math.min(1, Math.max(0, coincidenceHz - 2 * chanceHz - evidenceHz) / 2);
}
