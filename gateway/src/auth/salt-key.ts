import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The gateway's secret for deriving record salts (services/attestation-service.ts): 32 bytes from
 * crypto.randomBytes, created on first start, owner-only. Losing it loses nothing recorded; it only changes
 * salts of future requests.
 */
export async function loadOrCreateSaltKey(filePath: string): Promise<Buffer> {
  try {
    const key = Buffer.from((await readFile(filePath, 'utf8')).trim(), 'hex');
    if (key.length === 32) {
      return key;
    }
    throw new Error(`${filePath} does not hold a 32-byte hex key; remove it to generate a new one`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx': two processes starting at once cannot both write; the loser reads the winner's key.
  try {
    await writeFile(filePath, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return loadOrCreateSaltKey(filePath);
    }
    throw error;
  }
}
