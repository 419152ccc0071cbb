import { terminalText } from '../safe-text.js';

/** Where a command writes: results to `log` (stdout), diagnostics to `error` (stderr). */
export interface Output {
  log(line: string): void;
  error(line: string): void;
}

/**
 * Output to the process's streams. Every line may carry text from a file the user gave (an exhibit's
 * name, a label), so control characters are shown escaped instead of reaching the terminal.
 */
export const processOutput: Output = {
  log: (line) => void process.stdout.write(`${terminalText(line)}\n`),
  error: (line) => void process.stderr.write(`${terminalText(line)}\n`),
};
