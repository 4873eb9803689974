// ORPHAN_AFTER_MINUTES: a positive number of minutes (decimals allowed, as tests and demos use), 10 by default.
import { ConfigError, loadConfig } from './config';

const ok = { CONVRS_WEBHOOK_SECRET: 's3cret' };

it('defaults to 10 minutes, takes decimals, and names the variable when it is wrong', () => {
  expect(loadConfig(ok).ORPHAN_AFTER_MINUTES).toBe(10);
  expect(loadConfig({ ...ok, ORPHAN_AFTER_MINUTES: '0.05' }).ORPHAN_AFTER_MINUTES).toBe(0.05);
  for (const bad of ['0', '-3', 'soon', '2000']) {
    let err: unknown;
    try {
      loadConfig({ ...ok, ORPHAN_AFTER_MINUTES: bad });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('ORPHAN_AFTER_MINUTES');
  }
});
