import {
  bankCollection,
  invocationName,
  PLATFORM_INDEX_COLLECTION,
  type AccessRecord,
  type ConsentResponse,
} from '@sme-credit-ledger/contract';
import type { Network } from '@hyperledger/fabric-gateway';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { asOrgAdmin } from './support/fabric-cli';
import { connectAs, type Connection } from './support/fabric-client';
import { assertRefused, LedgerCaller } from './support/ledger-caller';
import { ensureNetwork, type TestProfile } from './support/network-cli';
import {
  blockFiles,
  chainHeight,
  compositeKey,
  decodeTransactions,
  NeedleScanner,
  removeSnapshot,
  sha256,
  takeSnapshot,
  textNeedles,
  type DecodedTransaction,
  type Needle,
  type Snapshot,
} from './support/privacy-scan';

/*
 * Issue 11, item 2, on the live network: Bank1 requests a consent from a company, the company authorises
 * it, Bank1 records a granted and a refused access, the company revokes. Then Bank2's admin fetches every
 * block of the run from the ordering service with Fabric's own CLI, reads Bank2's peer's block files and a
 * snapshot of its world state, and finds nothing of that business: no term, no record, no company code in
 * Bank1's transactions, no private key a company code could be hashed into.
 */

const SUNLUX = '91440605MA53KJ1C4K';
const BANK1 = 'bank1/officer';
const BANK2 = 'bank2/officer';
const COMPANY = 'gov/sunlux';
const rid = (): string => `conf-${randomUUID()}`;

/** An ISO time no other transaction uses: a needle for the consent's terms. */
function uniqueTime(offsetMs: number): string {
  return new Date(Date.now() + offsetMs + Math.floor(Math.random() * 1000)).toISOString();
}

describe('a bank never sees another bank’s business', { timeout: 300_000 }, () => {
  let profile: TestProfile;
  let ledger: LedgerCaller;
  let bank2: Connection;
  let startHeight = 0;
  const businessTxIds = new Set<string>();
  /** Transactions Bank1 itself submitted: the company is named nowhere in them. */
  const bank1TxIds = new Set<string>();
  const needles: Needle[] = [];
  /** SHA-256 of private keys that would name the company, as they would appear in a block. */
  const guessedKeyHashes = new Map<string, string>();
  let consentId = '';
  let granted: AccessRecord;
  const snapshots: Snapshot[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'sme-confidential-'));

  function bank2Network(): Network {
    return bank2.gateway.getNetwork(profile.channel);
  }

  before(async () => {
    profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
    bank2 = connectAs(profile, BANK2);
    await ledger.seedCompany(SUNLUX);
    startHeight = await chainHeight(bank2Network());

    const validFrom = uniqueTime(-600_000);
    const validUntil = uniqueTime(86_400_000);
    const reason = `moved to another lender ${randomUUID()}`;
    const requested = await ledger.submit<ConsentResponse>(
      BANK1,
      invocationName('consent', 'RequestConsent'),
      {
        requestId: rid(),
        uscc: SUNLUX,
        categories: ['TAX_PAYMENT', 'PATENTS'],
        purpose: 'ip-financing',
        validFrom,
        validUntil,
        usageLimit: 7,
      },
    );
    consentId = requested.consent.consentId;
    await ledger.submit(COMPANY, invocationName('consent', 'AuthoriseConsent'), {
      requestId: rid(),
      consentId,
    });
    const terms = { consentId, uscc: SUNLUX, purpose: 'ip-financing' };
    granted = await ledger.recordAccess(BANK1, { requestId: rid(), ...terms, categories: ['PATENTS'] });
    assert.equal(granted.outcome, 'granted');
    const refused = await ledger.recordAccess(BANK1, {
      requestId: rid(),
      ...terms,
      categories: ['COURT_JUDGEMENTS'],
    });
    assert.equal(refused.outcome, 'refused');
    const revoked = await ledger.submit<ConsentResponse>(
      COMPANY,
      invocationName('consent', 'RevokeConsent'),
      {
        requestId: rid(),
        consentId,
        reason,
      },
    );

    for (const entry of revoked.consent.history) businessTxIds.add(entry.txId);
    for (const access of [granted, refused]) {
      businessTxIds.add(access.txId);
      bank1TxIds.add(access.txId);
    }
    bank1TxIds.add(consentId);
    needles.push(
      ...textNeedles('validFrom', validFrom),
      ...textNeedles('validUntil', validUntil),
      ...textNeedles('revocation reason', reason),
      ...textNeedles('access time', granted.recordedAt),
      ...textNeedles('refusal detail', refused.refusalDetail ?? 'no detail'),
      ...textNeedles('consent JSON', '"purpose":"ip-financing"'),
      ...textNeedles('access JSON', '"outcome":"granted"'),
    );
    const day = granted.recordedAt.slice(0, 10);
    const keys: [string, string[]][] = [
      ['registered', [SUNLUX]],
      ['pendingRequests', [SUNLUX]],
      ['consentByCompany', [SUNLUX, consentId]],
      ['accessByCompany', [SUNLUX, granted.recordedAt, granted.accessId]],
      ['refusedAccesses', [SUNLUX, day]],
      ['consentByCompany', [SUNLUX]],
      ['consent', [consentId, SUNLUX]],
    ];
    for (const [family, attributes] of keys) {
      guessedKeyHashes.set(
        sha256(compositeKey(family, attributes)).toString('hex'),
        `${family}/${attributes.join('/')}`,
      );
    }
  });

  after(() => {
    for (const snapshot of snapshots) removeSnapshot(snapshot);
    bank2?.close();
    ledger?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('as Bank2’s admin, fetches every block of the run and finds nothing of Bank1’s consent or accesses', async () => {
    const height = await chainHeight(bank2Network());
    // Fabric's own CLI with Bank2's admin identity, from the ordering service: what Bank2 can always do.
    await asOrgAdmin(
      'bank2',
      `for n in $(seq ${startHeight} ${height - 1}); do ` +
        `peer channel fetch "$n" '${workDir}'/block-"$n".pb -o "$ORDERER_ADDRESS" -c "$CHANNEL_NAME" --tls --cafile "$ORDERER_CA" 2>/dev/null; done`,
    );
    const files = readdirSync(workDir).filter((name) => name.endsWith('.pb'));
    assert.equal(files.length, height - startHeight, 'every block of the run was fetched');

    const scanner = new NeedleScanner([...needles, ...textNeedles('company in Bank1 transactions', SUNLUX)]);
    const decoded: DecodedTransaction[] = [];
    const findings: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(join(workDir, file));
      const transactions = decodeTransactions(bytes, businessTxIds);
      decoded.push(...transactions);
      for (const needle of new NeedleScanner(needles).scan(bytes))
        findings.push(`${needle.label} in ${file}`);
      for (const tx of transactions.filter((candidate) => bank1TxIds.has(candidate.txId))) {
        // Bank1's own transactions carry its certificate, not the company's: the code must be nowhere.
        const envelope = Buffer.concat([
          ...tx.args,
          tx.response,
          tx.eventPayload,
          ...tx.writes.map((w) => Buffer.from(w.key)),
        ]);
        for (const needle of scanner.scan(envelope))
          findings.push(`${needle.label} in Bank1's tx ${tx.txId}`);
      }
    }
    assert.deepEqual(findings, []);
    assert.equal(
      new Set(decoded.map((tx) => tx.txId)).size,
      businessTxIds.size,
      'every business transaction seen',
    );
    for (const tx of decoded) {
      const [, argument, ...extra] = tx.args.map((arg) => arg.toString('utf8'));
      assert.deepEqual([argument, extra], ['{}', []], `${tx.txId}: the request is not in the block`);
      assert.deepEqual(
        tx.writes.filter((write) => write.namespace === profile.chaincode),
        [],
        'no public write',
      );
      for (const secret of [SUNLUX, 'ip-financing', 'PATENTS']) {
        assert.equal(tx.eventPayload.includes(secret), false, `${tx.eventName} event names ${secret}`);
        assert.equal(tx.response.includes(secret), false, `${tx.txId} answer names ${secret}`);
      }
      const collections = new Set(tx.hashedWrites.map((write) => write.collection));
      assert.deepEqual(
        [...collections].filter(
          (name) => name !== bankCollection('Bank1MSP') && name !== PLATFORM_INDEX_COLLECTION,
        ),
        [],
      );
      for (const write of tx.hashedWrites) {
        const guessed = guessedKeyHashes.get(write.keyHash.toString('hex'));
        assert.equal(guessed, undefined, `private key ${guessed ?? ''} is guessable from the company code`);
      }
    }
  });

  it('finds nothing of it in Bank2’s peer: its block files and a snapshot of its world state', async () => {
    const host = profile.orgs.bank2?.peerHostAlias ?? '';
    const scanner = new NeedleScanner(needles);
    for (const file of blockFiles(host, profile.channel)) {
      assert.deepEqual(
        scanner.scan(readFileSync(file)).map((needle) => needle.label),
        [],
        file,
      );
    }
    const snapshot = await takeSnapshot(
      'bank2',
      host,
      profile.channel,
      (await chainHeight(bank2Network())) - 1,
    );
    snapshots.push(snapshot);
    const hashes = snapshot.files.get('private_state_hashes.data') ?? Buffer.alloc(0);
    assert.ok(snapshot.files.has('public_state.data'));
    for (const [name, bytes] of snapshot.files) {
      assert.deepEqual(
        scanner.scan(bytes).map((needle) => needle.label),
        [],
        `${name} of Bank2's snapshot`,
      );
    }
    for (const [hash, key] of guessedKeyHashes) {
      assert.equal(hashes.includes(Buffer.from(hash, 'hex')), false, `${key} hashed in Bank2's world state`);
    }
  });

  it('lets Bank2 read none of it through the chaincode either, while Bank1 and the auditor can', async () => {
    await assertRefused(
      ledger.evaluate(BANK2, invocationName('consent', 'GetConsent'), { consentId }),
      'NOT_FOUND',
    );
    await assertRefused(
      ledger.evaluate(BANK2, invocationName('access', 'GetAccess'), { accessId: granted.accessId }),
      'NOT_FOUND',
    );
    await assertRefused(
      ledger.evaluate(BANK2, invocationName('consent', 'ListConsentsByBank'), { bankMspId: 'Bank1MSP' }),
      'NOT_AUTHORIZED',
    );
    for (const reader of [BANK1, 'auditor/auditor', COMPANY]) {
      const { consent } = await ledger.evaluate<ConsentResponse>(
        reader,
        invocationName('consent', 'GetConsent'),
        {
          consentId,
        },
      );
      assert.deepEqual([consent.uscc, consent.status, consent.purpose], [SUNLUX, 'revoked', 'ip-financing']);
    }
  });

  it('keeps Bank1’s business on Bank1’s own peer, and on no other bank’s', async () => {
    const getConsentOn = (mspId: string): Promise<ConsentResponse> =>
      ledger.evaluate<ConsentResponse>(
        BANK1,
        invocationName('consent', 'GetConsent'),
        { consentId },
        {
          endorsingOrganizations: [mspId],
        },
      );
    // Gov's peer pushes the collection to its members' peers at endorsement; allow a moment for it.
    for (let attempt = 1; ; attempt += 1) {
      try {
        assert.equal((await getConsentOn('Bank1MSP')).consent.consentId, consentId);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await sleep(250);
      }
    }
    // Bank1's own request, run on Bank2's peer: that peer holds the hash (every peer validates every block)
    // but not the value, and says so.
    await assert.rejects(
      getConsentOn('Bank2MSP'),
      /private data matching public hash version is not available/,
    );
  });
});
