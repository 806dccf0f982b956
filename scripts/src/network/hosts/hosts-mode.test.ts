import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, afterAll } from '@jest/globals';
import { makeLayout, repoRoot } from '../layout';
import { loadTopology } from '../topology';
import { applyHostsFlag, recordHostsMode } from './hosts-mode';

describe('a data dir keeps its hosts mode', () => {
  const work = mkdtempSync(join(tmpdir(), 'hosts-mode-'));
  const topologyFile = join(repoRoot, 'network', 'topology.json');
  const netns = loadTopology(topologyFile, 0, { SME_HOSTS: 'netns' });
  const loopback = loadTopology(topologyFile, 0, {});
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('records netns mode, and later commands without --hosts act on the same hosts', () => {
    const layout = makeLayout(join(work, 'a', 'network'), work);
    recordHostsMode(netns, layout);
    const env: NodeJS.ProcessEnv = {};

    applyHostsFlag([], layout, env);

    assert.equal(env.SME_HOSTS, 'netns');
  });

  it('lets --hosts and SME_HOSTS override the record, and refuses an unknown mode', () => {
    const layout = makeLayout(join(work, 'b', 'network'), work);
    recordHostsMode(netns, layout);
    const flagged: NodeJS.ProcessEnv = {};
    const preset: NodeJS.ProcessEnv = { SME_HOSTS: 'loopback' };

    applyHostsFlag(['--hosts', 'loopback'], layout, flagged);
    applyHostsFlag([], layout, preset);

    assert.equal(flagged.SME_HOSTS, 'loopback');
    assert.equal(preset.SME_HOSTS, 'loopback');
    assert.throws(() => applyHostsFlag(['--hosts', 'docker'], layout, {}), /netns/);
  });

  it('refuses to switch a data dir made in one mode to the other: its certificates name other addresses', () => {
    const madeInLoopback = makeLayout(join(work, 'c', 'network'), work);
    mkdirSync(join(madeInLoopback.root, 'orgs'), { recursive: true });
    const madeInNetns = makeLayout(join(work, 'd', 'network'), work);
    recordHostsMode(netns, madeInNetns);

    assert.throws(() => recordHostsMode(netns, madeInLoopback), /made in loopback mode.*network reset/s);
    assert.throws(() => recordHostsMode(loopback, madeInNetns), /made in netns mode/);
    assert.doesNotThrow(() => recordHostsMode(loopback, madeInLoopback));
  });
});
