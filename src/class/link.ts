import { EventEmitter } from 'node:events';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { ClockOffset } from './clock-offset.js';
import { parseMessage, type PresenceMessage, type StateMessage } from './messages.js';
import { RateLimit } from './rate-limit.js';
import { isName, kitTopic, parseKitTopic } from './topics.js';

/** How often each listened-to kit's clock offset is measured again, wall ms (NTP polls far less often; a few exchanges a minute track a drifting USB clock closely). */
export const CLOCK_SYNC_EVERY_MS = 2000;
/** Wait between attempts to reach a broker that went away, ms. */
export const RECONNECT_EVERY_MS = 1000;
/** Wait between attempts to rejoin a broker that let this kit in before and now refuses its code, ms. */
export const REFUSED_RETRY_MS = 5000;
/** Longest a kit waits for the broker to take its goodbye before it simply disconnects. */
export const CLOSE_WAIT_MS = 2000;
/** A spike older than this is worth nothing to a synapse: MQTT 5 brokers may drop it undelivered (message expiry). */
const SPIKE_EXPIRY_S = 2;

export interface ClassLinkOptions {
  /** mqtt://host:port or mqtts://host:port. */
  url: string;
  className: string;
  kit: string;
  username?: string;
  password?: string;
  /** The class code of an embedded broker: shorthand for username = class, password = code. */
  classCode?: string;
  /** This kit's board clock, ms: spikes are stamped with it and clock offsets measured against it. */
  now: () => number;
  /** Kits whose spikes this kit receives, or `'all'` (the class view: every kit, each with its clock offset). */
  listensTo: readonly string[] | 'all';
  /** What this kit tells the class about itself (its presence note). */
  presence?: Omit<PresenceMessage, 'v' | 'online'>;
  /** Wall clock for rate limits, ms (a test may pass its own). Default Date.now. */
  wallNow?: () => number;
}

/** A spike of another kit's neuron as it arrived: the sender's board time and, once synced, ours. */
export interface RemoteSpike {
  kit: string;
  neuron: string;
  /** Board time of the spike on the sender's clock, ms. */
  remoteMs: number;
  /** The same moment on our board clock, or null before the first clock exchange with that kit. */
  localMs: number | null;
}

export type LinkStatus = 'connecting' | 'connected' | 'offline' | 'refused';

export interface LinkCounters {
  spikesSent: number;
  spikesReceived: number;
  /** Messages dropped: malformed (size, JSON, schema), over the sender's rate, or from outside what this kit listens to. */
  dropped: { malformed: number; rateLimited: number; foreign: number };
  reconnects: number;
}

/** A network error code in words a teacher can act on. */
function networkProblem(code: string, url: string): string {
  let host = 'the broker';
  try {
    host = new URL(url).hostname;
  } catch {
    // describeBroker has already refused a bad URL before a link is made.
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `no computer is called ${host} on this network (check the name, or give its address)`;
  if (code === 'ECONNREFUSED') return `${host} answers, but no broker listens on that port (is \`neuron-kit broker\` running there?)`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${host} cannot be reached from this computer (same network?)`;
  if (code === 'ETIMEDOUT') return `${host} does not answer (a firewall may block the port)`;
  return `the connection failed (${code})`;
}

/** Why the broker turned this kit away, in words a teacher can act on. */
export class ClassLinkError extends Error {}

/** The broker's URL without any user name or password in it: credentials are never printed or logged. */
export function describeBroker(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'the broker';
  }
}

/**
 * One kit's connection to its class over MQTT (docs/class.md): publishes its neurons' spikes stamped
 * with board time, receives the spikes of the kits it listens to, keeps a clock offset to each of them
 * (NTP-style exchanges), announces its presence (retained, with a last will) and its state. When the
 * broker goes away it keeps trying; the exhibit goes on locally meanwhile.
 *
 * Events: `'spike'` (RemoteSpike), `'presence'` (kit, PresenceMessage), `'state'` (kit, StateMessage),
 * `'status'` (LinkStatus, detail?), `'clock'` (kit, its best offset sample so far), `'namesake'` (another
 * kit joined under this kit's own name).
 */
export class ClassLink extends EventEmitter {
  readonly counters: LinkCounters = { spikesSent: 0, spikesReceived: 0, dropped: { malformed: 0, rateLimited: 0, foreign: 0 }, reconnects: 0 };
  readonly offsets = new Map<string, ClockOffset>();
  status: LinkStatus = 'connecting';
  /** Why the broker could not be reached the last time it could not, in words (null: no such failure yet). */
  lastError: string | null = null;
  /** Other kits of the class whose presence says they are online now (class views not counted). */
  readonly kitsOnline = new Set<string>();
  private client: MqttClient | null = null;
  private readonly limit = new RateLimit();
  private readonly listens: Set<string>;
  private readonly listensToAll: boolean;
  /** Most kits the class view keeps track of: a flood of made-up kit names cannot grow its tables. */
  static readonly MAX_KITS = 200;
  private syncTimer: ReturnType<typeof setInterval> | null = null;
  private nextRequestId = 1;
  private protocolVersion: 4 | 5 = 5;
  private everConnected = false;
  /** This run's id in its presence note, and whether the broker has echoed that note back yet. */
  private readonly instance = Math.random().toString(36).slice(2, 10);
  private ownNoteSeen = false;
  /** Other runs met under this kit's own name, each said once. */
  private readonly namesakes = new Set<string>();
  private refusedRetry: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly options: ClassLinkOptions) {
    super();
    if (!isName(options.className)) throw new ClassLinkError(`class name "${options.className}" must be letters, digits, - and _, up to 32 characters`);
    if (!isName(options.kit)) throw new ClassLinkError(`kit name "${options.kit}" must be letters, digits, - and _, up to 32 characters`);
    this.listensToAll = options.listensTo === 'all';
    this.listens = new Set(options.listensTo === 'all' ? [] : options.listensTo);
    for (const k of this.listens) this.offsets.set(k, new ClockOffset());
  }

  /**
   * Connects; resolves once connected, or once `firstWaitMs` has passed without an answer (the link goes
   * on trying in the background). Rejects if the broker refuses this kit's credentials.
   */
  start(firstWaitMs = 5000): Promise<void> {
    this.connect();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        resolve();
      }, firstWaitMs);
      const onStatus = (status: LinkStatus, detail?: string) => {
        if (status === 'connected') {
          cleanup();
          resolve();
        } else if (status === 'refused') {
          cleanup();
          reject(new ClassLinkError(detail ?? 'the broker refused this kit'));
        }
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.off('status', onStatus);
      };
      this.on('status', onStatus);
    });
  }

  private connect(): void {
    const { url, className, kit } = this.options;
    const username = this.options.username ?? (this.options.classCode !== undefined ? className : undefined);
    const password = this.options.password ?? this.options.classCode;
    const options: IClientOptions = {
      protocolVersion: this.protocolVersion,
      clientId: `neuronkit-${className}-${kit}-${Math.random().toString(36).slice(2, 8)}`,
      reconnectPeriod: RECONNECT_EVERY_MS,
      connectTimeout: 5000,
      clean: true,
      // This link subscribes on every connect and reports 'connected' on the broker's SUBACK. MQTT.js's
      // own resubscription would send the SUBSCRIBE itself and answer ours at once, before the broker has
      // it: spikes published in that gap after a broker restart were lost.
      resubscribe: false,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      will: { topic: kitTopic(className, kit, 'presence'), payload: Buffer.from(JSON.stringify(this.goodbye())), qos: 1, retain: true },
    };
    const client = mqtt.connect(url, options);
    this.client = client;
    client.on('connect', () => this.onConnect(client));
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('reconnect', () => {
      this.counters.reconnects += this.everConnected ? 1 : 0;
      this.setStatus('connecting');
    });
    client.on('offline', () => this.setStatus('offline'));
    client.on('error', (err: Error & { code?: number | string }) => this.onError(client, err));
  }

  private onError(client: MqttClient, err: Error & { code?: number | string }): void {
    if (typeof err.code === 'string') this.lastError = networkProblem(err.code, this.options.url);
    // 1 (MQTT 3.1.1) or 132 (MQTT 5): the broker does not speak MQTT 5, as the embedded one does not.
    if ((err.code === 1 || err.code === 132) && this.protocolVersion === 5) {
      this.protocolVersion = 4;
      client.removeAllListeners();
      client.on('error', () => {});
      client.end(true);
      this.connect();
      return;
    }
    // 4/5 (3.1.1) and 134/135 (5): bad user name or password, not authorised.
    if (err.code === 4 || err.code === 5 || err.code === 134 || err.code === 135) {
      const broker = describeBroker(this.options.url);
      const { kit, className, classCode } = this.options;
      if (!this.everConnected) {
        client.end(true);
        this.setStatus('refused', `${broker} refused kit "${kit}" of class "${className}": check the class code (--class-code) or the user name and password`);
        return;
      }
      // It let this kit in before: the broker was restarted with another code (or the password changed).
      // The kit keeps asking, so the class comes back as soon as the broker is given the old code again.
      const fix = classCode !== undefined ? 'start the broker again with --class-code and the code this kit was given, or restart this kit with the new code' : 'check the user name and password it was given';
      this.setStatus('refused', `${broker} now refuses kit "${kit}" of class "${className}" (restarted with another class code?): ${fix}. Trying again every ${REFUSED_RETRY_MS / 1000} s; the exhibit runs on its own meanwhile.`);
      this.refusedRetry ??= setTimeout(() => {
        this.refusedRetry = null;
        if (this.client === client) client.reconnect();
      }, REFUSED_RETRY_MS);
    }
  }

  private onConnect(client: MqttClient): void {
    const { className, kit } = this.options;
    this.everConnected = true;
    const topics = [kitTopic(className, kit, 'clock-req'), kitTopic(className, kit, 'clock-res'), kitTopic(className, '+', 'presence')];
    if (this.listensToAll) topics.push(kitTopic(className, '+', 'spikes'), kitTopic(className, '+', 'state'));
    else for (const k of this.listens) topics.push(kitTopic(className, k, 'spikes'));
    client.subscribe(topics, { qos: 0 }, (err) => {
      // No SUBACK (the connection dropped first): the next connect subscribes again.
      if (err) return;
      this.publishPresence(true);
      this.syncClocks();
      this.setStatus('connected');
    });
    if (this.syncTimer === null) {
      this.syncTimer = setInterval(() => this.syncClocks(), CLOCK_SYNC_EVERY_MS);
      this.syncTimer.unref();
    }
  }

  private setStatus(status: LinkStatus, detail?: string): void {
    if (status === this.status && detail === undefined) return;
    this.status = status;
    this.emit('status', status, detail);
  }

  /** The presence note of a kit that left: a class view says it is one, so nobody counts it as a kit. */
  private goodbye(): PresenceMessage {
    return { v: 1, online: false, ...(this.options.presence?.view === true ? { view: true } : {}) };
  }

  private publishPresence(online: boolean): void {
    const message: PresenceMessage = { v: 1, online, ...(online ? { ...this.options.presence, instance: this.instance } : {}) };
    this.client?.publish(kitTopic(this.options.className, this.options.kit, 'presence'), JSON.stringify(message), { qos: 1, retain: true });
  }

  /** Sends one clock request to every kit this kit listens to. */
  syncClocks(): void {
    if (this.status !== 'connected' && !this.client?.connected) return;
    for (const k of this.offsets.keys()) this.requestClock(k);
  }

  /** The clock offset kept for a kit this kit listens to (made on first sight for the class view), or null. */
  private offsetOf(kit: string): ClockOffset | null {
    let offset = this.offsets.get(kit) ?? null;
    if (offset === null && this.listensToAll && kit !== this.options.kit && this.offsets.size < ClassLink.MAX_KITS) {
      offset = new ClockOffset();
      this.offsets.set(kit, offset);
    }
    return offset;
  }

  private requestClock(target: string): void {
    const { className, kit } = this.options;
    this.client?.publish(kitTopic(className, target, 'clock-req'), JSON.stringify({ v: 1, id: this.nextRequestId++, from: kit, t0: this.options.now() }), { qos: 0 });
  }

  /** Publishes a spike of one of this kit's neurons at board time `atMs`. */
  publishSpike(neuron: string, atMs: number): void {
    if (!this.client?.connected) return;
    const properties = this.protocolVersion === 5 ? { properties: { messageExpiryInterval: SPIKE_EXPIRY_S } } : {};
    this.client.publish(kitTopic(this.options.className, this.options.kit, 'spikes'), JSON.stringify({ v: 1, spikes: [{ n: neuron, t: atMs }] }), { qos: 0, ...properties });
    this.counters.spikesSent += 1;
  }

  /** Publishes this kit's state (retained) for the class view. */
  publishState(state: Omit<StateMessage, 'v'>): void {
    this.client?.publish(kitTopic(this.options.className, this.options.kit, 'state'), JSON.stringify({ v: 1, ...state }), { qos: 0, retain: true });
  }

  private onMessage(topic: string, payload: Buffer): void {
    const { className, kit: me } = this.options;
    const where = parseKitTopic(className, topic);
    if (where === null) return void (this.counters.dropped.foreign += 1);
    if (!this.limit.allow(where.kit, (this.options.wallNow ?? Date.now)())) return void (this.counters.dropped.rateLimited += 1);
    switch (where.channel) {
      case 'spikes': {
        const m = parseMessage('spikes', payload);
        if (m === null) return void (this.counters.dropped.malformed += 1);
        const offset = this.offsetOf(where.kit);
        if (!offset) return void (this.counters.dropped.foreign += 1);
        for (const s of m.spikes) {
          this.counters.spikesReceived += 1;
          this.emit('spike', { kit: where.kit, neuron: s.n, remoteMs: s.t, localMs: offset.toLocal(s.t) } satisfies RemoteSpike);
        }
        return;
      }
      case 'presence': {
        // An empty note is a class view clearing its own (see close): nothing to show or count.
        if (payload.length === 0) return;
        const m = parseMessage('presence', payload);
        if (m === null) return void (this.counters.dropped.malformed += 1);
        if (where.kit === me) return this.onOwnName(m);
        if (m.online && m.view !== true && where.kit !== me) this.kitsOnline.add(where.kit);
        else this.kitsOnline.delete(where.kit);
        // A kit that (re)appears gets a clock exchange at once, before its first spikes matter.
        if (m.online && this.offsetOf(where.kit)) this.requestClock(where.kit);
        this.emit('presence', where.kit, m);
        return;
      }
      case 'state': {
        const m = parseMessage('state', payload);
        if (m === null) return void (this.counters.dropped.malformed += 1);
        this.emit('state', where.kit, m);
        return;
      }
      case 'clock-req': {
        const m = parseMessage('clock-req', payload);
        if (m === null || where.kit !== me) return void (this.counters.dropped.malformed += 1);
        this.client?.publish(kitTopic(className, m.from, 'clock-res'), JSON.stringify({ v: 1, id: m.id, from: me, t0: m.t0, t1: this.options.now() }), { qos: 0 });
        return;
      }
      case 'clock-res': {
        const m = parseMessage('clock-res', payload);
        if (m === null || where.kit !== me) return void (this.counters.dropped.malformed += 1);
        const offset = this.offsets.get(m.from);
        if (!offset) return void (this.counters.dropped.foreign += 1);
        offset.add(m.t0, m.t1, this.options.now());
        this.emit('clock', m.from, offset.best());
        return;
      }
    }
  }

  /**
   * A note under this kit's own name. Notes from before this run's own came back are the broker's
   * retained copy of an earlier run, and are let be. After it: another kit started with the same name
   * (`'namesake'`, once each), or such a kit's goodbye; either way this kit's own note is put back, so
   * the class and the other kit see it is here.
   */
  private onOwnName(m: PresenceMessage): void {
    if (m.online && m.instance === this.instance) {
      this.ownNoteSeen = true;
      return;
    }
    if (!this.ownNoteSeen) return;
    if (m.online && m.instance !== undefined) {
      if (this.namesakes.has(m.instance)) return;
      this.namesakes.add(m.instance);
      this.emit('namesake', this.options.kit);
    }
    this.publishPresence(true);
  }

  /**
   * Says goodbye (presence offline, retained) and disconnects, within `CLOSE_WAIT_MS`: a broker that has
   * stopped answering must not hold up the end of a run. Past that the connection is dropped, and the
   * broker's copy of the kit's last will says the same goodbye.
   */
  async close(): Promise<void> {
    if (this.syncTimer !== null) clearInterval(this.syncTimer);
    this.syncTimer = null;
    if (this.refusedRetry !== null) clearTimeout(this.refusedRetry);
    this.refusedRetry = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    const polite = async () => {
      // A kit leaves its goodbye for the class view to show; a view leaves nothing (an empty retained
      // message clears its note, so a broker such as Mosquitto keeps no trace of views long closed).
      const note = this.options.presence?.view === true ? '' : JSON.stringify(this.goodbye());
      if (client.connected) await new Promise<void>((resolve) => client.publish(kitTopic(this.options.className, this.options.kit, 'presence'), note, { qos: 1, retain: true }, () => resolve()));
      await client.endAsync();
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_WAIT_MS)));
    const outcome = await Promise.race([polite().then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      // end(true) is a no-op once the polite end has begun; the socket is dropped either way.
      await client.endAsync(true);
      client.stream?.destroy();
    }
  }
}
