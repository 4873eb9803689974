// CALIBRATION_MIN_CHATS: a whole number of rated chats, at least 1, 30 by default.
import { ConfigError, loadConfig } from './config';

const ok = { CONVRS_WEBHOOK_SECRET: 's3cret' };

it('defaults to 30 rated chats and names the variable when it is wrong', () => {
  expect(loadConfig(ok).CALIBRATION_MIN_CHATS).toBe(30);
  expect(loadConfig({ ...ok, CALIBRATION_MIN_CHATS: '50' }).CALIBRATION_MIN_CHATS).toBe(50);
  for (const bad of ['0', '-3', '2.5', 'many']) {
    expect(() => loadConfig({ ...ok, CALIBRATION_MIN_CHATS: bad })).toThrow(ConfigError);
    expect(() => loadConfig({ ...ok, CALIBRATION_MIN_CHATS: bad })).toThrow(/CALIBRATION_MIN_CHATS/);
  }
});
