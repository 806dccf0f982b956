import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { ConfigError, loadConfig, REPO_ROOT } from './config';

const GOV = { SME_GATEWAY_ORG: 'gov' };

describe('salt settings', () => {
  it('keep client salts off and rotate the salt key daily by default', () => {
    const config = loadConfig(GOV, '/anywhere');

    assert.equal(config.allowClientSalt, false);
    assert.equal(config.saltKeyRotationMs, 24 * 3_600_000);
    assert.equal(config.saltKeyPath, path.join(REPO_ROOT, 'data', 'gateway', 'gov', 'salt-keys.json'));
  });

  it('read the key file from a secrets path, the rotation period and the client-salt switch', () => {
    const config = loadConfig(
      {
        ...GOV,
        SME_GATEWAY_SALT_KEY_FILE: '/run/secrets/salt-keys.json',
        SME_GATEWAY_SALT_KEY_ROTATION_HOURS: '6',
        SME_GATEWAY_ALLOW_CLIENT_SALT: 'true',
      },
      '/w',
    );

    assert.equal(config.saltKeyPath, '/run/secrets/salt-keys.json');
    assert.equal(config.saltKeyRotationMs, 6 * 3_600_000);
    assert.equal(config.allowClientSalt, true);
  });

  it('refuse a switch that is neither true nor false and a rotation of zero hours', () => {
    assert.throws(
      () =>
        loadConfig(
          { ...GOV, SME_GATEWAY_ALLOW_CLIENT_SALT: 'yes', SME_GATEWAY_SALT_KEY_ROTATION_HOURS: '0' },
          '/w',
        ),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 2,
    );
  });
});
