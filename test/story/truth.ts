import { wireToRgb } from '../../src/wire/index.js';
import { boardOf, type Exhibit } from '../../src/exhibit/index.js';
import { Rng } from '../../src/model/index.js';
import { GAMMA_TABLE, PALETTES } from '../../src/render/index.js';
import { readScript } from '../../src/runtime/script.js';
import { runSession } from '../../src/runtime/session.js';
import { direction, signedPercent } from '../../src/story/strength.js';
import { bookedTo, relativeOf } from '../../src/story/view.js';
import { warmth, type Rgb } from '../../src/check/visibility.js';
import { Feed } from '../../src/web/feed.js';
import type { Caption } from '../../src/web/messages.js';

/**
 * A long random visitor on the twin (the real firmware, the strip decoded from the WS2812 pin), with
 * the page's feed telling captions: every strength caption is checked, as it is told, against the
 * model's number and the segment's hue on the decoded strip at that moment, and every cause it names
 * against the model's ledger. Returns what disagreed (nothing, when the kit tells the truth).
 */
export async function captionsAgainstTheStrip(exhibit: Exhibit, seed: number, forMs: number): Promise<{ told: Caption[]; wrong: string[] }> {
  const rng = new Rng(seed);
  const buttons = exhibit.neurons.filter((n) => n.button !== undefined);
  const script: unknown[] = [];
  for (let t = 1000; t < forMs - 3000;) {
    const n = buttons[Math.floor(rng.next() * buttons.length)]!;
    const what = rng.next();
    if (what < 0.45) {
      const taps = 1 + Math.floor(rng.next() * 8);
      for (let k = 0; k < taps; k++) script.push({ at: `${t + k * (150 + Math.floor(rng.next() * 300))}ms`, tap: n.id });
      t += taps * 450;
    } else if (what < 0.65 && n.holdHz) {
      const hold = 1000 + Math.floor(rng.next() * 2000);
      script.push({ at: `${t}ms`, press: n.id }, { at: `${t + hold}ms`, release: n.id });
      t += hold + 200;
    } else if (what < 0.8 && buttons.length > 1) {
      const other = buttons.find((b) => b !== n)!;
      const gap = 5 + Math.floor(rng.next() * 60);
      script.push({ at: `${t}ms`, tap: n.id }, { at: `${t + gap}ms`, tap: other.id });
      t += 400;
    } else if (what < 0.85 && exhibit.controls.age) {
      script.push({ at: `${t}ms`, turn: 'age', to: Math.round(rng.next() * 100) / 100 });
      t += 500;
    } else if (what < 0.87 && exhibit.controls.injury) {
      script.push({ at: `${t}ms`, tap: 'injury' });
      t += 500;
    }
    t += Math.floor(rng.next() * 6000);
  }
  const told: Caption[] = [];
  const wrong: string[] = [];
  const neutral = PALETTES.default.synapseNeutral;
  const neutralWarmth = warmth([GAMMA_TABLE[neutral[0]]!, GAMMA_TABLE[neutral[1]]!, GAMMA_TABLE[neutral[2]]!]);
  await runSession({
    exhibit, board: 'emulated', fast: true, forMs, seed, script: readScript(script, exhibit),
    onStart: (session) => {
      const feed = new Feed(session, exhibit, () => {});
      feed.onCaption = (c) => {
        told.push(c);
        if (!c.strength || !c.subject) return;
        const s = session.runtime.model.storyView().synapses[c.subject]!;
        const relative = relativeOf(s);
        const at = `${(c.tMs / 1000).toFixed(1)} s, ${c.subject}`;
        if (c.strength.percent !== signedPercent(relative)) wrong.push(`${at}: says ${c.strength.percent}%, the model ${signedPercent(relative)}%`);
        if (c.strength.direction !== direction(relative)) wrong.push(`${at}: says ${c.strength.direction}, the model ${direction(relative)}`);
        const words = c.strength.direction === 'same' ? 'about as strong as at the start' : `${Math.abs(c.strength.percent)}% ${c.strength.direction} than at the start`;
        if (!c.text.includes(words)) wrong.push(`${at}: "${c.text}" does not say "${words}"`);
        if (c.strength.direction !== 'same' && !new RegExp(`\\b${c.strength.direction}\\b`).test(c.plain)) wrong.push(`${at}: the visitor reads "${c.plain}"`);
        // The cause: booked by the ledger, and a timing term only with the sign that term books.
        const booked = bookedTo(s, c.cause!);
        if (booked === 0) wrong.push(`${at}: names ${c.cause}, which the ledger booked nothing to`);
        if ((c.cause === 'pre-before-post' || c.cause === 'triplet') && !(booked > 0)) wrong.push(`${at}: names ${c.cause} with ${booked}`);
        if (c.cause === 'post-before-pre' && !(booked < 0)) wrong.push(`${at}: names post-before-pre with ${booked}`);
        // The hue of the segment on the decoded strip, against the neutral colour.
        if (c.strength.direction === 'same') return;
        for (const seg of exhibit.segments.filter((x) => x.shows === 'synapse' && x.of === c.subject)) {
          const strip = exhibit.strips[seg.strip]!;
          const shown = session.side.leds.lastFrame(strip.pin, boardOf(strip));
          if (!shown) continue;
          const pixels = wireToRgb(shown.bytes, strip.order).slice(seg.first, seg.last + 1).filter(([r, g, b]) => r + g + b > 0) as Rgb[];
          for (const p of pixels) {
            const w = warmth(p) - neutralWarmth;
            if (c.strength.direction === 'stronger' ? !(w > 0) : !(w < 0)) wrong.push(`${at}: says ${c.strength.direction}, the strip shows [${p.join(', ')}]`);
          }
        }
      };
      feed.start();
    },
  });
  return { told, wrong };
}
