import { captureRate, CONSOLIDATION, INJURY, SCALING, STAGE_GAIN, STRUCTURE } from './params.js';
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
  const window = developmentalWindow(net.stageGain);

  for (const n of net.neurons) {
    const spikes = n.spikesSinceTick;
    n.spikesSinceTick = 0;
    if (!n.alive) continue;
    const target = setPoint(n, spikes, tickMs, dtS);
    if (target !== null) {
      // Leaky spike-count integral controller: Δ ln h = (K/τ)(Δt − N/r_target) − (KΔt/τ)·ln h / L,
      // Δt and N on the fast clock.
      const lnH = Math.log(n.scaling);
      // The drive saturates: the activity error is bounded below by −saturation, so a cell firing far
      // above its set point scales down no faster than a silenced one scales up. Each spike adds 1/r_target
      // to what is owed; a tick pays at most (1 + saturation)·Δt of it, and what is owed beyond
      // SCALING.debtSpikes spikes is let go. Below saturation every spike is counted, exactly.
      const owedS = n.scalingDebtS + spikes / target;
      const paidS = Math.min(owedS, (1 + SCALING.saturation) * (tickMs / 1000));
      n.scalingDebtS = Math.min(owedS - paidS, SCALING.debtSpikes / target);
      const activity = tickMs / 1000 - paidS;
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
    weakContacts(net, syn, dtDays, gain, rng);
  }
  for (const n of neurons) if (n.alive) consolidate(net, n, dtS);
  for (const n of net.neurons) if (n.alive) elements(net, n, rng);
  formation(net, tickMs, dtDays, gain, rng);
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
 * Tags, proteins and capture over `dtS` of slow time, for the inputs of one neuron (Clopath et al.
 * 2008; Frey & Morris 1997): while more than CONSOLIDATION.triggerFraction of the cell's sites carry a
 * tag, and protein synthesis is not blocked, plasticity-related proteins are made; every tagged site
 * present while proteins are plentiful enough to carry it over the barrier is captured into the late
 * state (potentiation tags up, depression tags down), its tag used up: the change is now late, and is
 * not counted twice (Clopath's site keeps its tag on top of the late state until it decays, so its
 * potentiation falls back by the tag's weight; Frey & Morris 1997 find the late phase of a strong
 * tetanus holding its size for hours). Tags
 * are lost at their own fixed rates; the late state relaxes over a year. Sub-stepped so that capture is integrated alike at every time-lapse; each
 * change is booked to its cause.
 */
function consolidate(net: Network, n: NeuronState, dtS: number): void {
  const inputs = n.incoming.filter((s) => s.exists && !s.inhibitory && s.contacts > 0);
  const tagged = inputs.some((s) => s.tagLtp > 0 || s.tagLtd > 0 || s.capturedLtp > 0 || s.capturedLtd > 0);
  const late = inputs.some((s) => s.lateState !== CONSOLIDATION.z0);
  if (!tagged && !late && n.protein === 0) return;
  const steps = Math.max(1, Math.ceil(dtS / CONSOLIDATION.maxCaptureStepS));
  const h = dtS / steps;
  const { tauProteinRiseS: rise, tauProteinS: fall, z0 } = CONSOLIDATION;
  const pInf = fall / (rise + fall);
  const toward = Math.exp(-h * (1 / rise + 1 / fall));
  const away = Math.exp(-h / fall);
  const ltpKeep = Math.exp(-h / CONSOLIDATION.tagLtpLifeS);
  const ltdKeep = Math.exp(-h / CONSOLIDATION.tagLtdLifeS);
  const lateKeep = Math.exp(-h / CONSOLIDATION.tauLateS);
  const sites = inputs.reduce((sum, s) => sum + s.contacts * s.unitaryPerContact, 0);
  const ledger = net.ledger;
  for (let k = 0; k < steps; k++) {
    // Proteins: made while enough of the cell's sites are tagged, and synthesis is not blocked.
    let fraction = 0;
    for (const s of inputs) fraction += s.contacts * s.unitaryPerContact * (s.tagLtp + s.tagLtd + s.capturedLtp + s.capturedLtd);
    const triggered = sites > 0 && fraction / sites > CONSOLIDATION.triggerFraction && !net.blocks.protein;
    n.protein = triggered ? pInf + (n.protein - pInf) * toward : n.protein * away;
    if (n.protein < 1e-12) n.protein = 0;
    const capture = 1 - Math.exp(-captureRate(n.protein) * h);
    for (const s of inputs) {
      if (capture > 0 && (s.tagLtp > 0 || s.tagLtd > 0)) {
        // Tagged sites not yet in the late state their tag points to are carried there; the change
        // each carried, early, is now late (its tag is used up).
        ledger?.open(s);
        const z = s.lateState;
        const up = capture * (1 - z) * s.tagLtp;
        const down = capture * z * s.tagLtd;
        s.lateState = Math.min(1, Math.max(0, z + up - down));
        s.tagLtp -= up;
        s.tagLtd -= down;
        s.capturedLtp += up;
        s.capturedLtd += down;
        ledger?.close(s.index, s, 'consolidation');
      }
      if (s.tagLtp > 0 || s.tagLtd > 0) {
        ledger?.open(s);
        s.tagLtp *= ltpKeep;
        s.tagLtd *= ltdKeep;
        if (s.tagLtp < 1e-12) s.tagLtp = 0;
        if (s.tagLtd < 1e-12) s.tagLtd = 0;
        ledger?.close(s.index, s, 'early-decay');
      }
      // Captured sites' tags carry no weight of their own: they only fade.
      s.capturedLtp *= ltpKeep;
      s.capturedLtd *= ltdKeep;
      if (s.capturedLtp < 1e-12) s.capturedLtp = 0;
      if (s.capturedLtd < 1e-12) s.capturedLtd = 0;
      if (s.lateState !== z0) {
        ledger?.open(s);
        s.lateState = z0 + (s.lateState - z0) * lateKeep;
        if (Math.abs(s.lateState - z0) < 1e-12) s.lateState = z0;
        ledger?.close(s.index, s, 'late-decay');
      }
    }
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
 * contact of the input that most led them; an input that has not led any of its spikes lately (a
 * silent one) gains none, so a free element waits for a partner that fires with the cell.
 */
function elements(net: Network, n: NeuronState, rng: Rng): void {
  if (n.freeElements > -1 && n.freeElements < 1) return;
  const inputs = n.incoming.filter((s) => s.exists && !s.inhibitory);
  if (n.freeElements <= -1 && net.slowS >= n.retractReadyS) {
    // Retraction is bounded like growth: at most ν·g contacts a day, as on Butz & van Ooyen's
    // Gaussian growth curve, however far above its set point the cell fires.
    n.retractReadyS = net.slowS + DAY_S / (STRUCTURE.growthPerDay * net.gain());
    const loose = inputs.filter((s) => !(s.lateState >= STRUCTURE.stableLateState) && beyondChance(s.coincidenceHz, net.neurons[s.pre]!.coincidenceRateHz, n.coincidenceRateHz, 1, STRUCTURE.leadWindowMs) === 0);
    if (loose.length === 0) return;
    net.removeContact(pick(loose, (s) => s.coincidenceHz / s.contacts, (s) => s.multiplier(), 'min'), 'retraction');
    n.freeElements += 1;
  } else if (n.freeElements >= 1) {
    // Only onto an input that fired with the cell (led its spikes lately): an element waits for one.
    const growing = inputs.filter((s) => s.contacts < STRUCTURE.maxContacts && net.neurons[s.pre]!.alive && s.coincidenceHz > 0);
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
