import type { Connect } from '../src/web/page/connection.js';
import { bundledDocs, chosenExhibit } from './chooser.js';
import { twinConnect } from './live.js';
import { siteBar } from './bar.js';

/**
 * Starts a view of the site: the bar, then the exhibit on the twin in this browser. `open` builds
 * the view (the same visitor or docent page `neuron-kit run` serves) on the given connection.
 */
export function startSite(view: 'visitor' | 'docent', open: (connect: Connect) => void): void {
  // Offline after the first visit; a page opened from disk has no service worker (nor needs one).
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('sw.js').catch(() => {});
  }
  const bar = siteBar(view);
  const chosen = chosenExhibit();
  const doc = chosen.doc ?? bundledDocs[chosen.name];
  let where = 'the twin';
  open(
    twinConnect(doc, {
      where: (place) => (where = place === 'worker' ? 'the twin (in a Web Worker)' : 'the twin (in the page: this browser allows no worker here)'),
      speed: (boardMs, wallMs) => {
        const x = boardMs / wallMs;
        bar.say(`Running on ${where} at ${x.toFixed(2)}× real time`);
        document.body.dataset.twinSpeed = x.toFixed(3);
      },
      failed: (text) => bar.say(text),
    }),
  );
}
