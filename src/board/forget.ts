import { createRequire } from 'node:module';
import type { Board as J5Board } from 'johnny-five';
import type FirmataIo from 'firmata-io';

const require = createRequire(import.meta.url);

type FirmataInstance = InstanceType<typeof FirmataIo.Firmata>;

/**
 * Leaves nothing behind of a johnny-five board we are done with: its wall-clock ready timer (set at
 * 'connect', cleared only by 'ready': pending for 2^31−1 ms on a board that never answered),
 * firmata-io's 5 s report-version retry, and johnny-five's module-wide cache of every Board ever
 * made (which would otherwise keep one more board alive per failed attempt or reconnect).
 */
export function forgetBoard(io: FirmataInstance, j5: J5Board): void {
  clearTimeout((j5 as J5Board & { timer?: NodeJS.Timeout }).timer);
  clearTimeout((io as FirmataInstance & { reportVersionTimeoutId?: NodeJS.Timeout }).reportVersionTimeoutId);
  const five = require('johnny-five') as { Board: { cache: J5Board[] } };
  const at = five.Board.cache.indexOf(j5);
  if (at >= 0) five.Board.cache.splice(at, 1);
}
