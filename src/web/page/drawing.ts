import type { ExhibitSummary } from '../messages.js';

/** The drawing's coordinates: x 0–1 → 0–WIDTH, y 0–1 → 0–HEIGHT (a landscape projector's shape). */
export const WIDTH = 1000;
export const HEIGHT = 600;
/** A soma's radius in drawing units: big enough to read its label beside it. */
export const SOMA_R = 34;

export type Point = [number, number];

/** Where each neuron sits and the path each segment is drawn along, in drawing units. */
export interface Drawing {
  neurons: Map<string, Point>;
  /** Per segment (by index): the points its pixels are spread along. */
  paths: Point[][];
}

/**
 * Columns by depth: neurons with a button (the inputs) on the left, each target one column right of
 * its furthest input, spread evenly down their column.
 */
function placeNeurons(exhibit: ExhibitSummary): Map<string, Point> {
  const depth = new Map<string, number>();
  const ids = exhibit.synapses.filter((id) => !exhibit.candidates.includes(id)).map((id) => id.split('->') as [string, string]);
  // Inputs on the left: neurons with a button, and those no synapse reaches (another kit's neuron).
  for (const n of exhibit.neurons) depth.set(n.id, n.pressable || !ids.some(([, to]) => to === n.id) ? 0 : 1);
  // Longest path from an input, bounded by the neuron count so a loop cannot run away.
  for (let pass = 0; pass < exhibit.neurons.length; pass++) {
    for (const [a, b] of ids) {
      const d = (depth.get(a) ?? 0) + 1;
      if (d > (depth.get(b) ?? 0) && !exhibit.neurons.find((n) => n.id === b)?.pressable && d < exhibit.neurons.length) depth.set(b, d);
    }
  }
  const deepest = Math.max(1, ...depth.values());
  const columns = new Map<number, string[]>();
  for (const n of exhibit.neurons) columns.set(depth.get(n.id)!, [...(columns.get(depth.get(n.id)!) ?? []), n.id]);
  const at = new Map<string, Point>();
  for (const [d, list] of columns) {
    list.forEach((id, i) => at.set(id, [WIDTH * (0.1 + (0.78 * d) / deepest), HEIGHT * ((i + 1) / (list.length + 1))]));
  }
  return at;
}

function towards(a: Point, b: Point, t: number): Point {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/**
 * The kit as a drawing: the exhibit's own `layout` where it gives one, else neurons in columns, each
 * synapse a line from its source to its target: the axon's pixels along the first part, the synapse's
 * pixels near the target (where a synapse is). Several segments of one kind for one synapse share
 * that part in order.
 */
export function drawKit(exhibit: ExhibitSummary): Drawing {
  const neurons = placeNeurons(exhibit);
  const given = new Map(exhibit.layout.map((l) => [l.segment, l.path.map(([x, y]): Point => [x * WIDTH, y * HEIGHT])]));
  exhibit.segments.forEach((seg, i) => {
    const path = given.get(i);
    if (seg.shows === 'soma' && path) neurons.set(seg.of, path[0]!);
  });
  const groups = new Map<string, number[]>();
  exhibit.segments.forEach((seg, i) => groups.set(`${seg.shows} ${seg.of}`, [...(groups.get(`${seg.shows} ${seg.of}`) ?? []), i]));
  const paths = exhibit.segments.map((seg, i): Point[] => {
    const path = given.get(i);
    if (path) return path;
    const [from = seg.of, to] = seg.of.split('->');
    const a = neurons.get(from) ?? [WIDTH / 2, HEIGHT / 2];
    if (seg.shows === 'soma') return [a, a];
    const b = to !== undefined ? (neurons.get(to) ?? [a[0] + 150, a[1]]) : [a[0] + 150, a[1]] as Point;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const edge = SOMA_R / length;
    // The synapse takes the last third, so a dozen contacts still get lights a visitor can count.
    const [start, end] = seg.shows === 'axon' ? [edge + 0.03, 0.58] : [0.62, 1 - edge - 0.03];
    const group = groups.get(`${seg.shows} ${seg.of}`)!;
    const k = group.indexOf(i);
    const span = (end - start) / group.length;
    return [towards(a, b, start + span * k), towards(a, b, start + span * (k + 1) - (group.length > 1 ? 0.01 : 0))];
  });
  return { neurons, paths };
}

/** `n` points evenly spread along a polyline (the middle of the path for one point). */
export function spread(path: Point[], n: number): Point[] {
  const lengths = path.slice(1).map((p, i) => Math.hypot(p[0] - path[i]![0], p[1] - path[i]![1]));
  const total = lengths.reduce((s, l) => s + l, 0);
  const out: Point[] = [];
  for (let k = 0; k < n; k++) {
    let d = n === 1 ? total / 2 : (total * k) / (n - 1);
    let j = 0;
    while (j < lengths.length - 1 && d > lengths[j]!) d -= lengths[j++]!;
    out.push(towards(path[j]!, path[j + 1] ?? path[j]!, lengths[j] ? d / lengths[j]! : 0));
  }
  return out;
}
