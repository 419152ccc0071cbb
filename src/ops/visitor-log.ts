import { pino, type Logger } from 'pino';
import type { EventSink, OpsEvent } from './events.js';
import { RotatingFile, type RotatingFileOptions, type RotatingFileStats } from './rotating-file.js';

export interface VisitorLogOptions extends Omit<RotatingFileOptions, 'onDegraded' | 'onRecovered'> {
  /** The disk refused a line: the exhibit goes on, lines are dropped until it accepts them again. */
  onDegraded?: (err: NodeJS.ErrnoException) => void;
}

/** Longest text kept in a line (an error message): the log is for counting, not for prose. */
const MAX_TEXT = 200;

/**
 * The visitor log: pino JSON lines, one event a line, e.g.
 * `{"level":"info","time":"2026-11-29T10:02:03.120Z","event":"press","button":"A"}`,
 * in daily files that also roll over by size (see {@link RotatingFile}). Reads nothing about
 * visitors but what they pressed and for how long.
 */
export class VisitorLog implements EventSink {
  private readonly file: RotatingFile;
  private readonly logger: Logger;

  constructor(options: VisitorLogOptions) {
    const now = options.now ?? (() => new Date());
    this.file = new RotatingFile({
      ...options,
      onDegraded: (err) => options.onDegraded?.(err),
      onRecovered: (dropped) => this.logEvent({ kind: 'fault', what: 'log', message: `${dropped} line${dropped === 1 ? '' : 's'} lost while the disk refused writes` }),
    });
    this.logger = pino(
      {
        base: null,
        timestamp: () => `,"time":"${now().toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
      },
      this.file,
    );
  }

  logEvent(event: OpsEvent): void {
    const { kind, ...fields } = event;
    const clean = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, MAX_TEXT) : v]));
    this.logger[kind === 'fault' ? 'warn' : 'info']({ event: kind, ...clean });
  }

  stats(): RotatingFileStats {
    return this.file.stats();
  }

  close(): void {
    this.file.close();
  }
}
