// Minimal typings for firmata-io 2.3, which ships none: only the surface the board seam uses.
declare module 'firmata-io' {
  import type { EventEmitter } from 'node:events';
  interface FirmataPin {
    supportedModes: number[];
    value: number;
    report: number;
    analogChannel: number;
    mode?: number;
  }
  class Firmata extends EventEmitter {
    constructor(transport: unknown, options?: { reportVersionTimeout?: number; samplingInterval?: number; skipCapabilities?: boolean });
    readonly MODES: Record<string, number>;
    readonly pins: FirmataPin[];
    readonly analogPins: number[];
    readonly firmware: { name?: string; version?: { major: number; minor: number } };
    readonly version: { major?: number; minor?: number };
    readonly isReady: boolean;
    readonly transport: { write(data: Buffer, cb?: (err?: Error | null) => void): unknown };
    pinMode(pin: number, mode: number): void;
    digitalRead(pin: number, callback: (value: number) => void): void;
    analogRead(pin: number, callback: (value: number) => void): void;
    reportDigitalPin(pin: number, value: 0 | 1): void;
    reportAnalogPin(pin: number, value: 0 | 1): void;
    setSamplingInterval(intervalMs: number): void;
  }
  const bindTransport: { (transport: unknown): typeof Firmata; Firmata: typeof Firmata };
  export = bindTransport;
}
