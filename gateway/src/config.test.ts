import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { ConfigError, loadConfig, REPO_ROOT } from './config';

const GOV = { SME_GATEWAY_ORG: 'gov' };

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig(GOV, '/anywhere');

    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.logLevel, 'info');
    assert.equal(config.dataDir, path.join(REPO_ROOT, 'data'));
    assert.equal(
      config.profilePath,
      path.join(REPO_ROOT, 'data', 'network', 'orgs', 'gov', 'gateway-profile.json'),
    );
    assert.equal(config.tokensPath, path.join(REPO_ROOT, 'data', 'gateway', 'gov', 'tokens.json'));
  });

  it('resolves relative paths against the working directory and derives gateway files from the data dir', () => {
    const config = loadConfig(
      { ...GOV, SME_DATA_DIR: 'd', SME_GATEWAY_PROFILE: 'p.json', SME_GATEWAY_PORT: '0' },
      '/w',
    );

    assert.equal(config.dataDir, '/w/d');
    assert.equal(config.profilePath, '/w/p.json');
    assert.equal(config.checkpointDir, '/w/d/gateway/gov/checkpoints');
    assert.equal(config.port, 0);
  });

  it('requires the organization the service signs for, and refuses one the topology does not name', () => {
    assert.throws(() => loadConfig({}, '/w'), /SME_GATEWAY_ORG is required/);
    assert.throws(
      () => loadConfig({ SME_GATEWAY_ORG: 'bank9' }, '/w'),
      /SME_GATEWAY_ORG="bank9": expected one of gov, bank1/,
    );
  });

  it('gives each organization its own port (in topology order, shifted by SME_PORT_OFFSET), profile and files', () => {
    const bank2 = loadConfig({ SME_GATEWAY_ORG: 'bank2', SME_PORT_OFFSET: '7000' }, '/w');

    assert.equal(bank2.port, 10_002);
    assert.equal(bank2.portOffset, 7000, "kept for the orderers' operations ports (network health)");
    assert.equal(
      bank2.profilePath,
      path.join(REPO_ROOT, 'data', 'network', 'orgs', 'bank2', 'gateway-profile.json'),
    );
    assert.equal(bank2.tokensPath, path.join(REPO_ROOT, 'data', 'gateway', 'bank2', 'tokens.json'));
    assert.equal(loadConfig({ SME_GATEWAY_ORG: 'auditor', SME_GATEWAY_PORT: '4000' }, '/w').port, 4000);
  });

  it('reports every bad setting together', () => {
    const env = {
      SME_GATEWAY_PORT: '70000',
      SME_GATEWAY_HOST: 'bad host',
      SME_GATEWAY_LOG_LEVEL: 'loud',
      SME_DATA_DIR: ' ',
    };

    assert.throws(
      () => loadConfig({ ...GOV, ...env }, '/w'),
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
    assert.throws(() => loadConfig({ ...GOV, SME_GATEWAY_PORT: '3e3' }), ConfigError);
  });

  it('refuses to listen beyond loopback without TLS, and accepts it with a certificate and key', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'gateway.example']) {
      assert.throws(
        () => loadConfig({ ...GOV, SME_GATEWAY_HOST: host }, '/w'),
        (error: unknown) => error instanceof ConfigError && /SME_GATEWAY_TLS_CERT/.test(error.message),
        host,
      );
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) {
      assert.equal(loadConfig({ ...GOV, SME_GATEWAY_HOST: host }, '/w').tls, undefined, host);
    }

    const config = loadConfig(
      {
        ...GOV,
        SME_GATEWAY_HOST: '0.0.0.0',
        SME_GATEWAY_TLS_CERT: 'c.pem',
        SME_GATEWAY_TLS_KEY: '/k/key.pem',
      },
      '/w',
    );

    assert.deepEqual(config.tls, { certPath: '/w/c.pem', keyPath: '/k/key.pem' });
    assert.throws(() => loadConfig({ ...GOV, SME_GATEWAY_TLS_CERT: 'c.pem' }, '/w'), /set both or neither/);
  });

  it('reads token lifetimes as durations and refuses a default beyond the maximum', () => {
    const config = loadConfig({
      ...GOV,
      SME_GATEWAY_TOKEN_LIFETIME: '12h',
      SME_GATEWAY_TOKEN_MAX_LIFETIME: '30d',
    });

    assert.deepEqual(config.tokenLifetimes, { defaultSeconds: 43_200, maxSeconds: 2_592_000 });
    assert.deepEqual(loadConfig(GOV).tokenLifetimes, { defaultSeconds: 604_800, maxSeconds: 7_776_000 });
    assert.throws(() => loadConfig({ ...GOV, SME_GATEWAY_TOKEN_LIFETIME: '91d' }), /exceeds/);
    assert.throws(() => loadConfig({ ...GOV, SME_GATEWAY_TOKEN_MAX_LIFETIME: 'forever' }), /duration/);
    assert.throws(() => loadConfig({ ...GOV, SME_GATEWAY_RATE_LIMIT: '0' }), /positive integer/);
  });
});
