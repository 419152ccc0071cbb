import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Action, Person, Question, SeenColour } from '../doctor/types.js';

/** The person stopped answering (end of input, e.g. Ctrl-D): the doctor cannot go on. */
export class NoAnswerError extends Error {
  readonly hint = 'The doctor asks questions about what the LEDs show: run it in a terminal and answer each one.';
  constructor() {
    super('No answer: the input ended before the doctor had finished.');
    this.name = 'NoAnswerError';
  }
}

const COLOURS: Record<string, SeenColour> = { r: 'red', red: 'red', g: 'green', green: 'green', b: 'blue', blue: 'blue', o: 'other', other: 'other', n: 'nothing', nothing: 'nothing' };

/**
 * A person at a terminal: each question is printed with what is lit, and answered by typing. Presses
 * need no answer (the doctor sees them on the pins); turning the dial is confirmed with Enter.
 */
export class AskPerson implements Person {
  private readonly rl: Interface;
  /** Lines typed (or piped) ahead of their question wait here: readline would drop them otherwise. */
  private readonly lines: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (err: Error) => void } | null = null;
  private ended = false;

  constructor(input: Readable, private readonly output: Writable) {
    this.rl = createInterface({ input, terminal: false });
    this.rl.on('line', (line) => {
      const w = this.waiting;
      this.waiting = null;
      if (w) w.resolve(line);
      else this.lines.push(line);
    });
    this.rl.once('close', () => {
      this.ended = true;
      this.waiting?.reject(new NoAnswerError());
      this.waiting = null;
    });
  }

  private nextLine(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.reject(new NoAnswerError());
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Asks until `parse` accepts the answer. */
  private async ask<T>(prompt: string, parse: (answer: string) => T | undefined, again: string): Promise<T> {
    for (;;) {
      this.output.write(prompt);
      const value = parse((await this.nextLine()).trim().toLowerCase());
      if (value !== undefined) return value;
      this.output.write(`${again}\n`);
    }
  }
  private prompt(q: Question, choices: string): string {
    return `\n  (lit now: ${q.lit})\n? ${q.text} ${choices} `;
  }

  yesNo(q: Question): Promise<boolean> {
    return this.ask(this.prompt(q, '[y/n]'), (a) => (/^y(es)?$/.test(a) ? true : /^no?$/.test(a) ? false : undefined), 'Please answer y or n.');
  }

  colour(q: Question): Promise<SeenColour> {
    return this.ask(this.prompt(q, '[r]ed, [g]reen, [b]lue, [o]ther, [n]othing lit:'), (a) => COLOURS[a], 'Please answer r, g, b, o or n.');
  }

  count(q: Question): Promise<number> {
    return this.ask(this.prompt(q, '(a number):'), (a) => (/^\d+$/.test(a) ? Number(a) : undefined), 'Please type a whole number, e.g. 0 or 12.');
  }

  async act(a: Action): Promise<void> {
    if (a.kind === 'press') {
      this.output.write(`\n> ${a.text}\n`);
      return;
    }
    await this.ask(`\n> ${a.text} Press Enter when it is there.`, () => true, '');
  }

  /** Stops reading the input. */
  close(): void {
    this.rl.close();
  }
}
