/**
 * MQTT topics of a class (docs/class.md). Every topic of a class lies under `neuronkit/v1/<class>/`, so
 * a broker can confine a class to its own subtree and a kit never subscribes outside it.
 */
export const TOPIC_ROOT = 'neuronkit/v1';

/** What a kit publishes under its own topic: its spikes, its presence (retained), its state (retained), clock sync. */
export type KitChannel = 'spikes' | 'presence' | 'state' | 'clock-req' | 'clock-res';

/**
 * A class or kit name: letters, digits, `-` and `_`, up to 32 characters. MQTT's `/`, `+` and `#` would
 * let a name reach into another class's topics, so they are refused.
 */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export function isName(text: string): boolean {
  return NAME_PATTERN.test(text);
}

export function classPrefix(className: string): string {
  return `${TOPIC_ROOT}/${className}/`;
}

export function kitTopic(className: string, kit: string, channel: KitChannel): string {
  return `${classPrefix(className)}${kit}/${channel}`;
}

/** The kit and channel of a topic inside the class, or null for anything else. */
export function parseKitTopic(className: string, topic: string): { kit: string; channel: KitChannel } | null {
  const prefix = classPrefix(className);
  if (!topic.startsWith(prefix)) return null;
  const [kit, channel, ...rest] = topic.slice(prefix.length).split('/');
  if (rest.length > 0 || kit === undefined || !isName(kit)) return null;
  return channel === 'spikes' || channel === 'presence' || channel === 'state' || channel === 'clock-req' || channel === 'clock-res' ? { kit, channel } : null;
}

/** A remote neuron as an exhibit names it: `kit-2/C`. */
export function parseRemoteNeuron(text: string): { kit: string; neuron: string } | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const kit = text.slice(0, slash);
  const neuron = text.slice(slash + 1);
  return isName(kit) && neuron.length > 0 && !neuron.includes('/') && !neuron.includes('->') ? { kit, neuron } : null;
}
