import { chosenBoard, withExhibit } from './chooser.js';
import { INSTALL_HASH, installPanel } from './install-panel.js';
import { webSerial } from './web-serial.js';

function button(text: string, id: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.textContent = text;
  return b;
}

/**
 * The kit's buttons in the site's bar: "Connect a kit" (the browser asks which serial port; the page
 * then reloads to run the exhibit on it) or, on the kit, "Use the twin"; and "Install the kit
 * firmware", which flashes a board from the twin's page (the kit's page hands over to it, as the
 * kit holds the port). Where the browser has no Web Serial, one sentence says so and the twin runs on.
 */
export function kitButtons(row: HTMLElement, exhibit: string): void {
  const serial = webSerial();
  if (!serial) {
    const note = document.createElement('span');
    note.id = 'site-no-serial';
    note.textContent = 'This browser has no Web Serial: to connect a kit use Chrome, Edge or a Chromebook. The twin runs here.';
    row.append(note);
    return;
  }
  const install = button('Install the kit firmware', 'site-install-open');
  if (chosenBoard() === 'serial') {
    const back = button('Use the twin', 'site-use-twin');
    back.addEventListener('click', () => location.assign(withExhibit(exhibit, location.pathname, 'twin')));
    install.addEventListener('click', () => location.assign(withExhibit(exhibit, location.pathname, 'twin') + INSTALL_HASH));
    row.append(back, install);
    return;
  }
  const panel = installPanel(serial, exhibit, row.closest('#site-bar') ?? row);
  install.addEventListener('click', () => panel.open());
  if (location.hash === INSTALL_HASH) panel.open();
  const connect = button('Connect a kit', 'site-connect');
  connect.title = 'Plug the kit in by USB (with the kit firmware installed), then choose its port: the exhibit runs on the kit.';
  connect.addEventListener('click', () => {
    serial.requestPort().then(
      () => location.assign(withExhibit(exhibit, location.pathname, 'serial')),
      // Closing the browser's port chooser is not a mistake: the twin runs on, and the bar says how to go on.
      (err: Error) => {
        note.textContent = err.name === 'NotFoundError' ? 'No port chosen: plug the kit in by USB and choose its port; the twin runs meanwhile.' : `No port opened: ${err.message}`;
      },
    );
  });
  // Beside the buttons: the bar's status line is the twin's, updated every second.
  const note = document.createElement('span');
  note.id = 'site-connect-note';
  note.setAttribute('role', 'status');
  row.append(connect, install, note);
}
