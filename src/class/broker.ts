import { timingSafeEqual } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';
import { classPrefix, isName } from './topics.js';

/** The MQTT port (IANA, RFC-registered 1883). */
export const MQTT_PORT = 1883;

export interface BrokerOptions {
  port?: number;
  host?: string;
  /**
   * The class code every kit must give as its password, its user name being the class's name. Each kit
   * may then publish and subscribe only under its own class's topics. Required: an open broker on a
   * school network would let anyone's page inject spikes.
   */
  classCode: string;
}

export interface RunningBroker {
  url: string;
  port: number;
  /** Clients connected now. */
  clients(): number;
  close(): Promise<void>;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refusal(message: string): AuthenticateError {
  // 4: bad user name or password (MQTT 3.1.1 §3.2.2.3).
  return Object.assign(new Error(message), { returnCode: 4 as const }) as AuthenticateError;
}

/**
 * The embedded broker for a class with no server of its own (Aedes, an MQTT 3.1.1 broker in Node).
 * A kit connects with its class's name as user name and the class code as password, and may touch only
 * topics under `neuronkit/v1/<its class>/`.
 */
export async function startBroker(options: BrokerOptions): Promise<RunningBroker> {
  const classes = new WeakMap<object, string>();
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const name = username ?? '';
      if (!isName(name) || password === undefined || !sameText(password.toString('utf8'), options.classCode)) return done(refusal('wrong class code'), false);
      classes.set(client, name);
      done(null, true);
    },
    authorizePublish: (client, packet, done) => {
      const name = client ? classes.get(client) : undefined;
      done(name !== undefined && packet.topic.startsWith(classPrefix(name)) ? null : new Error('outside its class'));
    },
    authorizeSubscribe: (client, sub, done) => {
      const name = classes.get(client);
      done(null, name !== undefined && sub.topic.startsWith(classPrefix(name)) ? sub : null);
    },
  });
  const server: Server = createServer(broker.handle);
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? MQTT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    clients: () => broker.connectedClients,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
      }),
  };
}
