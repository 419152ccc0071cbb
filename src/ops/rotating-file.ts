import * as nodeFs from 'node:fs';
import { join } from 'node:path';

/** The file operations a {@link RotatingFile} uses; tests pass ones that fail (a full disk). */
export interface LogFs {
  mkdirSync(path: string, options: { recursive: true }): unknown;
  readdirSync(path: string): string[];
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  fstatSync(fd: number): { size: number };
  fdatasync(fd: number, callback: (err: NodeJS.ErrnoException | null) => void): void;
  fdatasyncSync(fd: number): void;
  closeSync(fd: number): void;
  unlinkSync(path: string): void;
}

export interface RotatingFileOptions {
  dir: string;
  /** File names are `<prefix>-YYYY-MM-DD.jsonl`, then `<prefix>-YYYY-MM-DD.1.jsonl`… Default "visitors". */
  prefix?: string;
  /** A file past this size is closed and the next part of the day begun. Default 10 MB. */
  maxBytes?: number;
  /** Oldest files beyond this many are removed, so the log cannot fill the disk. Default 400. */
  maxFiles?: number;
  /** After a write fails, how long to drop lines before trying the disk again, ms. Default 60 s. */
  retryMs?: number;
  fs?: LogFs;
  now?: () => Date;
  /** The disk refused a line: logging is degraded (lines are dropped) until it accepts one again. */
  onDegraded?: (err: NodeJS.ErrnoException) => void;
  /** The disk accepts lines again; `dropped` lines were lost meanwhile. */
  onRecovered?: (dropped: number) => void;
}

export interface RotatingFileStats {
  file: string | null;
  linesWritten: number;
  linesDropped: number;
  degraded: boolean;
}

const NAME = /^(.*)-(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.jsonl$/;

/** The local calendar day of `d`, YYYY-MM-DD: a museum's day, not UTC's. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Log files of `prefix` in `names`, oldest first (by day, then part). */
export function logFilesInOrder(names: readonly string[], prefix: string): string[] {
  const parsed = names.flatMap((n) => {
    const m = NAME.exec(n);
    return m && m[1] === prefix ? [{ n, day: m[2]!, part: Number(m[3] ?? 0) }] : [];
  });
  parsed.sort((a, b) => (a.day === b.day ? a.part - b.part : a.day < b.day ? -1 : 1));
  return parsed.map((p) => p.n);
}

/**
 * An append-only line file that starts a new file each local day and when one grows past `maxBytes`.
 *
 * Crash safety: each line reaches the kernel in one `write` on an O_APPEND descriptor before `write`
 * returns, so a crash or kill -9 loses nothing; the data is flushed to the disk (fdatasync) in the
 * background, at most one flush in flight, so a power cut loses at most the lines since the last
 * flush finished — normally the last one. A line torn by a failing disk is ended before the next one.
 *
 * A full or failing disk never throws: lines are dropped and counted, `onDegraded` is told once, and
 * the disk is tried again every `retryMs`. Synchronous writes on purpose: lines are small and rare
 * (a few a second at most), and a line written before the process dies is what a study needs.
 */
export class RotatingFile {
  private readonly fs: LogFs;
  private readonly prefix: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly retryMs: number;
  private readonly now: () => Date;
  private fd: number | null = null;
  private file: string | null = null;
  private day = '';
  private part = 0;
  private size = 0;
  private torn = false;
  private failedAtMs: number | null = null;
  private syncing = false;
  private dirty = false;
  private closed = false;
  private readonly counts = { linesWritten: 0, linesDropped: 0 };

  constructor(private readonly options: RotatingFileOptions) {
    this.fs = options.fs ?? (nodeFs as unknown as LogFs);
    this.prefix = options.prefix ?? 'visitors';
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.maxFiles = options.maxFiles ?? 400;
    this.retryMs = options.retryMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
  }

  stats(): RotatingFileStats {
    return { file: this.file, ...this.counts, degraded: this.failedAtMs !== null };
  }

  /** Appends one line (pino calls this with each line, newline included). Never throws. */
  write(line: string): boolean {
    if (this.closed) return true;
    const now = this.now();
    if (this.failedAtMs !== null && now.getTime() - this.failedAtMs < this.retryMs) {
      this.counts.linesDropped++;
      return true;
    }
    try {
      this.ensureOpen(now);
      const body = Buffer.from(this.torn ? `\n${line}` : line);
      this.writeAll(body);
      this.torn = false;
      this.size += body.length;
      this.counts.linesWritten++;
      this.flushSoon();
      if (this.failedAtMs !== null) {
        this.failedAtMs = null;
        const dropped = this.counts.linesDropped;
        this.options.onRecovered?.(dropped);
      }
    } catch (err) {
      this.counts.linesDropped++;
      const first = this.failedAtMs === null;
      this.failedAtMs = now.getTime();
      this.closeFd();
      if (first) this.options.onDegraded?.(err as NodeJS.ErrnoException);
    }
    return true;
  }

  /** Flushes and closes the current file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd !== null) {
      try {
        this.fs.fdatasyncSync(this.fd);
      } catch {
        // Nothing more can be done for data the disk refuses at the end.
      }
    }
    this.closeFd();
  }

  private writeAll(body: Buffer): void {
    let done = 0;
    while (done < body.length) {
      const n = this.fs.writeSync(this.fd!, body, done, body.length - done);
      if (n > 0) this.torn = true;
      done += n;
    }
  }

  private ensureOpen(now: Date): void {
    const day = localDay(now);
    if (this.fd !== null && day === this.day && this.size < this.maxBytes) return;
    if (this.fd !== null) {
      this.closeFd();
      this.part = day === this.day ? this.part + 1 : 0;
    } else {
      this.part = day === this.day ? this.part : this.lastPart(day);
    }
    this.day = day;
    this.fs.mkdirSync(this.options.dir, { recursive: true });
    for (;;) {
      const name = `${this.prefix}-${day}${this.part ? `.${this.part}` : ''}.jsonl`;
      const fd = this.fs.openSync(join(this.options.dir, name), 'a+', 0o644);
      const size = this.fs.fstatSync(fd).size;
      if (size >= this.maxBytes) {
        this.fs.closeSync(fd);
        this.part++;
        continue;
      }
      this.fd = fd;
      this.file = join(this.options.dir, name);
      this.size = size;
      // A line the last run left half written (power cut) is ended, so this run's lines parse.
      this.torn = size > 0 && !this.endsWithNewline(fd, size);
      break;
    }
    this.prune();
  }

  private endsWithNewline(fd: number, size: number): boolean {
    const b = Buffer.alloc(1);
    try {
      return this.fs.readSync(fd, b, 0, 1, size - 1) === 1 && b[0] === 0x0a;
    } catch {
      // Unreadable: assume the last run ended its line (at worst one line of this run is spoiled).
      return true;
    }
  }

  /** Continues today's last part after a restart instead of starting over at part 0. */
  private lastPart(day: string): number {
    let names: string[];
    try {
      names = this.fs.readdirSync(this.options.dir);
    } catch {
      return 0;
    }
    const today = logFilesInOrder(names, this.prefix).filter((n) => n.includes(`-${day}`));
    const m = today.length ? NAME.exec(today.at(-1)!) : null;
    return Number(m?.[3] ?? 0);
  }

  private prune(): void {
    const files = logFilesInOrder(this.fs.readdirSync(this.options.dir), this.prefix);
    for (const name of files.slice(0, Math.max(0, files.length - this.maxFiles))) {
      if (join(this.options.dir, name) === this.file) continue;
      try {
        this.fs.unlinkSync(join(this.options.dir, name));
      } catch {
        // Removed by someone else, or not ours to remove: the next rotation tries again.
      }
    }
  }

  private flushSoon(): void {
    this.dirty = true;
    if (this.syncing || this.fd === null) return;
    this.syncing = true;
    this.dirty = false;
    const fd = this.fd;
    this.fs.fdatasync(fd, () => {
      this.syncing = false;
      if (this.dirty && this.fd !== null && !this.closed) this.flushSoon();
    });
  }

  private closeFd(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    if (this.syncing) {
      // The flush in flight still holds the descriptor: close it once that is done.
      this.fs.fdatasync(fd, () => this.safeClose(fd));
    } else this.safeClose(fd);
  }

  private safeClose(fd: number): void {
    try {
      this.fs.closeSync(fd);
    } catch {
      // Already closed by a failing disk.
    }
  }
}
