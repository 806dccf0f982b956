import {
  bankCollection,
  invocationName,
  PLATFORM_INDEX_COLLECTION,
  type AccessRecord,
  type ConsentResponse,
} from '@sme-credit-ledger/contract';
import type { Network } from '@hyperledger/fabric-gateway';
import { msp } from '@hyperledger/fabric-protos';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { asOrgAdmin } from './support/fabric-cli';
import { connectAs, type Connection } from './support/fabric-client';
import { assertRefused, LedgerCaller } from './support/ledger-caller';
import { ensureNetwork, type TestProfile } from './support/network-cli';
import type { PeerOrg } from '@sme-credit-ledger/scripts/topology';
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
import { banks, officerOf, peerOrgs } from './support/topology';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

/*
 * Issue 11, item 2, on the live network, for every bank of the topology (issue 13: a bank added there is
 * covered unchanged): each bank requests a consent from a company, the company authorises it, the bank
 * records a granted and a refused access, the company revokes. Then each bank's admin fetches every block of
 * the run from the ordering service with Fabric's own CLI, reads its own peer's block files and a snapshot of
 * its world state, and finds nothing of the other banks' business: no term, no record, no company code in
 * their transactions, no private key a company code could be hashed into.
 */

const SUNLUX = '91440605MA53KJ1C4K';
const COMPANY = 'gov/sunlux';
const PURPOSE = 'ip-financing';
const rid = (): string => `conf-${randomUUID()}`;

/** An ISO time no other transaction uses: a needle for the consent's terms. */
function uniqueTime(offsetMs: number): string {
  return new Date(Date.now() + offsetMs + Math.floor(Math.random() * 1000)).toISOString();
}

/** One bank's business of this run, and what would betray it to another bank. */
interface Business {
  bank: PeerOrg;
  officer: string;
  consentId: string;
  granted: AccessRecord;
  /** Every transaction of this business: the bank's and the company's. */
  txIds: Set<string>;
  /** Transactions the bank itself submitted: the company is named nowhere in them. */
  bankTxIds: Set<string>;
  needles: Needle[];
  /** SHA-256 of private keys that would name the company, as they would appear in a block. */
  guessedKeyHashes: Map<string, string>;
}

/** The MSP ids a collection's member policy names, from the committed definition in `peer` CLI JSON. */
interface CommittedCollection {
  name: string;
  members: string[];
  memberOnlyRead: boolean;
  memberOnlyWrite: boolean;
}

function committedCollections(json: string): CommittedCollection[] {
  interface Config {
    Payload: {
      StaticCollectionConfig: {
        name: string;
        member_orgs_policy: { Payload: { SignaturePolicy: { identities: { principal: string }[] } } };
        member_only_read?: boolean;
        member_only_write?: boolean;
      };
    };
  }
  const definition = JSON.parse(json) as { collections: { config: Config[] } };
  return definition.collections.config.map(({ Payload: { StaticCollectionConfig: config } }) => ({
    name: config.name,
    members: config.member_orgs_policy.Payload.SignaturePolicy.identities.map((identity) =>
      msp.MSPRole.deserializeBinary(Buffer.from(identity.principal, 'base64')).getMspIdentifier(),
    ),
    memberOnlyRead: config.member_only_read === true,
    memberOnlyWrite: config.member_only_write === true,
  }));
}

describe('a bank never sees another bank’s business', () => {
  let profile: TestProfile;
  let ledger: LedgerCaller;
  const connections = new Map<string, Connection>();
  let startHeight = 0;
  const businesses: Business[] = [];
  const snapshots: Snapshot[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'sme-confidential-'));

  function networkOf(bank: PeerOrg): Network {
    let connection = connections.get(bank.key);
    if (connection === undefined) {
      connection = connectAs(profile, officerOf(bank));
      connections.set(bank.key, connection);
    }
    return connection.gateway.getNetwork(profile.channel);
  }

  const othersThan = (bank: PeerOrg): Business[] =>
    businesses.filter((business) => business.bank.key !== bank.key);

  async function runBusiness(bank: PeerOrg): Promise<Business> {
    const officer = officerOf(bank);
    const validFrom = uniqueTime(-600_000);
    const validUntil = uniqueTime(86_400_000);
    const reason = `moved to another lender ${randomUUID()}`;
    const requested = await ledger.submit<ConsentResponse>(
      officer,
      invocationName('consent', 'RequestConsent'),
      {
        requestId: rid(),
        uscc: SUNLUX,
        categories: ['TAX_PAYMENT', 'PATENTS'],
        purpose: PURPOSE,
        validFrom,
        validUntil,
        usageLimit: 7,
      },
    );
    const consentId = requested.consent.consentId;
    await ledger.submit(COMPANY, invocationName('consent', 'AuthoriseConsent'), {
      requestId: rid(),
      consentId,
    });
    const terms = { consentId, uscc: SUNLUX, purpose: PURPOSE };
    const granted = await ledger.recordAccess(officer, {
      requestId: rid(),
      ...terms,
      categories: ['PATENTS'],
    });
    assert.equal(granted.outcome, 'granted');
    const refused = await ledger.recordAccess(officer, {
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

    const txIds = new Set(revoked.consent.history.map((entry) => entry.txId));
    const bankTxIds = new Set([consentId, granted.txId, refused.txId]);
    for (const access of [granted, refused]) txIds.add(access.txId);
    const needles = [
      ...textNeedles(`${bank.key} validFrom`, validFrom),
      ...textNeedles(`${bank.key} validUntil`, validUntil),
      ...textNeedles(`${bank.key} revocation reason`, reason),
      ...textNeedles(`${bank.key} access time`, granted.recordedAt),
      ...textNeedles(`${bank.key} refusal detail`, refused.refusalDetail ?? 'no detail'),
      // A purpose alone is public too (an IP-backed product states it), so match a consent record's and a
      // consent receipt's own canonical key order after it.
      ...textNeedles('consent JSON', `"purpose":"${PURPOSE}","receiptHash":"`),
      ...textNeedles('consent receipt JSON', `"purpose":"${PURPOSE}","uscc":"`),
      ...textNeedles('access JSON', '"outcome":"granted"'),
    ];
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
    const guessedKeyHashes = new Map(
      keys.map(([family, attributes]) => [
        sha256(compositeKey(family, attributes)).toString('hex'),
        `${family}/${attributes.join('/')}`,
      ]),
    );
    return { bank, officer, consentId, granted, txIds, bankTxIds, needles, guessedKeyHashes };
  }

  beforeAll(async () => {
    assert.ok(banks.length >= 2, 'the topology names at least two banks');
    profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
    await ledger.seedCompany(SUNLUX);
    startHeight = await chainHeight(networkOf(banks[0] as PeerOrg));
    for (const bank of banks) businesses.push(await runBusiness(bank));
  });

  afterAll(() => {
    for (const snapshot of snapshots) removeSnapshot(snapshot);
    for (const connection of connections.values()) connection.close();
    ledger?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('gives every bank its own member-only business collection in the committed chaincode definition', async () => {
    const collections = committedCollections(
      await asOrgAdmin(
        'gov',
        'peer lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -O json',
      ),
    );
    const nonBanks = peerOrgs.filter((org) => org.role !== 'bank').map((org) => org.mspId);
    for (const bank of banks) {
      const collection = collections.find((candidate) => candidate.name === bankCollection(bank.mspId));
      assert.ok(collection !== undefined, `${bankCollection(bank.mspId)} is in the definition`);
      assert.deepEqual(
        [...collection.members].sort(),
        [...nonBanks, bank.mspId].sort(),
        `${collection.name}: gov, the bank and the auditor only`,
      );
      assert.deepEqual([collection.memberOnlyRead, collection.memberOnlyWrite], [true, true]);
    }
  });

  for (const observer of banks) {
    it(`as ${observer.key}’s admin, fetches every block of the run and finds nothing of another bank’s consent or accesses`, async () => {
      const dir = join(workDir, observer.key);
      const height = await chainHeight(networkOf(observer));
      // Fabric's own CLI with the observer's admin identity, from the ordering service: what a bank can always do.
      await asOrgAdmin(
        observer.key,
        `mkdir -p '${dir}'; for n in $(seq ${startHeight} ${height - 1}); do ` +
          `peer channel fetch "$n" '${dir}'/block-"$n".pb -o "$ORDERER_ADDRESS" -c "$CHANNEL_NAME" --tls --cafile "$ORDERER_CA" 2>/dev/null; done`,
      );
      const files = readdirSync(dir).filter((name) => name.endsWith('.pb'));
      assert.equal(files.length, height - startHeight, 'every block of the run was fetched');

      const others = othersThan(observer);
      const needles = others.flatMap((business) => business.needles);
      const txIds = new Set(others.flatMap((business) => [...business.txIds]));
      const decoded: DecodedTransaction[] = [];
      const findings: string[] = [];
      for (const file of files) {
        const bytes = readFileSync(join(dir, file));
        const transactions = decodeTransactions(bytes, txIds);
        decoded.push(...transactions);
        for (const needle of new NeedleScanner(needles).scan(bytes))
          findings.push(`${needle.label} in ${file}`);
        for (const business of others) {
          const scanner = new NeedleScanner([
            ...business.needles,
            ...textNeedles(`company in ${business.bank.key} transactions`, SUNLUX),
          ]);
          for (const tx of transactions.filter((candidate) => business.bankTxIds.has(candidate.txId))) {
            // A bank's own transactions carry its certificate, not the company's: the code must be nowhere.
            const envelope = Buffer.concat([
              ...tx.args,
              tx.response,
              tx.eventPayload,
              ...tx.writes.map((w) => Buffer.from(w.key)),
            ]);
            for (const needle of scanner.scan(envelope))
              findings.push(`${needle.label} in ${business.bank.key}'s tx ${tx.txId}`);
          }
        }
      }
      assert.deepEqual(findings, []);
      assert.equal(new Set(decoded.map((tx) => tx.txId)).size, txIds.size, 'every business transaction seen');
      for (const business of others) {
        for (const tx of decoded.filter((candidate) => business.txIds.has(candidate.txId))) {
          const [, argument, ...extra] = tx.args.map((arg) => arg.toString('utf8'));
          assert.deepEqual([argument, extra], ['{}', []], `${tx.txId}: the request is not in the block`);
          assert.deepEqual(
            tx.writes.filter((write) => write.namespace === profile.chaincode),
            [],
            'no public write',
          );
          for (const secret of [SUNLUX, PURPOSE, 'PATENTS']) {
            assert.equal(tx.eventPayload.includes(secret), false, `${tx.eventName} event names ${secret}`);
            assert.equal(tx.response.includes(secret), false, `${tx.txId} answer names ${secret}`);
          }
          const collections = new Set(tx.hashedWrites.map((write) => write.collection));
          assert.deepEqual(
            [...collections].filter(
              (name) => name !== bankCollection(business.bank.mspId) && name !== PLATFORM_INDEX_COLLECTION,
            ),
            [],
            `${tx.txId} writes only ${business.bank.key}'s collection and the index`,
          );
          for (const write of tx.hashedWrites) {
            const guessed = business.guessedKeyHashes.get(write.keyHash.toString('hex'));
            assert.equal(
              guessed,
              undefined,
              `private key ${guessed ?? ''} is guessable from the company code`,
            );
          }
        }
      }
    });

    it(`finds nothing of another bank’s business in ${observer.key}’s peer: its block files and a snapshot of its world state`, async () => {
      const host = profile.orgs[observer.key]?.peerHostAlias ?? '';
      const others = othersThan(observer);
      const scanner = new NeedleScanner(others.flatMap((business) => business.needles));
      for (const file of blockFiles(host, profile.channel)) {
        assert.deepEqual(
          scanner.scan(readFileSync(file)).map((needle) => needle.label),
          [],
          file,
        );
      }
      const snapshot = await takeSnapshot(
        observer.key,
        host,
        profile.channel,
        (await chainHeight(networkOf(observer))) - 1,
      );
      snapshots.push(snapshot);
      const hashes = snapshot.files.get('private_state_hashes.data') ?? Buffer.alloc(0);
      assert.ok(snapshot.files.has('public_state.data'));
      for (const [name, bytes] of snapshot.files) {
        assert.deepEqual(
          scanner.scan(bytes).map((needle) => needle.label),
          [],
          `${name} of ${observer.key}'s snapshot`,
        );
      }
      for (const business of others) {
        for (const [hash, key] of business.guessedKeyHashes) {
          assert.equal(
            hashes.includes(Buffer.from(hash, 'hex')),
            false,
            `${key} hashed in ${observer.key}'s world state`,
          );
        }
      }
    });

    it(`lets ${observer.key} read none of another bank’s business through the chaincode, while that bank and the auditor can`, async () => {
      const reader = officerOf(observer);
      for (const business of othersThan(observer)) {
        await assertRefused(
          ledger.evaluate(reader, invocationName('consent', 'GetConsent'), { consentId: business.consentId }),
          'NOT_FOUND',
        );
        await assertRefused(
          ledger.evaluate(reader, invocationName('access', 'GetAccess'), {
            accessId: business.granted.accessId,
          }),
          'NOT_FOUND',
        );
        await assertRefused(
          ledger.evaluate(reader, invocationName('consent', 'ListConsentsByBank'), {
            bankMspId: business.bank.mspId,
          }),
          'NOT_AUTHORIZED',
        );
      }
      const own = businesses.find((business) => business.bank.key === observer.key) as Business;
      for (const owner of [own.officer, 'auditor/auditor', COMPANY]) {
        const { consent } = await ledger.evaluate<ConsentResponse>(
          owner,
          invocationName('consent', 'GetConsent'),
          { consentId: own.consentId },
        );
        assert.deepEqual([consent.uscc, consent.status, consent.purpose], [SUNLUX, 'revoked', PURPOSE]);
      }
    });

    it(`keeps ${observer.key}’s business on its own peer, and on no other bank’s`, async () => {
      const own = businesses.find((business) => business.bank.key === observer.key) as Business;
      const getConsentOn = (mspId: string): Promise<ConsentResponse> =>
        ledger.evaluate<ConsentResponse>(
          own.officer,
          invocationName('consent', 'GetConsent'),
          { consentId: own.consentId },
          {
            endorsingOrganizations: [mspId],
          },
        );
      // Gov's peer pushes the collection to its members' peers at endorsement; allow a moment for it.
      for (let attempt = 1; ; attempt += 1) {
        try {
          assert.equal((await getConsentOn(observer.mspId)).consent.consentId, own.consentId);
          break;
        } catch (error) {
          if (attempt >= 20) throw error;
          await sleep(250);
        }
      }
      // The bank's own request, run on another bank's peer: that peer holds the hash (every peer validates
      // every block) but not the value, and says so.
      for (const other of banks.filter((bank) => bank.key !== observer.key)) {
        await assert.rejects(
          getConsentOn(other.mspId),
          /private data matching public hash version is not available/,
          other.key,
        );
      }
    });
  }
});
