/**
 * Copper: the resistance and current rating of hook-up wire (by AWG) and of an LED strip's power rails.
 * Everything is derived from the copper's geometry, so the numbers can be checked by hand.
 */

/** Resistivity of annealed copper at 20 °C, Ω·m (International Annealed Copper Standard: 1/58 Ω·mm²/m). */
export const COPPER_OHM_METRES = 1.7241e-8;

/**
 * Circular mils per ampere for a conservative continuous rating: the "power transmission" column of the
 * Handbook of Electronic Tables and Formulas for American Wire Gauge (700 cmil/A: 18 AWG → 2.3 A, 16 AWG →
 * 3.7 A). Far below the "chassis wiring" column; at 5 V the voltage drop limits a wire long before heat does.
 */
export const CIRCULAR_MILS_PER_AMP = 700;

/** Gauges offered for power leads, thinnest first (22 AWG is the usual breadboard/hook-up wire). */
export const POWER_WIRE_GAUGES = [22, 20, 18, 16, 14, 12, 10] as const;

/** Diameter of a solid AWG conductor in inches: 0.005 in · 92^((36 − n)/39) (ASTM B258). */
function awgDiameterInches(awg: number): number {
  return 0.005 * Math.pow(92, (36 - awg) / 39);
}

/** Cross-section of an AWG conductor, mm². */
export function awgAreaMm2(awg: number): number {
  const diameterMm = awgDiameterInches(awg) * 25.4;
  return (Math.PI / 4) * diameterMm * diameterMm;
}

/** Resistance of one AWG conductor, Ω per metre (18 AWG: 0.021 Ω/m). */
export function awgOhmsPerMetre(awg: number): number {
  return COPPER_OHM_METRES / (awgAreaMm2(awg) * 1e-6);
}

/** Conservative continuous current of an AWG conductor, A (see CIRCULAR_MILS_PER_AMP). */
export function awgAmps(awg: number): number {
  const mils = awgDiameterInches(awg) * 1000;
  return (mils * mils) / CIRCULAR_MILS_PER_AMP;
}

/** A pair of power leads (+5 V and GND) chosen for a load. */
export interface WireChoice {
  awg: number;
  /** One-way length of the pair, m. */
  metres: number;
  /** Drop over both conductors at the load current, V. */
  dropVolts: number;
  /** Continuous rating of one conductor, A. */
  ratedAmps: number;
}

/**
 * The thinnest gauge whose rating covers `ratedAmps` (the supply's rating: a short downstream draws
 * everything the supply gives until its protection trips) and whose round-trip drop at the working
 * current `loadMilliamps` over `metres` stays within `maxDropVolts`. Falls back to the thickest gauge.
 */
export function choosePowerWire(opts: { ratedAmps: number; loadMilliamps: number; metres: number; maxDropVolts: number }): WireChoice {
  const describe = (awg: number): WireChoice => ({
    awg,
    metres: opts.metres,
    dropVolts: (opts.loadMilliamps / 1000) * 2 * opts.metres * awgOhmsPerMetre(awg),
    ratedAmps: awgAmps(awg),
  });
  for (const awg of POWER_WIRE_GAUGES) {
    const wire = describe(awg);
    if (wire.ratedAmps >= opts.ratedAmps && wire.dropVolts <= opts.maxDropVolts) return wire;
  }
  return describe(POWER_WIRE_GAUGES[POWER_WIRE_GAUGES.length - 1]!);
}

/**
 * The power rails of a typical 10 mm WS2812B strip. Strips are printed on flexible board with 1 oz/ft²
 * copper (35 µm; "2 oz" strips say so and have half the resistance); the +5 V and GND rails run along
 * the two edges beside the 5 mm pixels, about 2.5 mm wide each. An estimate: to check a strip, light
 * it full white and measure 5 V–GND at both ends (ASSEMBLY.md).
 */
export const STRIP_COPPER = {
  thicknessMicrons: 35,
  railWidthMm: 2.5,
} as const;

/** Resistance of a strip's +5 V and GND rails together (the round trip), Ω per metre of strip. */
export function stripOhmsPerMetre(copper: { thicknessMicrons: number; railWidthMm: number } = STRIP_COPPER): number {
  const railAreaM2 = copper.thicknessMicrons * 1e-6 * copper.railWidthMm * 1e-3;
  return (2 * COPPER_OHM_METRES) / railAreaM2;
}
