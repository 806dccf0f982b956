import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { IdentityDirectory } from './identity-directory';
import { loadNetworkProfile } from './profile';

/** `<root>/orgs/{gov,bank1}/users/officer/{cert,key}.pem` and bank1's profile listing `identities`. */
async function networkDir(identities: object[]): Promise<{ root: string; profile: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'profile-'));
  for (const org of ['gov', 'bank1']) {
    const dir = path.join(root, 'orgs', org, 'users', 'officer');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'cert.pem'), 'cert');
    await writeFile(path.join(dir, 'key.pem'), 'key');
  }
  const profile = path.join(root, 'orgs', 'bank1', 'gateway-profile.json');
  const org = (mspId: string) => ({
    mspId,
    peerEndpoint: '127.0.0.1:1',
    peerHostAlias: 'p',
    tlsRootCertPath: 'ca.pem',
  });
  await writeFile(
    profile,
    JSON.stringify({
      channel: 'credit',
      chaincode: 'credit',
      orgs: { gov: org('GovMSP'), bank1: org('Bank1MSP') },
      identities,
    }),
  );
  return { root, profile };
}

const identity = (org: string, keyPath: string) => ({
  org,
  name: 'officer',
  attrs: { role: 'bank' },
  certPath: 'users/officer/cert.pem',
  keyPath,
});

describe("a service's profile", () => {
  it('loads when every identity is its organization’s, with files inside its folder', async () => {
    const { profile } = await networkDir([identity('bank1', 'users/officer/key.pem')]);

    const directory = await IdentityDirectory.load(profile, 'bank1');

    assert.equal(directory.find('bank1/officer')?.mspId, 'Bank1MSP');
  });

  it("is refused when it names another organization's identity", async () => {
    const { profile } = await networkDir([identity('gov', '../gov/users/officer/key.pem')]);

    await assert.rejects(
      loadNetworkProfile(profile, 'bank1'),
      /gov\/officer belongs to gov, not to this service's organization bank1/,
    );
  });

  it("is refused when its identity's key lies in another organization's folder, by path or by symbolic link", async () => {
    const byPath = await networkDir([identity('bank1', '../gov/users/officer/key.pem')]);
    const byLink = await networkDir([identity('bank1', 'users/officer/link.pem')]);
    await symlink(
      path.join(byLink.root, 'orgs', 'gov', 'users', 'officer', 'key.pem'),
      path.join(byLink.root, 'orgs', 'bank1', 'users', 'officer', 'link.pem'),
    );

    await assert.rejects(loadNetworkProfile(byPath.profile, 'bank1'), /key\.pem lies outside .*bank1/);
    await assert.rejects(loadNetworkProfile(byLink.profile, 'bank1'), /link\.pem lies outside .*bank1/);
  });

  it('resolves no identity of another organization, even from a profile read without the check', async () => {
    const { profile } = await networkDir([identity('gov', '../gov/users/officer/key.pem')]);
    const unchecked = await loadNetworkProfile(profile);

    const directory = new IdentityDirectory(unchecked, undefined, 'bank1');

    assert.equal(directory.find('gov/officer'), undefined);
  });
});
