import type { Connect } from '../web/page/connection.js';
import { siteBar } from './bar.js';
import { bundledDocs, chosenBoard, chosenExhibit, directChosen, twinKept, withExhibit } from './chooser.js';
import { kitButtons } from './kit-buttons.js';
import { directConnect, kitConnect, twinConnect, type TwinEvents } from './live.js';
import { webSerial, type WebSerialPort } from './web-serial.js';

/** Below this speed (× real time) a second counts as slow: action potentials and debounce would drag. */
const SLOW_X = 0.8;
/** After this many slow seconds in a row (the first few, while the page loads, not counted) the twin gives way. */
const SLOW_SECONDS = 8;
const WARM_UP_SECONDS = 3;

/** The port the visitor chose with "Connect a kit" (the browser remembers it for this site). */
async function grantedPort(): Promise<WebSerialPort> {
  const [port] = (await webSerial()?.getPorts()) ?? [];
  if (!port) throw new Error('No serial port was chosen for this page: use "Connect a kit"');
  return port;
}

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
  kitButtons(bar.kitRow, chosen.name);
  if (directChosen()) {
    bar.say('The twin could not keep real time on this computer: the page drives the renderer directly, without the emulated board.');
    document.body.dataset.board = 'renderer';
    const again = document.createElement('a');
    // Asked for by hand, the twin is kept even if it runs slow again.
    const retry = new URL(withExhibit(chosen.name));
    retry.searchParams.set('keep', 'twin');
    again.href = retry.href;
    again.textContent = 'Try the twin again';
    bar.kitRow.append(again);
    open(directConnect(doc));
    return;
  }
  const kept = twinKept();
  let where = 'the twin';
  let seconds = 0;
  let slow = 0;
  const twin: TwinEvents = {
    where: (place) => (where = place === 'worker' ? 'the twin (in a Web Worker)' : 'the twin (in the page: this browser allows no worker here)'),
    speed: (boardMs, wallMs) => {
      const x = boardMs / wallMs;
      bar.say(`Running on ${where} at ${x.toFixed(2)}× real time${kept ? ', kept however slow' : ''}`);
      document.body.dataset.twinSpeed = x.toFixed(3);
      slow = ++seconds > WARM_UP_SECONDS && x < SLOW_X ? slow + 1 : 0;
      if (slow >= SLOW_SECONDS && !kept) {
        const url = new URL(withExhibit(chosen.name));
        url.searchParams.set('twin', 'direct');
        location.replace(url.href);
      }
    },
    failed: (text) => bar.say(text),
  };
  if (chosenBoard() === 'serial' && webSerial()) {
    bar.say('Connecting to the kit…');
    open(
      kitConnect(grantedPort, doc, {
        connected: (path) => {
          bar.say(`Running on the kit: ${path}`);
          document.body.dataset.board = 'kit';
        },
        failed: (text) => {
          bar.say(text);
          document.body.dataset.board = 'twin';
        },
      }, twin),
    );
  } else open(twinConnect(doc, twin));
}
