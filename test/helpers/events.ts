/** Resolves with the arguments of the first event `name` of `emitter` that pass `test`. */
export function nextEvent<T extends unknown[]>(emitter: NodeJS.EventEmitter, name: string, test: (...args: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const on = (...args: unknown[]) => {
      if (!test(...(args as T))) return;
      emitter.off(name, on);
      resolve(args as T);
    };
    emitter.on(name, on);
  });
}

/**
 * `promise`, or a rejection naming `what` once `ms` of wall time have passed: a step that never comes
 * fails with its own name instead of the whole test timing out in silence. (A bound on a wait, not a
 * timing assertion: every `ms` here is far above what the step takes.)
 */
export function within<T>(ms: number, promise: Promise<T>, what: string | (() => string)): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${typeof what === 'string' ? what : what()} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
