import {
  AVRClock, AVREEPROM, AVRIOPort, AVRTimer, AVRUSART, AVRWatchdog, CPU, EEPROMMemoryBackend, clockConfig,
  eepromConfig, portAConfig, portBConfig, portCConfig, portDConfig, portEConfig, portFConfig, portGConfig, portHConfig,
  portJConfig, portKConfig, portLConfig, timer0Config, timer1Config, timer2Config, usart0Config, watchdogConfig,
  type AVRPortConfig,
} from 'avr8js';
import { Chip } from './chip.js';

/** The Mega 2560's crystal (Arduino Mega 2560 Rev3 schematic: 16 MHz). */
export const MEGA_CLOCK_HZ = 16_000_000;
/** ATmega2560 SRAM (datasheet §1: 8 KBytes) from 0x0200; avr8js maps 0x100 bytes of I/O, so 0x100 more. */
const ATMEGA2560_DATA_BYTES = 8192 + 0x100;
/** ATmega2560 flash (datasheet §1: 256 KBytes). */
export const ATMEGA2560_FLASH_BYTES = 262_144;
/** ATmega2560 EEPROM (datasheet §1: 4 KBytes). */
export const ATMEGA2560_EEPROM_BYTES = 4096;

/**
 * Interrupt vectors of the ATmega2560 as avr8js word addresses: vector number × 2 (datasheet §14,
 * Table 14-1; each vector is a 2-word JMP). avr8js's own configs carry the ATmega328P's.
 */
const VECTOR = { WDT: 12, TIMER2_COMPA: 13, TIMER2_COMPB: 14, TIMER2_OVF: 15, TIMER1_CAPT: 16, TIMER1_COMPA: 17, TIMER1_COMPB: 18, TIMER1_COMPC: 19, TIMER1_OVF: 20, TIMER0_COMPA: 21, TIMER0_COMPB: 22, TIMER0_OVF: 23, USART0_RX: 25, USART0_UDRE: 26, USART0_TX: 27, EE_READY: 30 } as const;
const vec = (n: number) => n * 2;

type PortName = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'J' | 'K' | 'L';
const PORT_CONFIGS: Record<PortName, AVRPortConfig> = {
  A: portAConfig, B: portBConfig, C: portCConfig, D: portDConfig, E: portEConfig, F: portFConfig, G: portGConfig,
  H: portHConfig, J: portJConfig, K: portKConfig, L: portLConfig,
};

/** Arduino Mega pin → port and bit (variants/mega/pins_arduino.h, digital_pin_to_port_PGM and _bit_mask_PGM). */
const MEGA_PORTS = 'EEEEGEHHHHBBBBJJHHDDDDAAAAAAAACCCCCCCCDGGGLLLLLLLLBBBBFFFFFFFFKKKKKKKK';
const MEGA_BITS = [0, 1, 4, 5, 5, 3, 3, 4, 5, 6, 4, 5, 6, 7, 1, 0, 1, 0, 3, 2, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0, 7, 2, 1, 0, 7, 6, 5, 4, 3, 2, 1, 0, 3, 2, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7];

/** Where Arduino Mega pin `pin` (0–69) is. */
export function megaPin(pin: number): { port: PortName; bit: number } {
  if (!Number.isInteger(pin) || pin < 0 || pin >= MEGA_BITS.length) throw new RangeError(`Mega pin ${pin} does not exist: use 0–69`);
  return { port: MEGA_PORTS[pin] as PortName, bit: MEGA_BITS[pin]! };
}

/**
 * One ATmega2560 as wired on an Arduino Mega 2560: CPU, timers 0–2 (millis and PWM), USART0, the
 * watchdog, EEPROM and ports A–L. No ADC: the kit's tests on it need none. Same surface as {@link Uno}
 * for the UART transport, the WS2812 decoder and driven inputs.
 */
export class Mega extends Chip {
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly ports: Readonly<Record<PortName, AVRIOPort>>;

  constructor(program: Uint16Array, cycleOffset = 0, eeprom: EEPROMMemoryBackend = new EEPROMMemoryBackend(ATMEGA2560_EEPROM_BYTES)) {
    super(cycleOffset);
    this.cpu = new CPU(program, ATMEGA2560_DATA_BYTES);
    // Timer registers are where the 328P has them; vectors and output-compare pins differ
    // (OC0A PB7, OC0B PG5, OC1A PB5, OC1B PB6, OC2A PB4, OC2B PH6: datasheet §1.1 pinout).
    new AVRTimer(this.cpu, { ...timer0Config, compAInterrupt: vec(VECTOR.TIMER0_COMPA), compBInterrupt: vec(VECTOR.TIMER0_COMPB), ovfInterrupt: vec(VECTOR.TIMER0_OVF), compPortA: portBConfig.PORT, compPinA: 7, compPortB: portGConfig.PORT, compPinB: 5 });
    new AVRTimer(this.cpu, { ...timer1Config, captureInterrupt: vec(VECTOR.TIMER1_CAPT), compAInterrupt: vec(VECTOR.TIMER1_COMPA), compBInterrupt: vec(VECTOR.TIMER1_COMPB), ovfInterrupt: vec(VECTOR.TIMER1_OVF), compPortA: portBConfig.PORT, compPinA: 5, compPortB: portBConfig.PORT, compPinB: 6 });
    new AVRTimer(this.cpu, { ...timer2Config, compAInterrupt: vec(VECTOR.TIMER2_COMPA), compBInterrupt: vec(VECTOR.TIMER2_COMPB), ovfInterrupt: vec(VECTOR.TIMER2_OVF), compPortA: portBConfig.PORT, compPinA: 4, compPortB: portHConfig.PORT, compPinB: 6 });
    const clock = new AVRClock(this.cpu, MEGA_CLOCK_HZ, clockConfig);
    new AVRWatchdog(this.cpu, { ...watchdogConfig, watchdogInterrupt: vec(VECTOR.WDT) }, clock);
    new AVREEPROM(this.cpu, eeprom, { ...eepromConfig, eepromReadyInterrupt: vec(VECTOR.EE_READY) });
    this.usart = new AVRUSART(this.cpu, { ...usart0Config, rxCompleteInterrupt: vec(VECTOR.USART0_RX), dataRegisterEmptyInterrupt: vec(VECTOR.USART0_UDRE), txCompleteInterrupt: vec(VECTOR.USART0_TX) }, MEGA_CLOCK_HZ);
    const ports = {} as Record<PortName, AVRIOPort>;
    for (const name of Object.keys(PORT_CONFIGS) as PortName[]) ports[name] = new AVRIOPort(this.cpu, PORT_CONFIGS[name]);
    this.ports = ports;
    for (const name of Object.keys(PORT_CONFIGS) as PortName[]) this.watchPort(name);
  }

  /** Drives an input pin from outside (no pull-ups in avr8js: drive a released button high). */
  setInput(pin: number, high: boolean): void {
    const { port, bit } = megaPin(pin);
    this.ports[port].setPin(bit, high);
  }

  private watchPort(name: PortName): void {
    const pins = Array.from({ length: 8 }, (_, bit) => MEGA_BITS.findIndex((b, pin) => b === bit && MEGA_PORTS[pin] === name));
    this.ports[name].addListener((value, oldValue) => this.portChanged(pins, value, oldValue));
  }
}
