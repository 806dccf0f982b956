import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/*
 * Raw records leave the chaincode sealed to a key of the reader's choosing: `access:ReadAuthorizedRecords`
 * can be submitted by any client (Fabric's evaluate-only label is metadata), and a submitted response is kept
 * in a block on every peer, where purge never reaches it. Only node:crypto is used, so this module stays
 * usable by the chaincode, the gateway and a bank's own client alike, and the scheme is defined once.
 *
 * Scheme: X25519 between a fresh sender key pair and the reader's public key; HKDF-SHA256 over the shared
 * secret, salted with both public keys (sender then reader), info = the scheme name, 32 bytes; AES-256-GCM
 * with a 12-byte nonce, a 16-byte tag and the caller's associated data.
 */
export const SEALING_SCHEME = 'X25519-HKDF-SHA256-A256GCM';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL_KEY = /^[A-Za-z0-9_-]{43}$/;

/** Ciphertext and what the reader needs to open it; every binary field is base64url. */
export interface SealedBox {
  scheme: typeof SEALING_SCHEME;
  /** The sender's one-time X25519 public key (32 raw bytes). */
  senderKey: string;
  nonce: string;
  ciphertext: string;
  tag: string;
}

/** A public key, a private key or a sealed box that cannot be used. */
export class SealingError extends Error {
  override readonly name = 'SealingError';
}

/** A one-time X25519 key pair for one read; `publicKey` is the transient value the chaincode expects. */
export function newReaderKeyPair(): { publicKey: string; privateKey: KeyObject } {
  return newX25519Pair();
}

/**
 * A fresh X25519 pair, encoded by the key generation itself. Exporting a KeyObject that generateKeyPairSync
 * returned can deadlock Node 20's main thread: the export holds the key's mutex while it allocates, the
 * allocation runs a GC, and the GC destroys the finished key-generation job, which takes the same mutex (seen
 * as a unit test stuck at 0 % CPU in a futex wait; gdb: ExportJWKEdKey → GC → ~KeyGenJob → mutex lock). Keys
 * generated already encoded, then parsed, share no mutex with that job.
 */
function newX25519Pair(): { publicKey: string; privateKey: KeyObject } {
  const pair = generateKeyPairSync('x25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  return {
    publicKey: rawFromSpki(pair.publicKey),
    privateKey: createPrivateKey({ key: pair.privateKey, format: 'der', type: 'pkcs8' }),
  };
}

/**
 * Parses a reader's public key: base64url of the 32 raw bytes of an X25519 key.
 * @throws SealingError when the text is missing or is not such a key.
 */
export function parseReaderKey(text: string | undefined): KeyObject {
  if (text === undefined || !BASE64URL_KEY.test(text)) {
    throw new SealingError('an X25519 public key is 32 bytes in base64url (43 characters, no padding)');
  }
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: text }, format: 'jwk' });
  } catch (error) {
    throw new SealingError(`not an X25519 public key: ${(error as Error).message}`);
  }
}

/**
 * Encrypts `plaintext` to `readerKey`, bound to `associatedData`. Random by design: a fresh sender key and
 * nonce per call (see chaincode/README.md on why that is acceptable under a single endorser).
 * @throws SealingError for a key with no usable shared secret (a low-order point).
 */
export function seal(plaintext: string, readerKey: KeyObject, associatedData: string): SealedBox {
  const sender = newX25519Pair();
  const key = sealingKey(sender.privateKey, readerKey, sender.publicKey, rawPublicKey(readerKey));
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    scheme: SEALING_SCHEME,
    senderKey: sender.publicKey,
    nonce: nonce.toString('base64url'),
    ciphertext: ciphertext.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

/**
 * Decrypts a box sealed to the public half of `privateKey` with the same associated data.
 * @throws SealingError for another key, other associated data or a modified box.
 */
export function open(box: SealedBox | undefined, privateKey: KeyObject, associatedData: string): string {
  const fields = [box?.senderKey, box?.nonce, box?.ciphertext, box?.tag];
  if (box?.scheme !== SEALING_SCHEME || fields.some((field) => typeof field !== 'string')) {
    throw new SealingError(`not a sealed box of scheme ${SEALING_SCHEME}`);
  }
  const senderKey = parseReaderKey(box.senderKey);
  const nonce = Buffer.from(box.nonce, 'base64url');
  const tag = Buffer.from(box.tag, 'base64url');
  if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) {
    throw new SealingError('a sealed box has a 12-byte nonce and a 16-byte tag');
  }
  const readerPublic = rawPublicKey(createPublicKey(privateKey));
  const key = sealingKey(privateKey, senderKey, box.senderKey, readerPublic);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    const plain = Buffer.concat([
      decipher.update(Buffer.from(box.ciphertext, 'base64url')),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch {
    throw new SealingError('the sealed box does not open with this key and associated data');
  }
}

function sealingKey(
  privateKey: KeyObject,
  publicKey: KeyObject,
  senderKey: string,
  readerKey: string,
): Buffer {
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey, publicKey });
  } catch (error) {
    throw new SealingError(`no shared secret with this key: ${(error as Error).message}`);
  }
  const salt = Buffer.concat([Buffer.from(senderKey, 'base64url'), Buffer.from(readerKey, 'base64url')]);
  return Buffer.from(hkdfSync('sha256', shared, salt, SEALING_SCHEME, KEY_BYTES));
}

function rawPublicKey(key: KeyObject): string {
  return rawFromSpki(key.export({ type: 'spki', format: 'der' }));
}

/** SubjectPublicKeyInfo of X25519 (RFC 8410): a fixed 12-byte header, then the 32 raw bytes. */
const X25519_SPKI_HEADER = Buffer.from('302a300506032b656e032100', 'hex');

function rawFromSpki(der: Buffer): string {
  if (
    der.length !== X25519_SPKI_HEADER.length + KEY_BYTES ||
    !der.subarray(0, 12).equals(X25519_SPKI_HEADER)
  ) {
    throw new SealingError('not an X25519 key');
  }
  return der.subarray(X25519_SPKI_HEADER.length).toString('base64url');
}
