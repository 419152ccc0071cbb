import { randomInt } from 'node:crypto';
import type { Exhibit } from '../exhibit/index.js';
import type { Runtime } from '../runtime/runtime.js';
import { bridgeToClass, kitsHeardBy, type BridgeCounters } from './bridge.js';
import { ClassLink, ClassLinkError } from './link.js';
import { isName } from './topics.js';
import type { ClassStatus } from '../web/messages.js';

export interface JoinOptions {
  url: string;
  className: string;
  kit: string;
  classCode?: string;
  username?: string;
  password?: string;
}

/** A kit in its class: the link (lives as long as the run) and the bridge of the session running now. */
export interface ClassMembership {
  link: ClassLink;
  /** Joins a (new) session's runtime; the previous session's bridge, if any, is stopped. */
  attach(runtime: Runtime): void;
  /** The link as the exhibit's page shows it. */
  status(): ClassStatus;
  /** Counts of the bridges so far, summed over sessions. */
  counters(): BridgeCounters;
  close(): Promise<void>;
}

/** Checks what a user typed for a broker; returns the problem in words, or null. */
export function checkJoinOptions(o: JoinOptions): string | null {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    return `--broker must be a URL like mqtt://192.168.1.20:1883 or mqtts://broker.example.org, got "${o.url}"`;
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') return `--broker must start with mqtt:// or mqtts://, got "${url.protocol}//"`;
  if (!isName(o.className)) return `--class must be letters, digits, - and _ (up to 32), got "${o.className}"`;
  if (!isName(o.kit)) return `--kit must be letters, digits, - and _ (up to 32), got "${o.kit}"`;
  return null;
}

/** Connects a kit to its class (waiting up to `firstWaitMs` for the broker; it keeps trying after that). */
export async function joinClass(exhibit: Exhibit, options: JoinOptions, firstWaitMs = 3000): Promise<ClassMembership> {
  const link = new ClassLink({
    ...options,
    now: () => performance.now(),
    listensTo: kitsHeardBy(exhibit),
    presence: {
      exhibit: exhibit.name,
      publishes: exhibit.publish,
      remote: exhibit.remote.map((r) => ({ from: r.from, to: r.to })),
      labels: Object.fromEntries(exhibit.neurons.filter((n) => n.label !== undefined).map((n) => [n.id, n.label!])),
    },
  });
  await link.start(firstWaitMs);
  let bridge: ReturnType<typeof bridgeToClass> | null = null;
  const total: BridgeCounters = { delivered: 0, late: 0, unrouted: 0 };
  const retire = () => {
    if (!bridge) return;
    bridge.stop();
    for (const k of Object.keys(total) as Array<keyof BridgeCounters>) total[k] += bridge.counters[k];
    bridge = null;
  };
  return {
    link,
    attach(runtime) {
      retire();
      bridge = bridgeToClass(runtime, link);
      runtime.once('stopped', retire);
    },
    status: () => ({ className: options.className, kit: options.kit, status: link.status, kitsOnline: link.kitsOnline.size }),
    counters: () => {
      const now = { ...total };
      if (bridge) for (const k of Object.keys(now) as Array<keyof BridgeCounters>) now[k] += bridge.counters[k];
      return now;
    },
    close: async () => {
      retire();
      await link.close();
    },
  };
}

const CODE_WORDS = ['otter', 'heron', 'maple', 'comet', 'falcon', 'cedar', 'puffin', 'willow', 'badger', 'lupin', 'marten', 'orca', 'acorn', 'birch', 'coral', 'delta', 'ember', 'fjord', 'gecko', 'hazel', 'iris', 'juniper', 'kestrel', 'lynx'];

/**
 * A class code that is easy to read out in a classroom and hard to guess: two words and four digits,
 * e.g. "otter-maple-4821" (about 5 million codes).
 */
export function newClassCode(): string {
  const word = () => CODE_WORDS[randomInt(CODE_WORDS.length)]!;
  return `${word()}-${word()}-${randomInt(1000, 10000)}`;
}

export { ClassLinkError };
