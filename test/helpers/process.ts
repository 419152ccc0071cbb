import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './cli.js';

/** A long-running command as a real child process: its output so far, and its end. */
export interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves once `text` appears in stdout or stderr. */
  waitFor(text: string | RegExp): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
}

/** Starts `command args` in the project folder (its own process group, so a test can signal it alone). */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    text += d;
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, atMs: performance.now() })));
  return {
    child,
    output: () => text,
    exited,
    waitFor: (want) => new Promise((resolve, reject) => {
      const check = () => {
        if (typeof want === 'string' ? text.includes(want) : want.test(text)) {
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
      void exited.then(() => {
        if (waiters.has(check)) reject(new Error(`exited before printing ${String(want)}:\n${text}`));
      });
      check();
    }),
  };
}

/** `neuron-kit ARGS` through bin/neuron-kit.js. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  return start(process.execPath, [join(root, 'bin', 'neuron-kit.js'), ...args], env);
}

/** The pids of a process's children (Linux /proc). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Whether a process runs (a zombie waiting for its parent counts as gone). */
export function running(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
