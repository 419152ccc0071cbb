// The entry of install.js (scripts/build-site.mjs): see installer-api.ts.
import type { FlashEvent } from '../flash/core.js';
import { installKitFirmware } from './install.js';
import { describeInstallFailure, describeInstallStep } from './install-words.js';
import { INSTALLER_GLOBAL, type Installer } from './installer-api.js';

const installer: Installer = {
  async install(port, board, step) {
    try {
      const report = await installKitFirmware(port, board, (e: FlashEvent) => {
        const fraction = e.type === 'progress' ? (e.progress.phase === 'write' ? 0 : 0.5) + (e.progress.doneBytes / e.progress.totalBytes) * 0.5 : null;
        const text = describeInstallStep(e);
        if (text !== null || fraction !== null) step(text ?? '', fraction);
      });
      return { installed: true, text: `Installed and checked: the board answers as ${report.kit!.name} ${report.kit!.major}.${report.kit!.minor}.` };
    } catch (err) {
      return { installed: false, text: describeInstallFailure(err, board) };
    }
  },
};
(self as unknown as Record<string, Installer>)[INSTALLER_GLOBAL] = installer;
