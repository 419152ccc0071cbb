import { listPorts } from '../../board/ports.js';
import type { Output } from '../output.js';

/** `neuron-kit ports`: lists serial ports and marks the likely Arduinos. */
export async function portsCommand(opts: { json?: boolean }, out: Output): Promise<void> {
  const ports = await listPorts();
  if (opts.json) {
    out.log(JSON.stringify({ ports }));
    return;
  }
  if (ports.length === 0) {
    out.log('No serial ports found. Plug the Arduino in with a data USB cable, or run with --board emulated.');
    return;
  }
  for (const p of ports) {
    const usb = p.vendorId ? ` usb ${p.vendorId}:${p.productId ?? '????'}` : '';
    const who = p.manufacturer ? ` ${p.manufacturer}` : '';
    out.log(`${p.likelyArduino ? '*' : ' '} ${p.path}${usb}${who}`);
  }
  if (ports.some((p) => p.likelyArduino)) out.log('* = likely an Arduino');
}
