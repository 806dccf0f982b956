import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { loadNetworkProfile, parseNetworkProfile } from './network-profile';
import type { ProfileFile } from './profile-file';

const file: ProfileFile = {
  channel: 'credit',
  chaincode: 'credit',
  orgs: {
    gov: {
      mspId: 'GovMSP',
      peerEndpoint: '127.0.0.1:7051',
      peerHostAlias: 'peer0.gov.example',
      tlsRootCertPath: 'orgs/gov/ca.pem',
      caCertPath: 'orgs/gov/ca.pem',
      caUrl: 'https://127.0.0.1:7054',
      caName: 'ca-gov',
      caTlsCertPath: 'orgs/gov/ca.pem',
    },
  },
  identities: [
    {
      org: 'gov',
      name: 'officer',
      mspId: 'GovMSP',
      attrs: { role: 'department', dept: 'tax' },
      certPath: 'orgs/gov/users/officer/cert.pem',
      keyPath: 'orgs/gov/users/officer/key.pem',
    },
  ],
};

describe('the network profile reader', () => {
  it('reads what the network scripts write, resolving paths against the profile directory', () => {
    const profile = parseNetworkProfile(file, '/data/network');

    assert.equal(profile.orgs.get('gov')?.tlsRootCertPath, '/data/network/orgs/gov/ca.pem');
    assert.equal(profile.orgs.get('gov')?.caUrl, 'https://127.0.0.1:7054');
    const officer = profile.identities.get('gov/officer');
    assert.equal(officer?.role, 'department');
    assert.equal(officer?.dept, 'tax');
    assert.equal(officer?.keyPath, '/data/network/orgs/gov/users/officer/key.pem');
  });

  it('refuses a malformed profile, listing every problem together', () => {
    const broken = {
      channel: '',
      chaincode: 'credit',
      orgs: { gov: { ...file.orgs.gov, peerEndpoint: 7051 } },
      identities: [
        { ...file.identities[0], attrs: { role: 'king' } },
        { ...file.identities[0], org: 'bank9' },
      ],
    };

    assert.throws(
      () => parseNetworkProfile(broken, '/data/network'),
      (error: Error) =>
        /orgs\.gov\.peerEndpoint/.test(error.message) &&
        /identities\[0\]\.attrs\.role/.test(error.message) &&
        /identities\[1\]\.org: unknown organization bank9/.test(error.message) &&
        /channel: expected a non-empty string/.test(error.message),
    );
  });

  it("reads the orderers' operations endpoints when the profile names them, and none when it does not", () => {
    const orderers = [{ name: 'orderer0', operationsUrl: 'http://10.213.0.10:9443/metrics' }];
    assert.deepEqual(parseNetworkProfile({ ...file, orderers }, '/data/network').orderers, orderers);
    assert.equal(parseNetworkProfile(file, '/data/network').orderers, undefined);
  });

  it('refuses an orderer entry without its name or endpoint', () => {
    assert.throws(
      () => parseNetworkProfile({ ...file, orderers: [{ name: 'orderer0' }, 'x'] }, '/data/network'),
      (error: Error) =>
        /orderers\[0\]\.operationsUrl: expected a non-empty string/.test(error.message) &&
        /orderers\[1\]\.name: expected a non-empty string/.test(error.message),
    );
  });

  it('names the missing file and how to create it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'network-profile-'));

    await assert.rejects(loadNetworkProfile(path.join(dir, 'none.json')), /npm run network:up/);
  });

  it('names the profile that is not JSON', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'network-profile-'));
    const profilePath = path.join(dir, 'gateway-profile.json');
    await writeFile(profilePath, '{"channel": ');

    await assert.rejects(loadNetworkProfile(profilePath), (error: Error) =>
      error.message.startsWith(`the gateway profile ${profilePath} is not JSON`),
    );
  });

  it('loads a profile file from disk', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'network-profile-'));
    const profilePath = path.join(dir, 'gateway-profile.json');
    await writeFile(profilePath, JSON.stringify(file));

    const profile = await loadNetworkProfile(profilePath);

    assert.equal(
      profile.identities.get('gov/officer')?.certPath,
      path.join(dir, 'orgs/gov/users/officer/cert.pem'),
    );
  });
});
