import {
  CONFIDENTIAL_TRANSACTIONS,
  buildUscc,
  RAW_RECORDS_COLLECTION,
  TRANSIENT_FIELDS,
  invocationName,
  type AttestBatchResponse,
  type AttestResponse,
  type Attestation,
  type ConsentResponse,
  type ErasureResponse,
  type ObjectionResponse,
  type OpenedAuthorizedRecords,
  type VerifyRecordResponse,
} from '@sme-credit-ledger/contract';
import type { Network } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAs, type Connection } from './support/fabric-client';
import { LedgerCaller } from './support/ledger-caller';
import { ensureNetwork, networkCliOk, readProfile, type TestProfile } from './support/network-cli';
import {
  NeedleScanner,
  chainHeight,
  compositeKey,
  freshSecret,
  blockFiles,
  ledgerHosts,
  removeSnapshot,
  scanChannel,
  secretNeedles,
  sha256,
  takeSnapshot,
  type DecodedTransaction,
  type Needle,
  type RawSecret,
  type Snapshot,
} from './support/privacy-scan';
import { peerOrgs, readerOf } from './support/topology';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(120_000);

// Issue 3: no raw record or salt may reach a block (arguments, write sets, responses, events) or any peer's
// world state; the only legitimate copy is the GovMSP private collection, reached by the authorized read.
// The test writes fresh, distinctive records through every path that carries raw data, then searches for them
// in every form they could take (text, UTF-16, hex, base64; salts also as bytes): in every block file of every
// peer and orderer, in the blocks each peer serves through qscc (decoded down to the write sets), and in a
// ledger snapshot of every peer's world state. Positive controls (hashes, request ids, keys, private data
// hashes) prove each scan sees what it searches. Its own company keeps it independent of other tests' data.
const COMPANY = 'privacy-scan-co';
const USCC = buildUscc('91440106', 'PN202611');
/** Key layout of chaincode/src/ledger/keys.ts, for the positive controls only. */
const attestationKey = (a: Attestation, prefix = 'attestation'): string =>
  compositeKey(prefix, [a.uscc, a.category, String(a.version).padStart(8, '0')]);
const rid = (): string => `ps-${randomUUID()}`;
/** Identities that read blocks through their own organization's peer. */
const READER_BY_ORG: Record<string, string> = Object.fromEntries(
  peerOrgs.map((org) => [org.key, readerOf(org)]),
);

describe('privacy scan of every block and every peer’s world state', () => {
  let profile: TestProfile;
  let ledger: LedgerCaller;
  const connections = new Map<string, Connection>();
  const secrets: RawSecret[] = [];
  const requestIds: string[] = [];
  const live = new Map<string, RawSecret>();
  let superseded: RawSecret;
  let erased: RawSecret;
  let erasureTxId = '';
  const snapshots: Snapshot[] = [];
  /** Gov peer's chain height before this run wrote anything. */
  let startHeight = 0;

  function networkFor(identity: string): Network {
    let connection = connections.get(identity);
    if (connection === undefined) {
      connection = connectAs(profile, identity);
      connections.set(identity, connection);
    }
    return connection.gateway.getNetwork(profile.channel);
  }

  /** Transient fields as text; objects and arrays as their JSON. Raw data travels only here. */
  const textOf = (fields: object = {}): Record<string, string> =>
    Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );

  async function submit<T>(identity: string, name: string, request: object, transient?: object): Promise<T> {
    const response = await ledger.submit<T>(identity, name, request, textOf(transient));
    // Committed requests only: a refused proposal never reaches a block, and a confidential request
    // travels in transient data, so its id is in no block either.
    if ('requestId' in request && !CONFIDENTIAL_TRANSACTIONS.includes(name)) {
      requestIds.push(String(request.requestId));
    }
    return response;
  }

  async function attest(identity: string, secret: RawSecret, requestId = rid()): Promise<AttestResponse> {
    const { category, canonical, salt } = secret;
    const request = { requestId, uscc: USCC, category, schemaVersion: 1, effectiveDate: '2026-11-01' };
    const name = invocationName('attestation', 'Attest');
    const transient = { [TRANSIENT_FIELDS.record]: canonical, [TRANSIENT_FIELDS.salt]: salt };
    const response = await submit<AttestResponse>(identity, name, request, transient);
    secret.attestation = response.attestation;
    return response;
  }

  /** The gov peer may commit RecordAccess a moment after the bank's peer: retry NOT_FOUND briefly. */
  async function readAuthorized(bank: string, accessId: string): Promise<OpenedAuthorizedRecords> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await ledger.readAuthorizedRecords(bank, accessId);
      } catch (error) {
        if (attempt >= 20 || !/NOT_FOUND: no access/.test(String(error))) throw error;
        await sleep(250);
      }
    }
  }

  /** One scanner for this run's secrets (none may be found) and controls (all must be found). */
  function needlesOfThisRun() {
    const secretNeedleList = secrets.flatMap(secretNeedles);
    const controls: Needle[] = [
      ...secrets.flatMap((s) =>
        s.attestation ? [{ label: `hash ${s.category}`, bytes: Buffer.from(s.attestation.hash) }] : [],
      ),
      ...requestIds.map((id) => ({ label: `request ${id}`, bytes: Buffer.from(id) })),
    ];
    const secretSet = new Set(secretNeedleList);
    return {
      scanner: new NeedleScanner([...secretNeedleList, ...controls]),
      isSecret: (needle: Needle) => secretSet.has(needle),
      controls,
    };
  }

  beforeAll(async () => {
    profile = await ensureNetwork();
    startHeight = await chainHeight(networkFor(READER_BY_ORG.gov ?? ''));
    if (!profile.identities.some((identity) => identity.org === 'gov' && identity.name === COMPANY)) {
      const attrs = ['--attr', 'role=company', '--attr', `uscc=${USCC}`];
      await networkCliOk(['enroll', '--org', 'gov', '--name', COMPANY, ...attrs]);
      profile = readProfile();
    }
    ledger = new LedgerCaller(profile);
    await submit('gov/catalog-admin', invocationName('catalog', 'LoadStarterCatalog'), {});
    // Registration is once per ledger: a re-run meets CONFLICT, the expected steady state.
    await submit('gov/samr-officer', invocationName('company', 'RegisterCompany'), {
      requestId: rid(),
      uscc: USCC,
    }).catch((error: Error) => assert.match(`${error.message} ${JSON.stringify(error)}`, /CONFLICT:/));
  });

  afterAll(() => {
    for (const snapshot of snapshots) removeSnapshot(snapshot);
    for (const connection of connections.values()) connection.close();
    ledger.close();
  });

  it('attests fresh raw records singly and in a batch, with hex, base64 and base64url salts', async () => {
    const tax = freshSecret('TAX_PAYMENT', 'hex');
    const social = freshSecret('SOCIAL_INSURANCE', 'base64');
    const batch = [freshSecret('TAX_CREDIT_RATING', 'base64url'), freshSecret('INVOICE_VOLUME', 'hex')];
    const patents = freshSecret('PATENTS', 'base64url');
    secrets.push(tax, social, ...batch, patents);

    await attest('gov/tax-officer', tax);
    const socialRequestId = rid();
    const first = await attest('gov/hrss-officer', social, socialRequestId);
    const replay = await attest('gov/hrss-officer', social, socialRequestId);
    const batchResponse = await submit<AttestBatchResponse>(
      'gov/tax-officer',
      invocationName('attestation', 'AttestBatch'),
      { requestId: rid() },
      {
        [TRANSIENT_FIELDS.batch]: batch.map((secret) => ({
          uscc: USCC,
          category: secret.category,
          schemaVersion: 1,
          effectiveDate: '2026-11-01',
          record: secret.record,
          salt: secret.salt,
        })),
      },
    );
    const { items, ...shared } = batchResponse;
    const batchFields = { ...shared, schemaVersion: 1, effectiveDate: '2026-11-01' };
    for (const secret of batch) {
      const receipt = items.find((item) => item.category === secret.category);
      secret.attestation = receipt && { ...batchFields, ...receipt };
    }
    await attest('gov/cnipa-officer', patents);

    assert.equal(replay.attestation.txId, first.attestation.txId, 'a retried request id is replayed');
    for (const secret of secrets) {
      const expected = createHash('sha256').update(`${secret.salt}${secret.canonical}`).digest('hex');
      assert.equal(secret.attestation?.hash, expected, `${secret.category} is attested by its salted hash`);
    }
    superseded = tax;
    erased = patents;
  });

  it('refuses a reused salt without echoing the salt or the record', async () => {
    const reuse = { ...freshSecret('EMPLOYEE_HEADCOUNT', 'hex'), salt: secrets[1]?.salt ?? '' };
    await assert.rejects(attest('gov/hrss-officer', reuse), (error: Error) => {
      const text = `${error.message} ${JSON.stringify(error)}`;
      assert.match(text, /SALT_REUSED:/);
      assert.ok(!text.includes(reuse.salt) && !reuse.markers.some((marker) => text.includes(marker)));
      return true;
    });
    secrets.push(reuse);
  });

  it('records an objection and its correction as a new attested version', async () => {
    const objection = await submit<ObjectionResponse>(
      `gov/${COMPANY}`,
      invocationName('objection', 'RaiseObjection'),
      {
        requestId: rid(),
        uscc: USCC,
        category: 'TAX_PAYMENT',
        reason: 'the paid amount is wrong',
        evidenceHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      },
    );
    const correction = freshSecret('TAX_PAYMENT', 'base64');
    secrets.push(correction);
    const corrected = await attest('gov/tax-officer', correction);
    const resolved = await submit<ObjectionResponse>(
      'gov/tax-officer',
      invocationName('objection', 'ResolveObjection'),
      {
        requestId: rid(),
        objectionId: objection.objection.objectionId,
        outcome: 'corrected',
        reason: 'amount corrected from the tax books',
        correctedVersion: corrected.attestation.version,
      },
    );
    assert.equal(corrected.attestation.supersedesTxId, superseded.attestation?.txId);
    assert.equal(resolved.objection.status, 'corrected');
  });

  it('purges a raw record at the company’s request', async () => {
    const { erasure } = await submit<ErasureResponse>(
      `gov/${COMPANY}`,
      invocationName('attestation', 'EraseRawRecords'),
      { requestId: rid(), uscc: USCC, categories: ['PATENTS'], reason: 'privacy scan erasure path' },
    );
    erasureTxId = erasure.txId;
    assert.equal(erasure.purged.PATENTS, erased.attestation?.version);
  });

  it('returns the raw records and salts through the authorized read on the gov peer, and nowhere else', async () => {
    for (const secret of secrets.filter(
      (s) => s.attestation !== undefined && s !== superseded && s !== erased,
    )) {
      live.set(secret.category, secret);
    }
    const categories = [...live.keys(), erased.category];
    const { consent } = await submit<ConsentResponse>(
      `gov/${COMPANY}`,
      invocationName('consent', 'GrantConsent'),
      {
        requestId: rid(),
        uscc: USCC,
        bankMspId: 'Bank1MSP',
        categories,
        purpose: 'credit-review',
        validFrom: new Date(Date.now() - 600_000).toISOString(),
        validUntil: new Date(Date.now() + 3_600_000).toISOString(),
      },
    );
    const access = await ledger.recordAccess('bank1/officer', {
      requestId: rid(),
      consentId: consent.consentId,
      uscc: USCC,
      categories,
      purpose: 'credit-review',
    });
    assert.equal(access.outcome, 'granted');

    const read = await readAuthorized('bank1/officer', access.accessId);

    for (const [category, secret] of live) {
      const record = read.records.find((r) => r.category === category);
      assert.deepEqual(record?.record, secret.record, `${category} raw record is held by the gov peer`);
      assert.equal(record?.salt, secret.salt);
      assert.equal(record?.attestation.txId, secret.attestation?.txId);
    }
    const purged = read.records.find((r) => r.category === erased.category);
    assert.deepEqual([purged?.available, purged?.record, purged?.salt], [false, undefined, undefined]);
    const verifyOld = await ledger.evaluate<VerifyRecordResponse>(
      'auditor/auditor',
      invocationName('audit', 'VerifyRecord'),
      { uscc: USCC, category: superseded.category },
      {
        transientData: {
          [TRANSIENT_FIELDS.record]: superseded.canonical,
          [TRANSIENT_FIELDS.salt]: superseded.salt,
        },
      },
    );
    assert.deepEqual(
      [verifyOld.match, verifyOld.isLatest],
      [true, false],
      'the superseded record still verifies',
    );
  });

  it('finds no raw value or salt in any block file of any peer or orderer, but finds the hashes and request ids', () => {
    const { scanner, isSecret, controls } = needlesOfThisRun();
    const hosts = ledgerHosts();
    assert.ok(hosts.filter((host) => host.startsWith('peer')).length >= Object.keys(profile.orgs).length);

    for (const host of hosts) {
      const files = blockFiles(host, profile.channel);
      assert.ok(files.length > 0, `${host} keeps block files for ${profile.channel}`);
      const found = new Set(files.flatMap((file) => scanner.scan(readFileSync(file))));
      const leaks = [...found].filter(isSecret).map((needle) => needle.label);
      assert.deepEqual(leaks, [], `${host}: raw data in its block files`);
      const missed = controls.filter((needle) => !found.has(needle)).map((needle) => needle.label);
      assert.deepEqual(missed, [], `${host}: the scan finds the attestation hashes and request ids`);
    }
  });

  it('finds no raw value or salt in the blocks each peer serves, and sees their write sets, responses and events', async () => {
    const { scanner, isSecret, controls } = needlesOfThisRun();
    const attested = secrets.filter((s) => s.attestation !== undefined);
    const wanted = new Set([...attested.map((s) => s.attestation?.txId ?? ''), erasureTxId]);
    const target = await chainHeight(networkFor(READER_BY_ORG.gov ?? ''));
    // qscc from the block before this run to the tip (the block files above cover the rest of the chain).
    const scans = await Promise.all(
      Object.entries(READER_BY_ORG).map(async ([org, identity]) => {
        const network = networkFor(identity);
        for (let waited = 0; (await chainHeight(network)) < target && waited < 40; waited += 1) {
          await sleep(250);
        }
        return [org, await scanChannel(network, startHeight - 1, scanner, wanted)] as const;
      }),
    );

    for (const [org, scan] of scans) {
      const leaks = [...scan.found].filter(([needle]) => isSecret(needle));
      assert.deepEqual(
        leaks.map(([needle, blocks]) => `${needle.label} in blocks ${blocks.join(' ')}`),
        [],
        `${org}: raw data in blocks`,
      );
      assert.equal(scan.blocks, scan.height - scan.from, `${org}: every block since the run started`);
      assert.ok(scan.height >= target, `${org}: the peer has every block of the run`);
      const missed = controls.filter((needle) => !scan.found.has(needle)).map((needle) => needle.label);
      assert.deepEqual(missed, [], `${org}: the scan finds the attestation hashes and request ids`);
      assertWriteSetsSeen(org, attested, scan.transactions);
      const purge = scan.transactions.get(erasureTxId);
      const purgedKeyHash = sha256(attestationKey(erased.attestation as Attestation, 'rawRecord'));
      assert.ok(
        purge?.hashedWrites.some((w) => w.isPurge && w.keyHash.equals(purgedKeyHash)),
        `${org}: the erasure's purge of the raw record is in the block`,
      );
    }
  });

  it('finds no raw value or salt in any peer’s world state snapshot, but finds the attested state and private data hashes', async () => {
    const scanner = new NeedleScanner(secrets.flatMap(secretNeedles));
    const attested = secrets.filter((s) => s.attestation !== undefined);
    const minBlock = (await chainHeight(networkFor(READER_BY_ORG.gov ?? ''))) - 1;
    const taken = await Promise.all(
      Object.entries(profile.orgs).map(async ([org, { peerHostAlias }]) => {
        const snapshot = await takeSnapshot(org, peerHostAlias, profile.channel, minBlock);
        snapshots.push(snapshot);
        return [org, snapshot] as const;
      }),
    );

    for (const [org, snapshot] of taken) {
      const leaks = [...snapshot.files].flatMap(([file, bytes]) =>
        scanner.scan(bytes).map((needle) => `${needle.label} in ${file}`),
      );
      assert.deepEqual(leaks, [], `${org}: raw data in the world state`);
      const publicState = snapshot.files.get('public_state.data') ?? Buffer.alloc(0);
      const privateHashes = snapshot.files.get('private_state_hashes.data') ?? Buffer.alloc(0);
      for (const secret of attested) {
        const attestation = secret.attestation as Attestation;
        assert.ok(
          publicState.includes(attestationKey(attestation)),
          `${org}: ${secret.category} key in state`,
        );
        assert.ok(publicState.includes(attestation.hash), `${org}: ${secret.category} hash in state`);
        const rawKeyHash = sha256(attestationKey(attestation, 'rawRecord'));
        assert.equal(
          privateHashes.includes(rawKeyHash),
          secret !== erased,
          `${org}: private data hash of ${secret.category} v${attestation.version} (held unless purged)`,
        );
      }
    }
  });
});

/**
 * Positive controls on the decoded transactions: the scan saw each attestation's arguments, its public
 * write, its hashed private write, its response and (for single attestations) its event, and the transient
 * data was stripped from the proposal as Fabric promises.
 */
function assertWriteSetsSeen(
  org: string,
  attested: RawSecret[],
  transactions: ReadonlyMap<string, DecodedTransaction>,
): void {
  for (const secret of attested) {
    const attestation = secret.attestation as Attestation;
    const tx = transactions.get(attestation.txId);
    const what = `${org}: ${secret.category} v${attestation.version} (tx ${attestation.txId})`;
    assert.ok(tx, `${what} is in a block`);
    assert.equal(tx.validationCode, peer.TxValidationCode.VALID, `${what} is valid`);
    assert.equal(tx.transientFieldCount, 0, `${what} carries no transient data`);
    assert.ok(
      tx.args.some((arg) => arg.includes(`"uscc":"${USCC}"`) || arg.includes('"requestId"')),
      `${what} arguments`,
    );
    const write = tx.writes.find((w) => w.key === attestationKey(attestation));
    assert.ok(write?.value.includes(attestation.hash), `${what} public write of the hash`);
    const rawKeyHash = sha256(attestationKey(attestation, 'rawRecord'));
    assert.ok(
      tx.hashedWrites.some((w) => w.collection === RAW_RECORDS_COLLECTION && w.keyHash.equals(rawKeyHash)),
      `${what} hashed write to ${RAW_RECORDS_COLLECTION}`,
    );
    assert.ok(tx.response.includes(attestation.hash), `${what} response`);
    assert.ok(tx.eventName.length > 0 && tx.eventPayload.length > 0, `${what} event`);
  }
}
