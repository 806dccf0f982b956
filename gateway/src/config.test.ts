import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, REPO_ROOT } from './config';

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({}, '/anywhere');

    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.logLevel, 'info');
    assert.equal(config.dataDir, path.join(REPO_ROOT, 'data'));
    assert.equal(config.profilePath, path.join(REPO_ROOT, 'data', 'network', 'gateway-profile.json'));
    assert.equal(config.tokensPath, path.join(REPO_ROOT, 'data', 'gateway', 'tokens.json'));
  });

  it('resolves relative paths against the working directory and derives gateway files from the data dir', () => {
    const config = loadConfig(
      { SME_DATA_DIR: 'd', SME_GATEWAY_PROFILE: 'p.json', SME_GATEWAY_PORT: '0' },
      '/w',
    );

    assert.equal(config.dataDir, '/w/d');
    assert.equal(config.profilePath, '/w/p.json');
    assert.equal(config.checkpointDir, '/w/d/gateway/checkpoints');
    assert.equal(config.port, 0);
  });

  it('reports every bad setting together', () => {
    const env = {
      SME_GATEWAY_PORT: '70000',
      SME_GATEWAY_HOST: 'bad host',
      SME_GATEWAY_LOG_LEVEL: 'loud',
      SME_DATA_DIR: ' ',
    };

    assert.throws(
      () => loadConfig(env, '/w'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 4);
        assert.match(error.message, /SME_GATEWAY_PORT/);
        assert.match(error.message, /SME_GATEWAY_HOST/);
        assert.match(error.message, /SME_GATEWAY_LOG_LEVEL/);
        assert.match(error.message, /SME_DATA_DIR/);
        return true;
      },
    );
  });

  it('refuses a non-numeric port', () => {
    assert.throws(() => loadConfig({ SME_GATEWAY_PORT: '3e3' }), ConfigError);
  });
});
