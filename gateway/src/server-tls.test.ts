import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { Agent, request } from 'undici';
import { appWith, ledgerWithCatalog } from './testing/test-app';

/** A throw-away self-signed certificate for 127.0.0.1, made by the openssl CLI for this test only. */
async function selfSigned(): Promise<{ cert: Buffer; key: Buffer }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gateway-tls-'));
  const [certPath, keyPath] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return { cert: await readFile(certPath), key: await readFile(keyPath) };
}

describe('TLS', () => {
  it('serves HTTPS with the configured certificate and key', async () => {
    const https = await selfSigned();
    const app = await appWith(ledgerWithCatalog(), { https });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const dispatcher = new Agent({ connect: { ca: https.cert } });

      const response = await request(`https://127.0.0.1:${port}/health/live`, { dispatcher });

      assert.equal(response.statusCode, 200);
      assert.deepEqual(await response.body.json(), { status: 'ok' });
      await dispatcher.close();
    } finally {
      await app.close();
    }
  });
});
