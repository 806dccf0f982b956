import {
  CONFIDENTIAL_TRANSACTIONS,
  confidentialExchange,
  ENDORSING_ORGANIZATIONS,
  GOV_PEER_EVALUATIONS,
  invocationName,
  newReaderKeyPair,
  openAuthorizedRecords,
  type AccessRecord,
  type AccessResponse,
  type CurrentVersionsResponse,
  type OpenedAuthorizedRecords,
  type ReadAuthorizedRecordsResponse,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import { CommitError, StatusCode, type Contract, type ProposalOptions } from '@hyperledger/fabric-gateway';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { awaitCommitOnEveryPeer, connectAs, connectToEachPeer, type Connection } from './fabric-client';
import type { TestProfile } from './network-cli';

const utf8 = new TextDecoder();

/** Request and answer of one call as a client sends and reads them; confidential ones sealed as the gateway does. */
interface Wire {
  options: ProposalOptions;
  open(answer: string): string;
}

function bytes(transient: Record<string, string>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(transient).map(([k, v]) => [k, Buffer.from(v)]));
}

function wire(name: string, request: object, transient: Record<string, string> = {}): Wire {
  if (name === invocationName('company', 'RegisterCompany')) {
    const seed = { [TRANSIENT_FIELDS.pseudonymSeed]: randomBytes(32).toString('base64url') };
    return wire('', request, { ...seed, ...transient });
  }
  if (!CONFIDENTIAL_TRANSACTIONS.includes(name)) {
    return {
      options: { arguments: [JSON.stringify(request)], transientData: bytes(transient) },
      open: (answer) => answer,
    };
  }
  const exchange = confidentialExchange(name, JSON.stringify(request), transient);
  return {
    options: { arguments: [exchange.argument], transientData: bytes(exchange.transient) },
    open: (answer) => exchange.open(answer),
  };
}

/**
 * Transactions as enrolled identities through their own fabric-gateway client (one connection each, via their
 * organization's peer), endorsed by the gov peers as the chaincode requires; requests and answers are JSON,
 * confidential ones in transient data and sealed (contract/src/confidential.ts).
 *
 * A submit returns once every peer of the channel has committed it, not only the caller's own: a test's next
 * step often reads or endorses through another organization's peer, which may still be a block behind. (The
 * gateway service, whose callers cannot wait like this, handles that lag itself and is tested for it through
 * its own routes.)
 */
export class LedgerCaller {
  private readonly connections = new Map<string, Connection>();
  private everyPeer: Connection[] | undefined;

  constructor(private readonly profile: TestProfile) {}

  connection(identity: string): Connection {
    let connection = this.connections.get(identity);
    if (connection === undefined) {
      connection = connectAs(this.profile, identity);
      this.connections.set(identity, connection);
    }
    return connection;
  }

  contract(identity: string): Contract {
    return this.connection(identity)
      .gateway.getNetwork(this.profile.channel)
      .getContract(this.profile.chaincode);
  }

  async submit<T>(
    identity: string,
    name: string,
    request: object,
    transient?: Record<string, string>,
  ): Promise<T> {
    const call = wire(name, request, transient);
    const options = { ...call.options, endorsingOrganizations: [...ENDORSING_ORGANIZATIONS] };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return JSON.parse(call.open(utf8.decode(await this.submitEverywhere(identity, name, options)))) as T;
      } catch (error) {
        // As the gateway service does: the gov peer may endorse before it has committed the caller's previous
        // write, and a read or range read then fails validation; the same request is simply sent again.
        if (attempt >= 5 || !/(MVCC_READ|PHANTOM_READ)_CONFLICT/.test(String(error))) throw error;
        await sleep(200);
      }
    }
  }

  async evaluate<T>(
    identity: string,
    name: string,
    request: object,
    extra: Omit<ProposalOptions, 'arguments'> = {},
  ): Promise<T> {
    const given = extra.transientData === undefined ? {} : utf8Map(extra.transientData);
    const call = wire(name, request, given);
    const onGov = GOV_PEER_EVALUATIONS.includes(name)
      ? { endorsingOrganizations: [...ENDORSING_ORGANIZATIONS] }
      : {};
    const options = { ...onGov, ...extra, ...call.options };
    return JSON.parse(call.open(utf8.decode(await this.contract(identity).evaluate(name, options)))) as T;
  }

  /**
   * A bank's access as the gateway records it: the versions its consent allows first (none when the
   * consent refuses, so the refusal is still recorded).
   */
  async recordAccess(
    bank: string,
    request: { requestId: string; consentId: string; uscc: string; categories: string[]; purpose: string },
  ): Promise<AccessRecord> {
    const { requestId, ...terms } = request;
    const versions = await this.currentVersions(bank, terms);
    const { access } = await this.submit<AccessResponse>(bank, invocationName('access', 'RecordAccess'), {
      requestId,
      ...terms,
      ...(versions === undefined ? {} : { versions }),
    });
    return access;
  }

  /**
   * As the gateway asks: a consent just given through a gov peer may not be on the bank's own peer yet, so
   * "no such consent" is asked again for about 3 s before it counts as a refusal (recorded without versions).
   */
  private async currentVersions(
    bank: string,
    terms: { consentId: string; uscc: string; categories: string[]; purpose: string },
  ): Promise<Record<string, number> | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        const current = await this.evaluate<CurrentVersionsResponse>(
          bank,
          invocationName('access', 'CurrentVersions'),
          terms,
        );
        return current.versions;
      } catch (error) {
        const notYet = /CONSENT_REQUIRED: no such consent/.test(`${String(error)} ${JSON.stringify(error)}`);
        if (!notYet || attempt >= 12) return undefined;
        await sleep(250);
      }
    }
  }

  /** Submits exactly this argument and transient data, as a client of one's own could; the answer as sent. */
  async submitRaw(
    identity: string,
    name: string,
    argument: string,
    transient: Record<string, string> = {},
  ): Promise<string> {
    const options = {
      arguments: [argument],
      transientData: bytes(transient),
      endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
    };
    return utf8.decode(await this.submitEverywhere(identity, name, options));
  }

  /**
   * As `Contract.submit` (the result once the caller's peer has committed it VALID, else a CommitError), then
   * waits until every other peer of the channel has committed it too.
   */
  private async submitEverywhere(
    identity: string,
    name: string,
    options: ProposalOptions,
  ): Promise<Uint8Array> {
    const submitted = await this.contract(identity).submitAsync(name, options);
    const status = await submitted.getStatus();
    if (!status.successful) {
      const codeName = Object.entries(StatusCode).find(([, code]) => code === status.code)?.[0];
      throw new CommitError({
        code: status.code,
        transactionId: status.transactionId,
        message: `Transaction ${status.transactionId} failed to commit with status code ${status.code} (${codeName})`,
      });
    }
    this.everyPeer ??= connectToEachPeer(this.profile, identity);
    await awaitCommitOnEveryPeer(this.everyPeer, submitted.getBytes());
    return submitted.getResult();
  }

  /** A bank's raw read on the gov peer, as the gateway makes it: sealed to a one-time key, then opened. */
  async readAuthorizedRecords(identity: string, accessId: string): Promise<OpenedAuthorizedRecords> {
    const reader = newReaderKeyPair();
    const name = invocationName('access', 'ReadAuthorizedRecords');
    const exchange = confidentialExchange(name, JSON.stringify({ accessId }), {}, reader);
    const answer = await this.contract(identity).evaluate(name, {
      arguments: [exchange.argument],
      transientData: bytes(exchange.transient),
      endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
    });
    const sealed = JSON.parse(exchange.open(utf8.decode(answer))) as ReadAuthorizedRecordsResponse;
    return openAuthorizedRecords(sealed, reader.privateKey);
  }

  /** The starter catalog loaded and `uscc` registered by SAMR; registration is once per ledger, so a re-run meets CONFLICT. */
  async seedCompany(uscc: string): Promise<void> {
    await this.submit('gov/catalog-admin', invocationName('catalog', 'LoadStarterCatalog'), {});
    await this.submit('gov/samr-officer', invocationName('company', 'RegisterCompany'), {
      requestId: `seed-${randomUUID()}`,
      uscc,
    }).catch((error: Error) => assert.match(`${error.message} ${JSON.stringify(error)}`, /CONFLICT:/));
  }

  close(): void {
    for (const connection of [...this.connections.values(), ...(this.everyPeer ?? [])]) connection.close();
    this.connections.clear();
    this.everyPeer = undefined;
  }
}

/** Rejects with the chaincode error code, found in the message or in the endorsers' details. */
function utf8Map(transient: Record<string, string | Uint8Array>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(transient).map(([k, v]) => [k, typeof v === 'string' ? v : utf8.decode(v)]),
  );
}

export async function assertRefused(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.match(`${error.message} ${JSON.stringify(error)}`, new RegExp(`${code}:`));
    return true;
  });
}
