import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where the exhibit keeps what it writes while running (XDG Base Directory spec: `$XDG_STATE_HOME`,
 * default `~/.local/state`), so a service user's home holds it and nothing needs root.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  // The spec says a relative XDG path is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'neuron-kit');
}

/** Default folder of the visitor log. */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'logs');
}

/** Folder of the lock files that keep two exhibits off one serial port. */
export function lockDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'locks');
}
