import {
  AVRADC, AVRClock, AVREEPROM, AVRIOPort, AVRTimer, AVRUSART, AVRWatchdog, CPU, EEPROMMemoryBackend, adcConfig,
  clockConfig, eepromConfig, portBConfig, portCConfig, portDConfig, timer0Config, timer1Config,
  timer2Config, usart0Config, watchdogConfig,
} from 'avr8js';
import { Chip } from './chip.js';

/** Crystal frequency of the Arduino Uno (Uno Rev3 schematic: 16 MHz resonator on XTAL1/XTAL2). */
export const UNO_CLOCK_HZ = 16_000_000;
/** SRAM of the ATmega328P (datasheet §1 "Features": 2 KBytes internal SRAM); RAMEND = 0x08FF. */
const ATMEGA328P_SRAM_BYTES = 2048;
/** AVCC on the Uno is the 5 V rail; the default ADC reference (datasheet §24.5.2, REFS = 01). */
export const UNO_AVCC_VOLTS = 5;
/** Number of analog inputs broken out on the Uno header (A0–A5 = ADC0–ADC5, datasheet §24.9.1). */
export const UNO_ANALOG_INPUTS = 6;

/** Which AVR port and bit an Arduino pin number maps to. */
export interface PinLocation {
  readonly port: 'B' | 'C' | 'D';
  readonly bit: number;
}

/**
 * Arduino Uno pin numbering (variants/standard/pins_arduino.h): D0–D7 = PD0–PD7, D8–D13 = PB0–PB5,
 * D14–D19 (A0–A5) = PC0–PC5.
 */
export function unoPin(pin: number): PinLocation {
  if (!Number.isInteger(pin) || pin < 0 || pin > 19) {
    throw new RangeError(`Uno pin ${pin} does not exist: use 0–13 for digital pins or 14–19 for A0–A5`);
  }
  if (pin < 8) return { port: 'D', bit: pin };
  if (pin < 14) return { port: 'B', bit: pin - 8 };
  return { port: 'C', bit: pin - 14 };
}

export type { PinEdgeListener } from './chip.js';

/**
 * One ATmega328P as wired on an Arduino Uno: CPU, timers 0–2, USART0, ports B/C/D and the ADC.
 *
 * Board time is counted in cycles from when the board was first powered: `cycleOffset + cpu.cycles`.
 * A reset (DTR, see {@link UartTransport}) builds a fresh chip that continues that count.
 */
/** ATmega328P EEPROM size (datasheet §1 "Features": 1 KByte). */
export const ATMEGA328P_EEPROM_BYTES = 1024;

export class Uno extends Chip {
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly adc: AVRADC;
  readonly ports: { readonly B: AVRIOPort; readonly C: AVRIOPort; readonly D: AVRIOPort };
  readonly timers: readonly AVRTimer[];

  /**
   * @param eeprom the chip's EEPROM, passed in so that it survives resets as on a real chip
   *   (default: a fresh, erased 1 KB)
   */
  constructor(program: Uint16Array, cycleOffset = 0, eeprom: EEPROMMemoryBackend = new EEPROMMemoryBackend(ATMEGA328P_EEPROM_BYTES)) {
    super(cycleOffset);
    this.cpu = new CPU(program, ATMEGA328P_SRAM_BYTES);
    this.timers = [new AVRTimer(this.cpu, timer0Config), new AVRTimer(this.cpu, timer1Config), new AVRTimer(this.cpu, timer2Config)];
    const clock = new AVRClock(this.cpu, UNO_CLOCK_HZ, clockConfig);
    // The kit firmware uses the watchdog (a hung board restarts itself) and keeps its strip layout in EEPROM.
    new AVRWatchdog(this.cpu, watchdogConfig, clock);
    new AVREEPROM(this.cpu, eeprom, eepromConfig);
    this.usart = new AVRUSART(this.cpu, usart0Config, UNO_CLOCK_HZ);
    this.adc = new AVRADC(this.cpu, adcConfig);
    this.adc.avcc = UNO_AVCC_VOLTS;
    this.ports = {
      B: new AVRIOPort(this.cpu, portBConfig),
      C: new AVRIOPort(this.cpu, portCConfig),
      D: new AVRIOPort(this.cpu, portDConfig),
    };
    this.watchPort('B', 8);
    this.watchPort('C', 14);
    this.watchPort('D', 0);
  }

  /**
   * Drives an input pin from outside. Internal pull-ups are not modelled by avr8js, so a button
   * input must be driven high while released and low while pressed.
   */
  setInput(pin: number, high: boolean): void {
    const { port, bit } = unoPin(pin);
    this.ports[port].setPin(bit, high);
  }

  /** Sets the voltage seen by ADC channel `channel` (0–5 = A0–A5), clamped to 0..AVCC. */
  setAnalogVolts(channel: number, volts: number): void {
    if (!Number.isInteger(channel) || channel < 0 || channel >= UNO_ANALOG_INPUTS) {
      throw new RangeError(`analog channel ${channel} does not exist: use 0–${UNO_ANALOG_INPUTS - 1} (A0–A5)`);
    }
    this.adc.channelValues[channel] = Math.min(UNO_AVCC_VOLTS, Math.max(0, volts));
  }

  private watchPort(name: 'B' | 'C' | 'D', firstPin: number): void {
    const pins = Array.from({ length: 8 }, (_, bit) => firstPin + bit);
    this.ports[name].addListener((value, oldValue) => this.portChanged(pins, value, oldValue));
  }
}
