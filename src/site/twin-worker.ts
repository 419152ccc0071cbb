import { twinHost, type FromTwin, type ToTwin } from './twin-host.js';

// The twin's Web Worker: the emulated board and the exhibit's host off the page's thread, so drawing
// and clicks stay smooth while the chip runs.
const scope = self as unknown as { postMessage(m: FromTwin): void; onmessage: ((e: MessageEvent<ToTwin>) => void) | null };
const receive = twinHost((m) => scope.postMessage(m));
scope.onmessage = (e) => receive(e.data);
