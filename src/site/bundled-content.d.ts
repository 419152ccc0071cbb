/**
 * What `npm run build:site` bundles from the project folder (scripts/build-site.mjs makes this module):
 * the bundled exhibits and lessons as parsed JSON, and the kit firmware's Intel HEX for the Uno and the Nano.
 */
declare module 'neuron-kit:content' {
  /** Exhibit file name without `.json` → its document. */
  export const exhibits: Record<string, unknown>;
  /** Lesson name → its document (lessons/NAME.json). */
  export const lessons: Record<string, unknown>;
  /** firmware/hex/neuron_kit_uno.hex: the twin runs it, "Install the kit firmware" writes it to an Uno. */
  export const unoHex: string;
  /** firmware/hex/neuron_kit_nano.hex, for "Install the kit firmware" on a Nano. */
  export const nanoHex: string;
  /** The files of the built site, for the service worker's cache. */
  export const siteFiles: string[];
  /** Changes with every build: the service worker's cache name. */
  export const buildId: string;
}
