import { spawn } from 'node:child_process';

/**
 * The command that opens a URL in the desktop's browser, or null where there is no desktop to open
 * it on: CI, an SSH session, a Linux box without a display (a museum PC running as a service).
 */
export function browserOpener(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { command: string; args: (url: string) => string[] } | null {
  if (env.CI || env.NEURON_KIT_NO_OPEN) return null;
  if (platform === 'darwin') return env.SSH_CONNECTION ? null : { command: 'open', args: (url) => [url] };
  // Explorer hands a URL to the default browser, without cmd's `start` quoting and `&` pitfalls.
  if (platform === 'win32') return { command: 'explorer.exe', args: (url) => [url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  return { command: 'xdg-open', args: (url) => [url] };
}

/** Opens `url` in the desktop's browser if there is one; returns whether it tried. Never throws. */
export function openInBrowser(url: string): boolean {
  const opener = browserOpener();
  if (!opener) return false;
  try {
    const child = spawn(opener.command, opener.args(url), { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
