import { randomBytes } from 'node:crypto';
import { ClassLink, ClassLinkError, describeBroker } from '../../class/link.js';
import { checkJoinOptions } from '../../class/join.js';
import { startClassView, type RunningClassView } from '../../class/view.js';
import { UsageError } from '../errors.js';
import { parsePort } from '../run-args.js';
import type { Output } from '../output.js';

export interface ClassViewCommandOptions {
  broker?: string;
  class?: string;
  classCode?: string;
  port?: string;
  host?: string;
  signal?: AbortSignal;
}

/** Starts the class view on a broker and returns it with the link it watches through. */
export async function openClassView(o: { url: string; className: string; classCode?: string; port: number; host?: string; portFlag?: string }): Promise<{ view: RunningClassView; link: ClassLink }> {
  // The view joins the class as an observer kit with a made-up name: it publishes nothing but its presence.
  const kit = `view-${randomBytes(3).toString('hex')}`;
  const problem = checkJoinOptions({ url: o.url, className: o.className, kit });
  if (problem) throw new UsageError(problem);
  const link = new ClassLink({ url: o.url, className: o.className, kit, now: () => performance.now(), listensTo: 'all', presence: { view: true }, ...(o.classCode !== undefined ? { classCode: o.classCode } : {}) });
  try {
    await link.start();
  } catch (err) {
    await link.close();
    if (err instanceof ClassLinkError) throw new UsageError(err.message);
    throw err;
  }
  try {
    return { view: await startClassView(link, o.className, { port: o.port, ...(o.host ? { host: o.host } : {}) }), link };
  } catch (err) {
    await link.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw Object.assign(new Error(`Port ${o.port} is in use, so the class view cannot start.`), { hint: `Pick another with ${o.portFlag ?? '--port'}.` });
    throw err;
  }
}

/** `neuron-kit class-view`: the teacher's view of a whole class, from any computer that reaches its broker. */
export async function classViewCommand(opts: ClassViewCommandOptions, out: Output): Promise<void> {
  if (opts.broker === undefined) throw new UsageError('class-view needs --broker URL (e.g. mqtt://192.168.1.20:1883) and --class NAME.');
  const port = parsePort(opts.port, 8090);
  const { view, link } = await openClassView({ url: opts.broker, className: opts.class ?? 'class', port, ...(opts.classCode !== undefined ? { classCode: opts.classCode } : {}), ...(opts.host ? { host: opts.host } : {}) });
  if (link.status !== 'connected') out.error(`The class broker at ${describeBroker(opts.broker)} does not answer yet; the view shows the class when it does.`);
  out.error(`Class view of "${opts.class ?? 'class'}": ${view.url}  (Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    if (opts.signal?.aborted) return resolve();
    opts.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await view.close();
  await link.close();
}
