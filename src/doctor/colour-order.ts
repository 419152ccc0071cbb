import { COLOR_ORDERS, type ColorOrder } from '../exhibit/index.js';
import type { SeenColour } from './types.js';

/** Any order of the three channels on the wire, e.g. "RBG": a strip may be built with one node-pixel cannot drive. */
export type AnyOrder = `${'R' | 'G' | 'B'}${'R' | 'G' | 'B'}${'R' | 'G' | 'B'}`;
export const ALL_ORDERS: readonly AnyOrder[] = ['GRB', 'RGB', 'BRG', 'RBG', 'GBR', 'BGR'];

const LETTER: Partial<Record<SeenColour, 'R' | 'G' | 'B'>> = { red: 'R', green: 'G', blue: 'B' };

export type OrderVerdict =
  | { kind: 'same' }
  | { kind: 'wrong'; order: ColorOrder }
  | { kind: 'unsupported'; order: AnyOrder }
  | { kind: 'other' };

/**
 * The strip's real colour order from what pure red and pure green looked like. The firmware puts
 * logical red on wire byte `configured.indexOf('R')`; the strip shows wire byte j as channel
 * `real[j]`. So red is seen as `real[configured.indexOf('R')]`, green likewise, and blue is the
 * channel left over.
 */
export function deriveOrder(configured: ColorOrder, red: SeenColour, green: SeenColour): OrderVerdict {
  const r = LETTER[red];
  const g = LETTER[green];
  if (!r || !g || r === g) return { kind: 'other' };
  const real: string[] = [];
  real[configured.indexOf('R')] = r;
  real[configured.indexOf('G')] = g;
  real[configured.indexOf('B')] = 'RGB'.replace(r, '').replace(g, '');
  const order = real.join('') as AnyOrder;
  if (order === configured) return { kind: 'same' };
  return (COLOR_ORDERS as readonly string[]).includes(order) ? { kind: 'wrong', order: order as ColorOrder } : { kind: 'unsupported', order };
}
