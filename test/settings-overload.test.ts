import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readSettings, SettingsError } from '../src/settings.js';

describe('readSettings: NEDETID_MAX_LOOP_DELAY_MS', () => {
  test('the overload guard answers 503 above 1 s of event loop delay unless set; 0 turns it off', () => {
    assert.equal(readSettings({}).maxLoopDelayMs, 1000);
    assert.equal(readSettings({ NEDETID_MAX_LOOP_DELAY_MS: '250' }).maxLoopDelayMs, 250);
    assert.equal(readSettings({ NEDETID_MAX_LOOP_DELAY_MS: '0' }).maxLoopDelayMs, 0);
  });

  test('anything but a whole number of milliseconds is refused, naming the setting', () => {
    for (const value of ['abc', '-1', '1.5', '1s']) {
      assert.throws(
        () => readSettings({ NEDETID_MAX_LOOP_DELAY_MS: value }),
        (err) =>
          err instanceof SettingsError &&
          err.message ===
            `NEDETID_MAX_LOOP_DELAY_MS '${value}' must be a whole number of milliseconds (0 turns the overload guard off)`,
      );
    }
  });
});
