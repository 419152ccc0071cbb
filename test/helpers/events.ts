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
