import { realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultStateDir } from '../../src/state/checkpoint.js';

/** `npm test` on a museum PC leaves the exhibit's own state, logs and services alone. */
describe('the test suite runs in a home of its own', () => {
  const temp = realpathSync(tmpdir());
  it('HOME and every XDG folder are under the temporary folder', () => {
    const home = process.env.HOME!;
    expect(realpathSync(home).startsWith(`${temp}/`), `HOME=${home}`).toBe(true);
    for (const name of ['XDG_STATE_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME']) {
      expect(process.env[name]!.startsWith(`${home}/`), `${name}=${process.env[name]}`).toBe(true);
    }
    expect(homedir()).toBe(process.env.HOME);
  });
  it('so the exhibit state a test run would save lands there too', () => {
    expect(defaultStateDir().startsWith(process.env.XDG_STATE_HOME!)).toBe(true);
  });
});
