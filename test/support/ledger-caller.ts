import {
  ENDORSING_ORGANIZATIONS,
  invocationName,
  newReaderKeyPair,
  openAuthorizedRecords,
  type OpenedAuthorizedRecords,
  type ReadAuthorizedRecordsResponse,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/chaincode/api';
import type { Contract, ProposalOptions } from '@hyperledger/fabric-gateway';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAs, type Connection } from './fabric-client';
import type { TestProfile } from './network-cli';

const utf8 = new TextDecoder();

/**
 * Transactions as enrolled identities through their own fabric-gateway client (one connection each, via their
 * organization's peer), endorsed by the gov peers as the chaincode requires; requests and answers are JSON.
 */
export class LedgerCaller {
  private readonly connections = new Map<string, Connection>();

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
    const options = {
      arguments: [JSON.stringify(request)],
      endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
      ...(transient === undefined
        ? {}
        : {
            transientData: Object.fromEntries(Object.entries(transient).map(([k, v]) => [k, Buffer.from(v)])),
          }),
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return JSON.parse(utf8.decode(await this.contract(identity).submit(name, options))) as T;
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
    const options = { arguments: [JSON.stringify(request)], ...extra };
    return JSON.parse(utf8.decode(await this.contract(identity).evaluate(name, options))) as T;
  }

  /** A bank's raw read on the gov peer, as the gateway makes it: sealed to a one-time key, then opened. */
  async readAuthorizedRecords(identity: string, accessId: string): Promise<OpenedAuthorizedRecords> {
    const reader = newReaderKeyPair();
    const sealed = await this.evaluate<ReadAuthorizedRecordsResponse>(
      identity,
      invocationName('access', 'ReadAuthorizedRecords'),
      { accessId },
      {
        endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
        transientData: { [TRANSIENT_FIELDS.readerKey]: Buffer.from(reader.publicKey) },
      },
    );
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
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
  }
}

/** Rejects with the chaincode error code, found in the message or in the endorsers' details. */
export async function assertRefused(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.match(`${error.message} ${JSON.stringify(error)}`, new RegExp(`${code}:`));
    return true;
  });
}
