import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium: the only browser the suites use (never a downloaded one). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Why the browser suites cannot run here, or '' if they can. With NEURON_KIT_REQUIRE_ALL=1 (CI) a
 * missing Chromium is an error, not a skip.
 */
export function chromiumMissing(): string {
  if (existsSync(CHROMIUM_PATH)) return '';
  const reason = `${CHROMIUM_PATH} is not installed (apt-get install -y chromium)`;
  if (process.env.NEURON_KIT_REQUIRE_ALL) throw new Error(`Chromium is required here (NEURON_KIT_REQUIRE_ALL is set): ${reason}`);
  return reason;
}

/** A headless Chromium with a fresh profile, quiet on the network; `close()` also removes the profile. */
export async function launchChromium(viewport = { width: 1920, height: 1080 }): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'neuron-kit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
