import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, it } from '@jest/globals';

// scripts/check-tracked.sh runs in `npm run lint`. Stop 22's CI failed because a worktree's `.fabric` and
// `data` links were committed: the patterns `/.fabric/` and `/data/` match folders only, not links to them.
const root = resolve(__dirname, '../../..');
const script = join(root, 'scripts/check-tracked.sh');

function git(repo: string, ...args: string[]): void {
  execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
}

function check(repo: string): { status: number | null; stderr: string } {
  const run = spawnSync('bash', [script, repo], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

describe('check-tracked.sh', () => {
  let repo = '';
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'check-tracked-'));
    git(repo, 'init', '-q');
    copyFileSync(join(root, '.gitignore'), join(repo, '.gitignore'));
    writeFileSync(join(repo, 'README.md'), 'scratch\n');
    git(repo, 'add', '.gitignore', 'README.md');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('passes a checkout that tracks only ordinary files', () => {
    assert.deepEqual(check(repo), { status: 0, stderr: '' });
  });

  it("refuses a committed link in place of the data folder, which the project's .gitignore now names", () => {
    symlinkSync('/nowhere/data-elsewhere', join(repo, 'data'));
    git(repo, 'add', '-f', 'data');
    const result = check(repo);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /tracked but git-ignored[^\n]*\ndata\n/);
    assert.match(result.stderr, /tracked symbolic links[^\n]*\ndata\n/);
  });

  it('refuses any tracked symbolic link, ignored or not', () => {
    symlinkSync('README.md', join(repo, 'readme-link'));
    git(repo, 'add', 'readme-link');
    const result = check(repo);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /tracked symbolic links[^\n]*\nreadme-link\n/);
    assert.doesNotMatch(result.stderr, /git-ignored/);
  });

  it('the .gitignore keeps a plain `git add` of a .fabric link out', () => {
    symlinkSync('/nowhere/.fabric', join(repo, '.fabric'));
    const added = spawnSync('git', ['-C', repo, 'add', '.fabric'], { encoding: 'utf8' });
    assert.notEqual(added.status, 0);
    assert.match(added.stderr, /ignored/);
  });
});
