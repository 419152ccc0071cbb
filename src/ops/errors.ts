/** A failure of the exhibit's operation (its lock, its page's port, its service) with the next step in `hint`. */
export class OpsError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Another exhibit already drives this serial port. */
export class PortLockedError extends OpsError {
  constructor(
    readonly port: string,
    readonly holder: LockHolder,
    lockFile: string,
  ) {
    super(
      `${port} is already used by another neuron-kit run (pid ${holder.pid}, exhibit "${holder.exhibit}", since ${holder.startedAt})`,
      `Stop that one first (kill ${holder.pid}, or \`neuron-kit service uninstall\` if it runs as a service). If no such process runs, remove ${lockFile}.`,
    );
  }
}

/** The page's TCP port is taken: another exhibit (or program) would answer visitors there. */
export class WebPortInUseError extends OpsError {
  constructor(readonly port: number, host: string) {
    super(
      `The page cannot start: port ${port} on ${host} is already in use (another exhibit or program answers there)`,
      'Stop the other one, give another port with --port N (0 picks a free one), or run without the page with --no-web.',
    );
  }
}

/** What a lock file says about the run that holds it. */
export interface LockHolder {
  pid: number;
  exhibit: string;
  startedAt: string;
}
