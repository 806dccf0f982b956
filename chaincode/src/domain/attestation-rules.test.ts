import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from '@jest/globals';
import type { Uscc } from './uscc';
import {
  canonicalRecord,
  findMatchingAttestation,
  nextAttestation,
  parseBatch,
  parseRecordText,
  parseSalt,
  recordHash,
  saltFingerprint,
} from './attestation-rules';

const SALT_HEX = '00112233445566778899aabbccddeeff';
const input = {
  uscc: '91441300MA4UQ7R20Q' as Uscc,
  category: 'TAX_PAYMENT',
  schemaVersion: 1,
  effectiveDate: '2026-10-01',
  canonicalRecord: '{"paid":1200,"year":2025}',
  salt: SALT_HEX,
};
const tx = {
  algorithm: 'sha256' as const,
  department: 'TAX',
  txId: 'tx1',
  txTime: '2026-11-29T06:00:00.000Z',
};

describe('parseSalt', () => {
  it('accepts 16 random bytes as hex, base64 and base64url', () => {
    assert.equal(parseSalt(SALT_HEX), SALT_HEX);
    assert.equal(parseSalt('ABEiM0RVZneImaq7zN3u/w=='), 'ABEiM0RVZneImaq7zN3u/w==');
    assert.equal(parseSalt('ABEiM0RVZneImaq7zN3u_w'), 'ABEiM0RVZneImaq7zN3u_w');
  });

  it('refuses salts shorter than 128 bits', () => {
    assert.throws(
      () => parseSalt('00112233445566778899aabbccddee'),
      /VALIDATION_FAILED: salt must be hex or base64 of at least 16/,
    );
  });

  it('refuses a placeholder salt of one repeated byte', () => {
    assert.throws(() => parseSalt('0'.repeat(32)), /VALIDATION_FAILED: salt must be random bytes/);
  });

  it('refuses a missing salt, a non-encoded salt and an oversized one', () => {
    assert.throws(
      () => parseSalt(undefined),
      /VALIDATION_FAILED: salt is required in transient field "salt"/,
    );
    assert.throws(() => parseSalt('not a salt at all, just some words!!'), /VALIDATION_FAILED/);
    assert.throws(() => parseSalt('a'.repeat(300)), /LIMIT_EXCEEDED/);
  });

  it('fingerprints the salt bytes so one salt in two encodings is the same salt', () => {
    assert.equal(saltFingerprint(SALT_HEX), saltFingerprint('ABEiM0RVZneImaq7zN3u/w=='));
    assert.notEqual(saltFingerprint(SALT_HEX), saltFingerprint('ffeeddccbbaa99887766554433221100'));
  });
});

describe('records and hashes', () => {
  it('canonicalizes the record before hashing so member order does not matter', () => {
    assert.equal(parseRecordText('{ "year": 2025, "paid": 1200 }'), '{"paid":1200,"year":2025}');
  });

  it('refuses records that are not JSON objects', () => {
    assert.throws(() => parseRecordText('[1,2]'), /VALIDATION_FAILED: record must be a JSON object/);
    assert.throws(
      () => parseRecordText(undefined),
      /VALIDATION_FAILED: record is required in transient field "record"/,
    );
    assert.throws(() => parseRecordText('{oops'), /VALIDATION_FAILED/);
  });

  it('refuses records over 64 KiB', () => {
    assert.throws(
      () => canonicalRecord({ blob: 'x'.repeat(64 * 1024) }),
      /LIMIT_EXCEEDED: record must be at most 65536 bytes/,
    );
  });

  it('hashes the salt followed by the canonical record with sha256', () => {
    const expected = createHash('sha256').update(`${SALT_HEX}{"paid":1200,"year":2025}`).digest('hex');
    assert.equal(recordHash('sha256', SALT_HEX, '{"paid":1200,"year":2025}'), expected);
  });

  it('gives a different hash for the same record with another salt', () => {
    assert.notEqual(
      recordHash('sha256', SALT_HEX, '{}'),
      recordHash('sha256', 'ffeeddccbbaa99887766554433221100', '{}'),
    );
  });
});

describe('nextAttestation', () => {
  it('starts at version 1 with the proof fields', () => {
    const attestation = nextAttestation(input, tx, undefined);
    assert.deepEqual(attestation, {
      uscc: input.uscc,
      category: 'TAX_PAYMENT',
      version: 1,
      algorithm: 'sha256',
      hash: recordHash('sha256', SALT_HEX, input.canonicalRecord),
      schemaVersion: 1,
      effectiveDate: '2026-10-01',
      department: 'TAX',
      txId: 'tx1',
      attestedAt: '2026-11-29T06:00:00.000Z',
    });
  });

  it('supersedes the previous version and links to it', () => {
    const first = nextAttestation(input, tx, undefined);
    const second = nextAttestation(
      { ...input, salt: 'ffeeddccbbaa99887766554433221100' },
      { ...tx, txId: 'tx2' },
      first,
    );
    assert.equal(second.version, 2);
    assert.equal(second.supersedesTxId, 'tx1');
  });

  it('finds which version a record and salt reproduce', () => {
    const first = nextAttestation(input, tx, undefined);
    const second = nextAttestation(
      { ...input, canonicalRecord: '{"paid":1300}', salt: 'ffeeddccbbaa99887766554433221100' },
      { ...tx, txId: 'tx2' },
      first,
    );
    assert.equal(findMatchingAttestation([first, second], SALT_HEX, input.canonicalRecord)?.txId, 'tx1');
    assert.equal(findMatchingAttestation([first, second], SALT_HEX, '{"paid":1300}'), undefined);
  });
});

describe('parseBatch', () => {
  const item = (uscc: string, category: string, salt: string) => ({
    uscc,
    category,
    schemaVersion: 1,
    effectiveDate: '2026-10-01',
    record: { a: 1 },
    salt,
  });

  it('parses every item and canonicalizes its record', () => {
    const items = parseBatch(JSON.stringify([item('91441300MA4UQ7R20Q', 'TAX_PAYMENT', SALT_HEX)]));
    assert.equal(items[0]?.canonicalRecord, '{"a":1}');
  });

  it('refuses more than 500 items', () => {
    const many = Array.from({ length: 501 }, (_, i) =>
      item('91441300MA4UQ7R20Q', 'TAX_PAYMENT', `${String(i).padStart(32, '0')}`),
    );
    assert.throws(
      () => parseBatch(JSON.stringify(many)),
      /LIMIT_EXCEEDED: batch may hold at most 500 records, got 501/,
    );
  });

  it('refuses a salt used twice in one batch', () => {
    const batch = [
      item('91441300MA4UQ7R20Q', 'TAX_PAYMENT', SALT_HEX),
      item('91440605MA53KJ1C4K', 'TAX_PAYMENT', SALT_HEX),
    ];
    assert.throws(() => parseBatch(JSON.stringify(batch)), /SALT_REUSED/);
  });

  it('refuses two records for the same company and category', () => {
    const batch = [
      item('91441300MA4UQ7R20Q', 'TAX_PAYMENT', SALT_HEX),
      item('91441300MA4UQ7R20Q', 'TAX_PAYMENT', 'ffeeddccbbaa99887766554433221100'),
    ];
    assert.throws(
      () => parseBatch(JSON.stringify(batch)),
      /VALIDATION_FAILED: each batch item needs its own company and category/,
    );
  });

  it('refuses an item with an invalid USCC', () => {
    assert.throws(
      () => parseBatch(JSON.stringify([item('91441300MA4UQ7R20X', 'TAX_PAYMENT', SALT_HEX)])),
      /INVALID_USCC/,
    );
  });

  it('refuses an empty batch and a missing one', () => {
    assert.throws(() => parseBatch('[]'), /VALIDATION_FAILED/);
    assert.throws(() => parseBatch(undefined), /VALIDATION_FAILED: batch is required/);
  });
});
