import { BOARD_SPECS } from '../board/kinds/index.js';
import { boardFromUsbIds } from '../flash/boards.js';
import { withExhibit } from './chooser.js';
import type { PageBoard } from './install-words.js';
import { INSTALLER_GLOBAL, type Installer } from './installer-api.js';
import { usbIds, type WebSerial } from './web-serial.js';

/** The boards the page installs on, as the select offers them. */
const PAGE_BOARDS: readonly PageBoard[] = ['uno', 'nano'];

/** Loads install.js (beside the page) once, on the first install. */
let installerLoading: Promise<Installer> | null = null;
function loadInstaller(): Promise<Installer> {
  installerLoading ??= new Promise<Installer>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL('install.js', document.baseURI).href;
    script.onload = () => resolve((window as unknown as Record<string, Installer>)[INSTALLER_GLOBAL]!);
    script.onerror = () => {
      installerLoading = null;
      reject(new Error('install.js could not be loaded: reload the page and try again'));
    };
    document.head.append(script);
  });
  return installerLoading;
}

/** The fragment that opens the panel on arrival: "Install the kit firmware" from the kit's page leads here. */
export const INSTALL_HASH = '#install';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * The "Install the kit firmware" panel below the site's bar: choose the board, then its port; the
 * page writes the kit firmware, reads it back, checks the board introduces itself, and then runs
 * the exhibit on the kit. The twin runs on while it works, and on if it fails. `panel.dataset.outcome`
 * is `installed` or `failed` once it is over.
 */
export function installPanel(serial: WebSerial, exhibit: string, after: HTMLElement): { open(): void } {
  const panel = el('section', { id: 'site-install', hidden: '', 'aria-labelledby': 'site-install-title' });
  const select = el('select', { id: 'site-install-board' });
  for (const kind of PAGE_BOARDS) select.append(el('option', { value: kind }, BOARD_SPECS[kind].name));
  const start = el('button', { type: 'button', id: 'site-install-start' }, 'Choose the port and install');
  const close = el('button', { type: 'button', id: 'site-install-close' }, 'Close');
  const progress = el('progress', { id: 'site-install-progress', max: '1', value: '0' });
  const status = el('p', { id: 'site-install-status', role: 'status' });
  const label = el('label', { for: 'site-install-board' }, 'Board');
  panel.append(
    el('h2', { id: 'site-install-title' }, 'Install the kit firmware'),
    el('p', {}, 'Plug the Arduino in with a USB data cable, choose which board it is, then choose its port. The page writes the kit firmware with its own uploader (no Arduino IDE, no avrdude, nothing to install), reads it back, and checks the board answers. Chrome, Edge or a Chromebook; the Uno and the Nano (old and new bootloader). The Mega needs the command line: neuron-kit flash --board mega.'),
    el('div', { class: 'row' }),
    progress,
    status,
  );
  panel.querySelector('.row')!.append(label, select, start, close);
  after.after(panel);

  const busy = (on: boolean) => {
    start.disabled = on;
    select.disabled = on;
    close.disabled = on;
  };
  close.addEventListener('click', () => (panel.hidden = true));
  start.addEventListener('click', () => {
    const board = select.value as PageBoard;
    serial.requestPort().then(
      async (port) => {
        busy(true);
        delete panel.dataset.outcome;
        progress.value = 0;
        status.textContent = 'Starting…';
        let outcome: { installed: boolean; text: string };
        try {
          const installer = await loadInstaller();
          outcome = await installer.install(port, board, (text, fraction) => {
            if (fraction !== null) progress.value = fraction;
            if (text) status.textContent = text;
          });
        } catch (err) {
          outcome = { installed: false, text: (err as Error).message };
        }
        panel.dataset.outcome = outcome.installed ? 'installed' : 'failed';
        if (outcome.installed) {
          status.textContent = `${outcome.text} Connecting to the kit…`;
          location.assign(withExhibit(exhibit, location.pathname, 'serial'));
        } else {
          status.textContent = `${outcome.text} The twin runs on meanwhile.`;
          busy(false);
        }
      },
      // Closing the browser's port chooser is not a mistake: nothing changes.
      (err: Error) => {
        if (err.name !== 'NotFoundError') status.textContent = `No port opened: ${err.message}`;
      },
    );
  });
  return {
    open() {
      panel.hidden = false;
      // A port granted before tells the board by its USB ids (a CH340 or FTDI adapter: a Nano).
      void serial.getPorts().then(([port]) => {
        if (!port || start.disabled) return;
        const ids = usbIds(port);
        const guess = boardFromUsbIds(ids.vendorId, ids.productId);
        if (guess === 'uno' || guess === 'nano') select.value = guess;
      });
      select.focus();
    },
  };
}
