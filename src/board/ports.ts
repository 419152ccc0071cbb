import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SerialPort } from 'serialport';

/**
 * USB vendor ids of boards that run the kit: Arduino's own and the USB-serial chips on clones
 * (usb.ids: 2341 Arduino SA, 2a03 dog hunter/Arduino.org, 1a86 QinHeng CH340, 0403 FTDI, 10c4 Silicon Labs CP210x).
 */
export const ARDUINO_USB_VENDORS: Readonly<Record<string, string>> = {
  '2341': 'Arduino',
  '2a03': 'Arduino (arduino.org)',
  '1a86': 'CH340 USB-serial (Arduino clone)',
  '0403': 'FTDI USB-serial',
  '10c4': 'CP210x USB-serial',
};

export interface PortInfo {
  path: string;
  /** Lower-case hex USB vendor id, if the port is on USB. */
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  /** True when the vendor id is one of {@link ARDUINO_USB_VENDORS}. */
  likelyArduino: boolean;
}

/** Lists serial ports, Arduino-like first. */
export async function listPorts(): Promise<PortInfo[]> {
  const ports = process.platform === 'linux' && !onPath('udevadm') ? listFromSysfs() : await listFromSerialport();
  return ports.sort((a, b) => Number(b.likelyArduino) - Number(a.likelyArduino) || a.path.localeCompare(b.path));
}

async function listFromSerialport(): Promise<PortInfo[]> {
  const ports = await SerialPort.list();
  return ports.map((p) => describe(p.path, p.vendorId, p.productId, p.manufacturer));
}

/** serialport lists through `udevadm` on Linux; without it (containers, minimal images) read sysfs. */
function listFromSysfs(): PortInfo[] {
  const root = '/sys/class/tty';
  if (!existsSync(root)) return [];
  const out: PortInfo[] = [];
  for (const name of readdirSync(root)) {
    if (!/^tty(ACM|USB|AMA|S)\d+$/.test(name)) continue;
    const device = join(root, name, 'device');
    if (!existsSync(device)) continue;
    let dir = realpathSync(device);
    let vendorId: string | undefined;
    let productId: string | undefined;
    let manufacturer: string | undefined;
    for (let up = 0; up < 4 && dir !== '/'; up++, dir = join(dir, '..')) {
      if (existsSync(join(dir, 'idVendor'))) {
        vendorId = read(join(dir, 'idVendor'));
        productId = read(join(dir, 'idProduct'));
        manufacturer = read(join(dir, 'manufacturer'));
        break;
      }
    }
    if (name.startsWith('ttyS') && !vendorId) continue; // legacy on-board UARTs, almost never a board
    out.push(describe(`/dev/${name}`, vendorId, productId, manufacturer));
  }
  return out;
}

function describe(path: string, vendorId?: string, productId?: string, manufacturer?: string): PortInfo {
  const vid = vendorId?.toLowerCase();
  return { path, vendorId: vid, productId: productId?.toLowerCase(), manufacturer, likelyArduino: vid !== undefined && vid in ARDUINO_USB_VENDORS };
}

function read(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, command)));
}
