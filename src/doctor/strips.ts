import type { Exhibit, Segment } from '../exhibit/index.js';
import type { Rgb } from '../link/index.js';
import { deriveOrder } from './colour-order.js';
import type { DoctorContext } from './doctor.js';
import type { SeenColour } from './types.js';

/** Dim white for the end markers: easy to see, far below any supply's limit for two pixels. */
const MARKER: Rgb = [120, 120, 120];
const RED: Rgb = [200, 0, 0];
const GREEN: Rgb = [0, 200, 0];
/** One colour per kind of segment, as far apart as the eye tells them. */
const SEGMENT_COLOUR: Record<Segment['shows'], Rgb> = { axon: [0, 80, 255], synapse: [255, 120, 0], soma: [200, 200, 200] };

/** Steps (2)–(4) for every strip: its ends, its colour order, then where each of its segments is. */
export async function checkStrips(ctx: DoctorContext): Promise<void> {
  for (let k = 0; k < ctx.exhibit.strips.length; k++) {
    const { pin } = ctx.exhibit.strips[k]!;
    ctx.step(`Strip ${k} (data on D${pin})`);
    if (!(await checkEnds(ctx, k))) continue;
    await checkColourOrder(ctx, k);
    await checkSegments(ctx, k);
  }
}

/** Lights the first and last configured pixel. Returns false when the strip shows nothing at all. */
async function checkEnds(ctx: DoctorContext, k: number): Promise<boolean> {
  const { pin, length } = ctx.exhibit.strips[k]!;
  const last = length - 1;
  const name = `Strip ${k} length`;
  await ctx.light([{ strip: k, index: 0, rgb: MARKER }, { strip: k, index: last, rgb: MARKER }]);
  const lit = `strip ${k} (D${pin}): pixel 0 and pixel ${last} in white, nothing else`;
  const first = await ctx.person.yesNo({
    kind: 'first-lit', strip: k, lit,
    text: `Strip ${k} (data on D${pin}): is its first LED lit, the one at the end where the data wire goes in?`,
  });
  if (!first) {
    const any = await ctx.person.yesNo({ kind: 'any-lit', strip: k, lit, text: `Is any LED of strip ${k} lit?` });
    if (!any) {
      ctx.report({
        name: `Strip ${k}`, ok: false,
        message: `Strip ${k} shows nothing: no LED lit when pixels 0 and ${last} were sent to D${pin}. Its colours and segments were not checked.`,
        fix: `Check that the strip's data wire goes from D${pin} through the 470 Ω resistor to the strip's DIN end (the arrows on the strip point away from it), that the strip has 5 V and GND, and that its GND is joined to the Arduino's GND.`,
      });
      return false;
    }
    ctx.report({
      name: `Strip ${k} first LED`, ok: false,
      message: `Strip ${k}'s first LED stays dark while a later one lights.`,
      fix: 'The first LED may be damaged (replace it), or the strip continues before the LED the data wire goes into: the exhibit counts pixel 0 from where the data enters.',
    });
  }
  const end = await ctx.person.yesNo({
    kind: 'end-lit', strip: k, lit,
    text: `Pixel ${last} should be lit too: the exhibit says it is the last LED of strip ${k}. Is a second LED lit, further along?`,
  });
  if (end) {
    const more = await ctx.person.count({
      kind: 'more-after', strip: k, lit,
      text: `How many LEDs come after that second lit LED, to the end of the strip? (0 if it is the very last one)`,
    });
    if (more === 0) ctx.report({ name, ok: true, message: `Strip ${k}: its first and last LED light up: ${length} LEDs, as the exhibit says.` });
    else {
      ctx.report({
        name, ok: false,
        message: `Strip ${k} has ${more} more LED${more === 1 ? '' : 's'} after pixel ${last}: the exhibit says ${length} LEDs, so the last ${more} stay dark.`,
        fix: `Set strips[${k}].length to ${length + more} in the exhibit file (or cut the strip after pixel ${last}).`,
      });
    }
    return true;
  }
  const real = await ctx.person.count({
    kind: 'strip-length', strip: k, lit,
    text: `Then strip ${k} is shorter than the ${length} LEDs the exhibit says, or an LED on it is damaged. Count its LEDs: how many are there?`,
  });
  if (real < length) {
    ctx.report({
      name, ok: false,
      message: `Strip ${k} has ${real} LEDs, the exhibit says ${length}: pixel ${last} and the ones before it down to pixel ${real} are not there.`,
      fix: `Set strips[${k}].length to ${real} in the exhibit file, and move any segment that lies beyond pixel ${real - 1}.`,
    });
  } else {
    ctx.report({
      name, ok: false,
      message: `Strip ${k} has ${real} LEDs but pixel ${last} stayed dark: the light stops at a damaged LED or a broken joint.`,
      fix: 'Find the first LED that does not light (a damaged LED darkens every LED after it), and replace it or resolder the joint before it.',
    });
  }
  return true;
}

/** Lights pixel 0 red, then green, and works out the strip's real colour order from what is seen. */
async function checkColourOrder(ctx: DoctorContext, k: number): Promise<void> {
  const strip = ctx.exhibit.strips[k]!;
  const name = `Strip ${k} colour order`;
  const seen: SeenColour[] = [];
  for (const [word, rgb] of [['red', RED], ['green', GREEN]] as const) {
    await ctx.light([{ strip: k, index: 0, rgb }]);
    seen.push(await ctx.person.colour({
      kind: 'first-colour', strip: k, lit: `strip ${k} (D${strip.pin}): pixel 0 in pure ${word}`,
      text: `The first LED of strip ${k} should now be ${word}. What colour is it?`,
    }));
  }
  const verdict = deriveOrder(strip.order, seen[0]!, seen[1]!);
  if (verdict.kind === 'same') {
    ctx.report({ name, ok: true, message: `Strip ${k}: red shows red and green shows green: the colour order ${strip.order} is right.` });
  } else if (verdict.kind === 'other') {
    ctx.report({
      name, ok: false,
      message: `Strip ${k}: red was seen as ${seen[0]} and green as ${seen[1]}, which no colour order explains.`,
      fix: 'Check that the strip is WS2812B (RGBW strips such as SK6812 RGBW are not supported), and that its 5 V and GND are firm: a weak supply changes colours.',
    });
  } else if (verdict.kind === 'unsupported') {
    ctx.report({
      name, ok: false,
      message: `Strip ${k}: red was seen as ${seen[0]} and green as ${seen[1]}: the strip's colour order is ${verdict.order}, which node-pixel cannot drive.`,
      fix: 'Use a strip with colour order GRB (WS2812B), RGB or BRG.',
    });
  } else {
    ctx.report({
      name, ok: false,
      message: `Strip ${k}: red was seen as ${seen[0]} and green as ${seen[1]}: the strip's colour order is ${verdict.order}, the exhibit says ${strip.order}.`,
      fix: `Set strips[${k}].order to "${verdict.order}" in the exhibit file.`,
    });
  }
}

/** Lights each segment of strip `k` on its own and asks whether it is the part it should be. */
async function checkSegments(ctx: DoctorContext, k: number): Promise<void> {
  const { exhibit } = ctx;
  let faults = 0;
  let count = 0;
  for (const [i, seg] of exhibit.segments.entries()) {
    if (seg.strip !== k) continue;
    count++;
    const what = describeSegment(exhibit, seg);
    const pixels = Array.from({ length: seg.last - seg.first + 1 }, (_, j) => ({ strip: k, index: seg.first + j, rgb: SEGMENT_COLOUR[seg.shows] }));
    await ctx.light(pixels);
    const range = seg.first === seg.last ? `pixel ${seg.first}` : `pixels ${seg.first}–${seg.last}`;
    const lit = `strip ${k}: ${range} (${seg.shows}, ${seg.shows === 'axon' ? 'blue' : seg.shows === 'synapse' ? 'orange' : 'white'})`;
    if (await ctx.person.yesNo({ kind: 'segment', segment: i, lit, text: `Is this ${what} (strip ${k}, ${range})?` })) continue;
    faults++;
    const a = await ctx.person.count({ kind: 'segment-first', segment: i, lit, text: `Counting the first LED of strip ${k} as 0, at which LED does ${what} really start?` });
    const b = await ctx.person.count({ kind: 'segment-last', segment: i, lit, text: `And at which LED does it end?` });
    ctx.report({
      name: `Segment ${i}`, ok: false,
      message: `${capital(what)} is at pixels ${a}–${b} of strip ${k}; the exhibit puts it at ${range}.`,
      fix: `Set segments[${i}].first to ${a} and segments[${i}].last to ${b} in the exhibit file (or move the part on the wall).`,
    });
  }
  if (count > 0 && faults === 0) ctx.report({ name: `Strip ${k} segments`, ok: true, message: `Strip ${k}: all ${count} segment${count === 1 ? ' is' : 's are'} where the exhibit says.` });
}

/** "the A→C synapse", "the soma of C (Move)". */
export function describeSegment(exhibit: Exhibit, seg: Segment): string {
  if (seg.shows === 'soma') {
    const label = exhibit.neurons.find((n) => n.id === seg.of)?.label;
    return `the soma of ${seg.of}${label && label !== seg.of ? ` (${label})` : ''}`;
  }
  return `the ${seg.of.replace('->', '→')} ${seg.shows}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
