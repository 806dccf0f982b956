import type { Network } from '@hyperledger/fabric-gateway';
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import type { Attestation } from '@sme-credit-ledger/contract';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { asOrgAdmin } from './fabric-cli';
import { dataDirectory } from './network-cli';

// Helpers for privacy-scan.test.ts: the forms a secret could take in bytes, a block decoder that reaches
// the write sets, and Fabric ledger snapshots as the way to read a peer's whole world state.

/** One encoding of one secret, searched for as raw bytes. */
export interface Needle {
  label: string;
  bytes: Buffer;
}

/** Base64 of `bytes` starting at each of the 3 alignments, full groups only, so it matches mid-stream. */
function base64Alignments(bytes: Buffer, alphabet: 'base64' | 'base64url'): string[] {
  const forms: string[] = [];
  for (let skip = 0; skip < 3; skip += 1) {
    const usable = Math.floor((bytes.length - skip) / 3) * 3;
    if (usable >= 12) forms.push(bytes.subarray(skip, skip + usable).toString(alphabet));
  }
  return forms;
}

/** A text secret (marker, canonical record): UTF-8, UTF-16LE, hex and base64/base64url of its UTF-8 bytes. */
export function textNeedles(label: string, text: string): Needle[] {
  const utf8 = Buffer.from(text, 'utf8');
  const forms: [string, Buffer][] = [
    ['utf8', utf8],
    ['utf16le', Buffer.from(text, 'utf16le')],
    ['hex', Buffer.from(utf8.toString('hex'))],
    ...base64Alignments(utf8, 'base64').map((form, i): [string, Buffer] => [
      `base64@${i}`,
      Buffer.from(form),
    ]),
    ...base64Alignments(utf8, 'base64url').map((form, i): [string, Buffer] => [
      `b64url@${i}`,
      Buffer.from(form),
    ]),
  ];
  return forms.map(([form, bytes]) => ({ label: `${label} (${form})`, bytes }));
}

/**
 * A salt in every form it could be stored in: as given, its decoded bytes, and those bytes as hex (both
 * cases), base64 (padded and not) and base64url.
 */
export function saltNeedles(label: string, salt: string, saltBytes: Buffer): Needle[] {
  const forms: [string, string | Buffer][] = [
    ['as given', salt],
    ['bytes', saltBytes],
    ['hex', saltBytes.toString('hex')],
    ['HEX', saltBytes.toString('hex').toUpperCase()],
    ['base64', saltBytes.toString('base64')],
    ['base64 unpadded', saltBytes.toString('base64').replace(/=+$/, '')],
    ['base64url', saltBytes.toString('base64url')],
    ['utf16le', Buffer.from(salt, 'utf16le')],
  ];
  const unique = new Map<string, Needle>();
  for (const [form, value] of forms) {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
    unique.set(bytes.toString('hex'), { label: `${label} (${form})`, bytes });
  }
  return [...unique.values()];
}

/**
 * Searches many needles in one pass: a table of needles' first two bytes skips most positions, then a map
 * on the first four bytes picks the candidates to compare. Calling `Buffer.includes` per needle reads the
 * haystack once per needle, which for hundreds of needles over every block of a busy channel is minutes.
 */
export class NeedleScanner {
  private readonly firstPairs = new Uint8Array(65_536);
  private readonly byPrefix = new Map<number, Needle[]>();

  constructor(readonly needles: readonly Needle[]) {
    for (const needle of needles) {
      if (needle.bytes.length < 8) throw new Error(`needle ${needle.label} is too short to search for`);
      this.firstPairs[needle.bytes.readUInt16BE(0)] = 1;
      const prefix = needle.bytes.readUInt32LE(0);
      this.byPrefix.set(prefix, [...(this.byPrefix.get(prefix) ?? []), needle]);
    }
  }

  /** The needles that occur anywhere in `haystack`. */
  scan(haystack: Buffer): Needle[] {
    const found = new Set<Needle>();
    const { firstPairs, byPrefix } = this;
    const end = haystack.length - 3;
    for (let i = 0; i < end; i += 1) {
      // Plain indexing: several times faster here than readUInt16BE on every byte.
      if (firstPairs[((haystack[i] ?? 0) << 8) | (haystack[i + 1] ?? 0)] === 0) continue;
      const candidates = byPrefix.get(haystack.readUInt32LE(i));
      if (candidates === undefined) continue;
      for (const needle of candidates) {
        const { bytes } = needle;
        if (
          i + bytes.length <= haystack.length &&
          haystack.compare(bytes, 0, bytes.length, i, i + bytes.length) === 0
        ) {
          found.add(needle);
        }
      }
    }
    return [...found];
  }
}

// ---- the secrets a test writes ----

export type SaltForm = 'hex' | 'base64' | 'base64url';

/** A raw record with random markers in its values, its salt, and its attestation once written. */
export interface RawSecret {
  category: string;
  record: Record<string, unknown>;
  /** Keys are written in sorted order and values are plain, so JSON.stringify is the RFC 8785 form. */
  canonical: string;
  /** An ASCII marker, a CJK marker and a 15-digit amount: each unlikely to occur anywhere by chance. */
  markers: string[];
  salt: string;
  saltBytes: Buffer;
  attestation?: Attestation;
}

export function freshSecret(category: string, form: SaltForm): RawSecret {
  const ascii = `psm${randomBytes(12).toString('hex')}`;
  const cjk = String.fromCodePoint(...Array.from({ length: 8 }, () => 0x4e00 + randomInt(0x5000)));
  const amountFen = randomInt(2 ** 47, 2 ** 48 - 1);
  const record = { amountFen, counterparty: `${cjk}有限公司`, note: `${ascii} arrears cleared`, year: 2025 };
  const saltBytes = randomBytes({ hex: 16, base64: 20, base64url: 18 }[form]);
  return {
    category,
    record,
    canonical: JSON.stringify(record),
    markers: [ascii, cjk, String(amountFen)],
    salt: saltBytes.toString(form),
    saltBytes,
  };
}

/** Every form of a secret's markers, record and salt that the scans search for. */
export function secretNeedles(secret: RawSecret): Needle[] {
  const name = `${secret.category} v${secret.attestation?.version ?? '-'}`;
  return [
    ...secret.markers.flatMap((marker, i) => textNeedles(`${name} marker ${i}`, marker)),
    ...textNeedles(`${name} canonical record`, secret.canonical),
    ...saltNeedles(`${name} salt`, secret.salt, secret.saltBytes),
  ];
}

export const sha256 = (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** Fabric's composite key: U+0000, type, then each attribute followed by U+0000. */
export function compositeKey(objectType: string, attributes: string[]): string {
  return `\u0000${objectType}\u0000${attributes.map((a) => `${a}\u0000`).join('')}`;
}

// ---- blocks ----

export interface HashedWrite {
  namespace: string;
  collection: string;
  keyHash: Buffer;
  valueHash: Buffer;
  isPurge: boolean;
}

/** What one endorser transaction of a block carries, decoded down to its write sets. */
export interface DecodedTransaction {
  txId: string;
  blockNumber: number;
  /** A `peer.TxValidationCode`. */
  validationCode: number;
  args: Buffer[];
  transientFieldCount: number;
  writes: { namespace: string; key: string; value: Buffer }[];
  hashedWrites: HashedWrite[];
  response: Buffer;
  eventName: string;
  eventPayload: Buffer;
}

const ENDORSER_TRANSACTION = common.HeaderType.ENDORSER_TRANSACTION;
const TRANSACTIONS_FILTER = common.BlockMetadataIndex.TRANSACTIONS_FILTER;

/** Decodes the endorser transactions of `blockBytes` whose ids are in `txIds` (all when omitted). */
export function decodeTransactions(
  blockBytes: Uint8Array,
  txIds?: ReadonlySet<string>,
): DecodedTransaction[] {
  const block = common.Block.deserializeBinary(blockBytes);
  const blockNumber = block.getHeader()?.getNumber() ?? -1;
  const flags = block.getMetadata()?.getMetadataList_asU8()[TRANSACTIONS_FILTER] ?? new Uint8Array();
  const decoded: DecodedTransaction[] = [];
  for (const [index, envelopeBytes] of (block.getData()?.getDataList_asU8() ?? []).entries()) {
    const payload = common.Payload.deserializeBinary(
      common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8(),
    );
    const channelHeader = common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    );
    if (channelHeader.getType() !== ENDORSER_TRANSACTION) continue;
    if (txIds !== undefined && !txIds.has(channelHeader.getTxId())) continue;
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    for (const action of transaction.getActionsList()) {
      decoded.push({
        ...decodeAction(peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8())),
        txId: channelHeader.getTxId(),
        blockNumber,
        validationCode: flags[index] ?? -1,
      });
    }
  }
  return decoded;
}

function decodeAction(
  actionPayload: peer.ChaincodeActionPayload,
): Omit<DecodedTransaction, 'txId' | 'blockNumber' | 'validationCode'> {
  const proposalPayload = peer.ChaincodeProposalPayload.deserializeBinary(
    actionPayload.getChaincodeProposalPayload_asU8(),
  );
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(proposalPayload.getInput_asU8());
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
    actionPayload.getAction()?.getProposalResponsePayload_asU8() ?? new Uint8Array(),
  );
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
  const results = ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
  const writes: DecodedTransaction['writes'] = [];
  const hashedWrites: HashedWrite[] = [];
  for (const nsRwset of results.getNsRwsetList()) {
    const namespace = nsRwset.getNamespace();
    const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(nsRwset.getRwset_asU8());
    for (const write of kv.getWritesList()) {
      writes.push({ namespace, key: write.getKey(), value: Buffer.from(write.getValue_asU8()) });
    }
    for (const collection of nsRwset.getCollectionHashedRwsetList()) {
      const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8());
      for (const write of hashed.getHashedWritesList()) {
        hashedWrites.push({
          namespace,
          collection: collection.getCollectionName(),
          keyHash: Buffer.from(write.getKeyHash_asU8()),
          valueHash: Buffer.from(write.getValueHash_asU8()),
          isPurge: write.getIsPurge(),
        });
      }
    }
  }
  const event = peer.ChaincodeEvent.deserializeBinary(chaincodeAction.getEvents_asU8());
  return {
    args: (spec.getChaincodeSpec()?.getInput()?.getArgsList_asU8() ?? []).map((arg) => Buffer.from(arg)),
    transientFieldCount: proposalPayload.toObject().transientmapMap.length,
    writes,
    hashedWrites,
    response: Buffer.from(chaincodeAction.getResponse()?.getPayload_asU8() ?? new Uint8Array()),
    eventName: event.getEventName(),
    eventPayload: Buffer.from(event.getPayload_asU8()),
  };
}

/** Height of the channel's ledger on the peer behind `network` (qscc GetChainInfo). */
export async function chainHeight(network: Network): Promise<number> {
  const info = await network.getContract('qscc').evaluateTransaction('GetChainInfo', network.getName());
  return common.BlockchainInfo.deserializeBinary(info).getHeight();
}

/**
 * Fetches blocks [from, height) from the peer behind `network` with qscc GetBlockByNumber, a few at a time,
 * handing each serialized block to `visit` (blocks are not kept, so memory stays flat).
 */
export async function forEachBlock(
  network: Network,
  from: number,
  height: number,
  visit: (number: number, bytes: Buffer) => void,
  inFlight = 8,
): Promise<void> {
  const qscc = network.getContract('qscc');
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < height) {
      const number = next;
      next += 1;
      const bytes = await qscc.evaluateTransaction('GetBlockByNumber', network.getName(), String(number));
      visit(number, Buffer.from(bytes));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

export interface ChannelScan {
  from: number;
  height: number;
  blocks: number;
  /** Every needle found, with the blocks it was found in. */
  found: Map<Needle, number[]>;
  transactions: Map<string, DecodedTransaction>;
}

/** Scans blocks [from, height) as the peer behind `network` serves them, decoding the wanted transactions. */
export async function scanChannel(
  network: Network,
  from: number,
  scanner: NeedleScanner,
  wanted: ReadonlySet<string>,
): Promise<ChannelScan> {
  const height = await chainHeight(network);
  const scan: ChannelScan = { from, height, blocks: 0, found: new Map(), transactions: new Map() };
  await forEachBlock(network, from, height, (number, bytes) => {
    scan.blocks += 1;
    for (const needle of scanner.scan(bytes))
      scan.found.set(needle, [...(scan.found.get(needle) ?? []), number]);
    for (const tx of decodeTransactions(bytes, wanted)) scan.transactions.set(tx.txId, tx);
  });
  return scan;
}

/**
 * The block files a node keeps for `channel` (peers: ledgersData/chains/chains/<channel>, orderers:
 * blocks/chains/<channel>). Fabric appends each block's header, transaction envelopes and metadata to them
 * verbatim, so scanning them covers every block the node stores, as it stores it.
 */
export function blockFiles(nodeHost: string, channel: string): string[] {
  const ledger = join(dataDirectory(), 'network', 'ledgers', nodeHost);
  return [join(ledger, 'ledgersData', 'chains', 'chains', channel), join(ledger, 'blocks', 'chains', channel)]
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))
    .filter((file) => /blockfile_\d+$/.test(file));
}

/** Every node whose ledger lives under data/network/ledgers: each peer and each orderer. */
export function ledgerHosts(): string[] {
  return readdirSync(join(dataDirectory(), 'network', 'ledgers')).sort();
}

// ---- world state through ledger snapshots ----

/** Where a peer writes completed snapshots of `channel` (CORE_LEDGER_SNAPSHOTS_ROOTDIR in nodes.ts). */
export function completedSnapshotsDir(peerHost: string, channel: string): string {
  return join(dataDirectory(), 'network', 'ledgers', peerHost, 'snapshots', 'completed', channel);
}

function snapshotNumbers(dir: string): number[] {
  return existsSync(dir) ? readdirSync(dir).map(Number).filter(Number.isInteger) : [];
}

export interface Snapshot {
  dir: string;
  lastBlockNumber: number;
  /** File name to contents: public state, private data hashes, tx ids, config history, metadata. */
  files: Map<string, Buffer>;
}

/**
 * Asks `org`'s peer, as that org's admin with Fabric's `peer snapshot submitrequest`, for a snapshot at its
 * last committed block, and waits until the peer has moved it to `completed/` at a block of at least
 * `minBlock` and no request at or below that block is pending. The peer writes the snapshot into a temporary folder and renames it
 * when done, so a folder in `completed/` is whole.
 */
export async function takeSnapshot(
  org: string,
  peerHost: string,
  channel: string,
  minBlock: number,
  timeoutMs = 30_000,
): Promise<Snapshot> {
  const dir = completedSnapshotsDir(peerHost, channel);
  const before = new Set(snapshotNumbers(dir));
  const target = '--peerAddress "$CORE_PEER_ADDRESS" --tlsRootCertFile "$CORE_PEER_TLS_ROOTCERT_FILE"';
  await asOrgAdmin(org, `peer snapshot submitrequest -c "$CHANNEL_NAME" -b 0 ${target}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh = snapshotNumbers(dir).filter((n) => !before.has(n) && n >= minBlock);
    const pending = await asOrgAdmin(org, `peer snapshot listpending -c "$CHANNEL_NAME" ${target}`);
    const number = Math.max(...fresh);
    // The supervisor keeps one periodic request pending at a future block, so "nothing pending" never
    // comes: ours is done when no request at or below the fresh snapshot's block remains.
    const stillPending = (/\[([\d,\s]*)\]/.exec(pending)?.[1] ?? '').split(',').filter((n) => n.trim());
    if (fresh.length > 0 && stillPending.every((n) => Number(n) > number)) {
      const snapshotDir = join(dir, String(number));
      const files = new Map(
        readdirSync(snapshotDir).map((name) => [name, readFileSync(join(snapshotDir, name))]),
      );
      return { dir: snapshotDir, lastBlockNumber: number, files };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no completed snapshot of ${channel} at block >= ${minBlock} from ${peerHost}: ${pending}`,
      );
    }
    await sleep(250);
  }
}

/** Snapshots only grow the disk; the test deletes the ones it asked for. */
export function removeSnapshot(snapshot: Snapshot): void {
  rmSync(snapshot.dir, { recursive: true, force: true });
}
