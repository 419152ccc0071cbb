import type { Connect } from '../src/web/page/connection.js';
import { siteBar } from './bar.js';
import { bundledDocs, chosenBoard, chosenExhibit } from './chooser.js';
import { kitButtons } from './kit-buttons.js';
import { kitConnect, twinConnect, type TwinEvents } from './live.js';
import { webSerial, type WebSerialPort } from './web-serial.js';

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
  kitButtons(bar.kitRow, chosen.name, bar.say);
  let where = 'the twin';
  const twin: TwinEvents = {
    where: (place) => (where = place === 'worker' ? 'the twin (in a Web Worker)' : 'the twin (in the page: this browser allows no worker here)'),
    speed: (boardMs, wallMs) => {
      const x = boardMs / wallMs;
      bar.say(`Running on ${where} at ${x.toFixed(2)}× real time`);
      document.body.dataset.twinSpeed = x.toFixed(3);
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
