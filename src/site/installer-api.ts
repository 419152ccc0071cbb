import type { PageBoard } from './install-words.js';
import type { WebSerialPort } from './web-serial.js';

/**
 * install.js: the uploader, the firmware images and their words, loaded only when a visitor asks to
 * install (src/site/install-panel.ts), so the views' own scripts stay small. It sets
 * `window.neuronKitInstaller`.
 */
export interface Installer {
  /**
   * Installs the kit firmware on the board behind `port`. `step` gets each step in words, and the
   * progress bar's fraction (writing is the first half, reading back the second) when it moves.
   * Resolves with whether it worked and, in plain words, how it ended.
   */
  install(port: WebSerialPort, board: PageBoard, step: (text: string, fraction: number | null) => void): Promise<{ installed: boolean; text: string }>;
}

/** The global install.js sets. */
export const INSTALLER_GLOBAL = 'neuronKitInstaller';
