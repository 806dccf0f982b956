import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, afterAll } from '@jest/globals';
import { chaincodeBuild } from './chaincode';
import { installedDependencies } from './dependency-closure';
import type { Topology } from './topology';

function writePackage(dir: string, manifest: object): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
}

describe('installed dependencies of the chaincode', () => {
  const root = mkdtempSync(join(tmpdir(), 'closure-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  writePackage(join(root, 'chaincode'), { name: 'cc', dependencies: { api: '1', shim: '1' } });
  writePackage(join(root, 'node_modules', 'api'), {
    name: 'api',
    version: '1.0.0',
    dependencies: { ct: '^0.4' },
  });
  writePackage(join(root, 'node_modules', 'ct'), { name: 'ct', version: '0.4.1' });
  writePackage(join(root, 'node_modules', 'shim'), {
    name: 'shim',
    version: '1.0.0',
    dependencies: { ct: '0.3' },
  });
  writePackage(join(root, 'node_modules', 'shim', 'node_modules', 'ct'), { name: 'ct', version: '0.3.0' });
  writePackage(join(root, 'node_modules', 'unused'), { name: 'unused', version: '9.0.0' });

  it('follows dependencies transitively with the nearest node_modules first, and nothing else', () => {
    const paths = installedDependencies(join(root, 'chaincode'), root).map((entry) => entry.path);
    assert.deepEqual(paths, [
      join('node_modules', 'api'),
      join('node_modules', 'ct'),
      join('node_modules', 'shim'),
      join('node_modules', 'shim', 'node_modules', 'ct'),
    ]);
  });

  it('carries the installed manifest, so a changed version changes the list', () => {
    const before = installedDependencies(join(root, 'chaincode'), root);
    writePackage(join(root, 'node_modules', 'ct'), { name: 'ct', version: '0.4.0' });
    const afterChange = installedDependencies(join(root, 'chaincode'), root);
    assert.notDeepEqual(before, afterChange);
    assert.match(afterChange[1]?.manifest.toString() ?? '', /0\.4\.0/);
  });
});

describe('chaincode package fingerprint', () => {
  const root = mkdtempSync(join(tmpdir(), 'fingerprint-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  writePackage(join(root, 'chaincode'), { name: 'cc', dependencies: { api: '1' } });
  mkdirSync(join(root, 'chaincode', 'dist'));
  writeFileSync(join(root, 'chaincode', 'dist', 'index.js'), 'module.exports = {};');
  writePackage(join(root, 'node_modules', 'api'), { name: 'api', version: '1.0.0' });
  const orgs = [
    { key: 'gov', mspId: 'GovMSP', role: 'gov' },
    { key: 'bank1', mspId: 'Bank1MSP', role: 'bank' },
  ];
  const topology = {
    chaincode: {
      name: 'credit',
      path: 'chaincode',
      collectionsConfig: 'collections.json',
      endorsementPolicy: 'P',
      rawRecordCopies: 1,
    },
    peerOrgs: orgs,
  } as Topology;

  it('writes a business collection for each bank of the topology, so a new bank gets its own', () => {
    const before = chaincodeBuild(topology, root);
    const withBank = { ...topology, peerOrgs: [...orgs, { key: 'bank9', mspId: 'Bank9MSP', role: 'bank' }] };
    const after = chaincodeBuild(withBank as Topology, root);
    assert.notEqual(after.version, before.version);
    const written = JSON.parse(readFileSync(after.collectionsConfig ?? '', 'utf8')) as {
      name: string;
      policy: string;
    }[];
    assert.deepEqual(
      written.map((collection) => collection.name),
      ['govRawRecords', 'platformIndex', 'business_Bank1MSP', 'business_Bank9MSP', 'lenderRawRecords'],
    );
    assert.equal(written[3]?.policy, "OR('GovMSP.member','Bank9MSP.member')");
  });

  it('changes when an installed runtime dependency changes, so a deploy starts new servers', () => {
    const before = chaincodeBuild(topology, root).version;
    writePackage(join(root, 'node_modules', 'api'), { name: 'api', version: '1.0.1' });
    assert.notEqual(chaincodeBuild(topology, root).version, before);
  });

  it('ignores packages the chaincode does not load', () => {
    const before = chaincodeBuild(topology, root).version;
    writePackage(join(root, 'node_modules', 'eslint'), { name: 'eslint', version: '9.0.0' });
    assert.equal(chaincodeBuild(topology, root).version, before);
  });

  it('ignores compiled tests, their source maps and the testing helpers, which the servers never load', () => {
    const dist = join(root, 'chaincode', 'dist');
    mkdirSync(join(dist, 'testing'), { recursive: true });
    const before = chaincodeBuild(topology, root).version;
    writeFileSync(join(dist, 'index.test.js'), 'edited test;');
    writeFileSync(join(dist, 'index.test.js.map'), '{}');
    writeFileSync(join(dist, 'index.test.d.ts'), 'export {};');
    writeFileSync(join(dist, 'testing', 'fake-network.js'), 'edited helper;');
    writeFileSync(join(dist, 'testing', 'fake-network.js.map'), '{}');
    assert.equal(chaincodeBuild(topology, root).version, before);
  });

  it('changes when a compiled runtime file changes', () => {
    const before = chaincodeBuild(topology, root).version;
    mkdirSync(join(root, 'chaincode', 'dist', 'domain'), { recursive: true });
    writeFileSync(join(root, 'chaincode', 'dist', 'domain', 'rules.js'), 'exports.rule = 1;');
    const added = chaincodeBuild(topology, root).version;
    assert.notEqual(added, before);
    writeFileSync(join(root, 'chaincode', 'dist', 'domain', 'rules.js'), 'exports.rule = 2;');
    assert.notEqual(chaincodeBuild(topology, root).version, added);
  });

  it('follows the compiled runtime files of a workspace package the chaincode loads (the contract)', () => {
    const workspace = join(root, 'contract');
    writePackage(workspace, { name: 'contract', version: '0.1.0' });
    mkdirSync(join(workspace, 'dist'));
    writeFileSync(join(workspace, 'dist', 'index.js'), 'exports.limit = 1;');
    symlinkSync(join('..', 'contract'), join(root, 'node_modules', 'contract'));
    writePackage(join(root, 'chaincode'), { name: 'cc', dependencies: { api: '1', contract: '0.1.0' } });
    const before = chaincodeBuild(topology, root).version;
    writeFileSync(join(workspace, 'dist', 'index.test.js'), 'edited test;');
    assert.equal(chaincodeBuild(topology, root).version, before);
    writeFileSync(join(workspace, 'dist', 'index.js'), 'exports.limit = 2;');
    assert.notEqual(chaincodeBuild(topology, root).version, before);
  });
});
