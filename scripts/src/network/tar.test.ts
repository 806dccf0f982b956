import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { gunzipSync } from 'node:zlib';
import { tarGz } from './tar';

describe('reproducible tar.gz', () => {
  const files = [{ name: 'connection.json', content: Buffer.from('{"address":"127.0.0.1:7055"}') }];

  it('produces the same bytes for the same input, so package ids are reproducible', () => {
    assert.deepEqual(tarGz(files), tarGz(files));
  });

  it('produces different bytes when a file changes', () => {
    const changed = [{ name: 'connection.json', content: Buffer.from('{"address":"127.0.0.1:8055"}') }];
    assert.notDeepEqual(tarGz(files), tarGz(changed));
  });

  it('writes a valid ustar entry: name, octal size, checksum and the content', () => {
    const tar = gunzipSync(tarGz(files));
    assert.equal(tar.subarray(0, 15).toString(), 'connection.json');
    assert.equal(tar.subarray(257, 262).toString(), 'ustar');
    assert.equal(parseInt(tar.subarray(124, 135).toString(), 8), files[0]?.content.length);
    const header = Buffer.from(tar.subarray(0, 512));
    const stored = parseInt(header.subarray(148, 154).toString(), 8);
    header.fill(' ', 148, 156);
    assert.equal(
      stored,
      header.reduce((sum, byte) => sum + byte, 0),
    );
    assert.equal(tar.subarray(512, 512 + 28).toString(), '{"address":"127.0.0.1:7055"}');
    assert.equal(tar.length % 512, 0);
  });

  it('refuses names longer than the ustar field', () => {
    assert.throws(() => tarGz([{ name: 'x'.repeat(101), content: Buffer.alloc(0) }]), /too long/);
  });
});
