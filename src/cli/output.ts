/** Where a command writes: results to `log` (stdout), diagnostics to `error` (stderr). */
export interface Output {
  log(line: string): void;
  error(line: string): void;
}

/** Output to the process's streams. */
export const processOutput: Output = {
  log: (line) => void process.stdout.write(`${line}\n`),
  error: (line) => void process.stderr.write(`${line}\n`),
};
