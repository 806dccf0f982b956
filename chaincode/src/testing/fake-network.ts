import type { KeyObject } from 'node:crypto';
import {
  CONFIDENTIAL_ARGUMENT,
  CONFIDENTIAL_TRANSACTIONS,
  EVALUATE_TRANSACTIONS,
  collectionDefinitions,
  confidentialExchange,
  newReaderKeyPair,
  type CollectionOrg,
  TRANSIENT_FIELDS,
  type AttestResponse,
} from '@sme-credit-ledger/contract';
import { AccessContract } from '../contracts/access-contract';
import { ApplicationContract } from '../contracts/application-contract';
import { AttestationContract } from '../contracts/attestation-contract';
import { AuditContract } from '../contracts/audit-contract';
import { CatalogContract } from '../contracts/catalog-contract';
import { CompanyContract } from '../contracts/company-contract';
import { ConsentContract } from '../contracts/consent-contract';
import { CreditContext } from '../contracts/credit-context';
import { ObjectionContract } from '../contracts/objection-contract';
import { OwnContract } from '../contracts/own-contract';
import { ProductContract } from '../contracts/product-contract';
import type { CallerIdentity } from '../domain/roles';
import { InMemoryWorld, TEST_ORGS, type InMemoryLedger } from '../ledger/in-memory-ledger';

/** Test code for the contract tests: the seed identities of network/identities.json, as the shim reports them. */
export const USCC = {
  shenghua: '91441300MA4UQ7R20Q',
  sunlux: '91440605MA53KJ1C4K',
  corehelm: '91440300MA5FT9WX61',
  spare: '91440101MA59AB3N63',
} as const;

function department(dept: string): CallerIdentity {
  return { mspId: 'GovMSP', role: 'department', dept, uscc: null };
}
function company(uscc: string): CallerIdentity {
  return { mspId: 'GovMSP', role: 'company', dept: null, uscc };
}

export const IDS = {
  catalogAdmin: { mspId: 'GovMSP', role: 'catalog-admin', dept: null, uscc: null },
  samr: department('SAMR'),
  tax: department('TAX'),
  hrss: department('HRSS'),
  court: department('COURT'),
  shenghua: company(USCC.shenghua),
  sunlux: company(USCC.sunlux),
  corehelm: company(USCC.corehelm),
  bank1: { mspId: 'Bank1MSP', role: 'bank', dept: null, uscc: null },
  bank2: { mspId: 'Bank2MSP', role: 'bank', dept: null, uscc: null },
  rogue: { mspId: 'Bank1MSP', role: 'department', dept: 'TAX', uscc: null },
  auditor: { mspId: 'AuditorMSP', role: 'auditor', dept: null, uscc: null },
} satisfies Record<string, CallerIdentity>;

type TransactionFn = (ctx: CreditContext, request: string) => Promise<string>;

const START_TIME = '2026-11-29T06:00:00.000Z';

/** One in-memory channel with every credit contract; transactions run with Fabric's commit semantics. */
export class FakeNetwork {
  readonly world: InMemoryWorld;
  time = START_TIME;
  lastLedger: InMemoryLedger | undefined;
  private readonly contracts: Record<string, unknown> = {
    catalog: new CatalogContract(),
    company: new CompanyContract(),
    attestation: new AttestationContract(),
    consent: new ConsentContract(),
    access: new AccessContract(),
    objection: new ObjectionContract(),
    audit: new AuditContract(),
    product: new ProductContract(),
    application: new ApplicationContract(),
    own: new OwnContract(),
  };
  private saltCounter = 0;
  private readonly readerKeys = new Map<string, KeyObject>();

  /** `orgs`: the organizations of the topology, whose roles give the channel its collections. */
  constructor(orgs: readonly CollectionOrg[] = TEST_ORGS) {
    this.world = new InMemoryWorld(collectionDefinitions(orgs));
  }

  /** A one-time reader key pair whose boxes this network can open for the test. */
  newReaderKeyPair(): { publicKey: string; privateKey: KeyObject } {
    const pair = newReaderKeyPair();
    this.readerKeys.set(pair.publicKey, pair.privateKey);
    return pair;
  }

  /** Lets this network open boxes sealed to a key pair a client made (the gateway's own reader keys). */
  adoptReaderKey(pair: { publicKey: string; privateKey: KeyObject }): void {
    this.readerKeys.set(pair.publicKey, pair.privateKey);
  }

  advance(seconds: number): void {
    this.time = new Date(Date.parse(this.time) + seconds * 1000).toISOString();
  }

  /** A fresh 16-byte hex salt per call (tests need determinism, not secrecy). */
  salt(): string {
    this.saltCounter += 1;
    return `5a17${String(this.saltCounter).padStart(28, '0')}`;
  }

  /** Runs a submit transaction; commits on success, discards on error (as Fabric would), returns parsed JSON. */
  async submit<T = unknown>(
    identity: CallerIdentity,
    invocation: string,
    request: unknown,
    transient?: Record<string, string>,
  ): Promise<T> {
    return JSON.parse(await this.submitText(identity, invocation, request, transient)) as T;
  }

  async submitText(
    identity: CallerIdentity,
    invocation: string,
    request: unknown,
    transient?: Record<string, string>,
  ): Promise<string> {
    if (EVALUATE_TRANSACTIONS.includes(invocation)) {
      throw new Error(`${invocation} is an evaluate transaction`);
    }
    const call = this.exchange(invocation, request, transient);
    const ledger = this.begin(identity, call.transient);
    const response = await this.transaction(invocation)(CreditContext.forLedger(ledger), call.argument);
    ledger.commit();
    return call.open(response);
  }

  /** Runs a transaction with exactly this argument and transient data, as a client of its own would. */
  async rawText(
    identity: CallerIdentity,
    invocation: string,
    argument: string,
    transient?: Record<string, string>,
  ): Promise<string> {
    const ledger = this.begin(identity, transient);
    const response = await this.transaction(invocation)(CreditContext.forLedger(ledger), argument);
    if (!EVALUATE_TRANSACTIONS.includes(invocation)) {
      ledger.commit();
    }
    return response;
  }

  /**
   * What the gateway sends: a confidential transaction's request in transient data with a one-time reader
   * key (the test's own when it gives one), its sealed response opened; a registration with a pseudonym seed.
   */
  private exchange(
    invocation: string,
    request: unknown,
    transient: Record<string, string> | undefined,
  ): { argument: string; transient?: Record<string, string>; open(text: string): string } {
    if (invocation === 'company:RegisterCompany' || invocation === 'company:RegisterCompanies') {
      const seed = Buffer.alloc(32, 7).toString('base64url');
      return {
        argument: JSON.stringify(request),
        transient: { [TRANSIENT_FIELDS.pseudonymSeed]: seed, ...transient },
        open: (text) => text,
      };
    }
    if (!CONFIDENTIAL_TRANSACTIONS.includes(invocation)) {
      return {
        argument: JSON.stringify(request),
        ...(transient === undefined ? {} : { transient }),
        open: (text) => text,
      };
    }
    const given = transient?.[TRANSIENT_FIELDS.readerKey];
    const privateKey = given === undefined ? undefined : this.readerKeys.get(given);
    if (given !== undefined && privateKey === undefined) {
      // A malformed key the test sends on purpose: the chaincode refuses it before any answer.
      return {
        argument: CONFIDENTIAL_ARGUMENT,
        transient: { ...transient, request: JSON.stringify(request) },
        open: () => '',
      };
    }
    const reader =
      given === undefined || privateKey === undefined
        ? this.newReaderKeyPair()
        : { publicKey: given, privateKey };
    const exchange = confidentialExchange(invocation, JSON.stringify(request), transient, reader);
    return {
      argument: exchange.argument,
      transient: exchange.transient,
      open: (text) => exchange.open(text),
    };
  }

  /** Runs an evaluate transaction and checks it wrote nothing. */
  async evaluate<T = unknown>(
    identity: CallerIdentity,
    invocation: string,
    request: unknown,
    transient?: Record<string, string>,
  ): Promise<T> {
    return JSON.parse(await this.evaluateText(identity, invocation, request, transient)) as T;
  }

  /** As {@link evaluate}, returning the response text (opened, for a confidential transaction). */
  async evaluateText(
    identity: CallerIdentity,
    invocation: string,
    request: unknown,
    transient?: Record<string, string>,
  ): Promise<string> {
    if (!EVALUATE_TRANSACTIONS.includes(invocation)) {
      throw new Error(`${invocation} is a submit transaction`);
    }
    const call = this.exchange(invocation, request, transient);
    const ledger = this.begin(identity, call.transient);
    const response = await this.transaction(invocation)(CreditContext.forLedger(ledger), call.argument);
    if (ledger.writes.length > 0 || ledger.event !== undefined) {
      throw new Error(`${invocation} wrote to the ledger during an evaluation`);
    }
    return call.open(response);
  }

  /** A copy of all committed state, to show a failed call changed nothing. */
  snapshot(): string {
    const privateData = [...this.world.privateData.entries()].map(([name, entries]) => [name, [...entries]]);
    return JSON.stringify({ state: [...this.world.state], privateData, events: this.world.events.length });
  }

  private begin(identity: CallerIdentity, transient?: Record<string, string>): InMemoryLedger {
    this.lastLedger = this.world.begin({
      identity,
      time: this.time,
      ...(transient === undefined ? {} : { transient }),
    });
    return this.lastLedger;
  }

  private transaction(invocation: string): TransactionFn {
    const [contractName = '', transactionName = ''] = invocation.split(':');
    const contract = this.contracts[contractName] as Record<string, TransactionFn> | undefined;
    const fn = contract?.[transactionName];
    if (fn === undefined) {
      throw new Error(`no transaction ${invocation}`);
    }
    return fn.bind(contract);
  }
}

/** Catalog loaded and the three test companies registered by SAMR. */
export async function seededNetwork(orgs: readonly CollectionOrg[] = TEST_ORGS): Promise<FakeNetwork> {
  const network = new FakeNetwork(orgs);
  await network.submit(IDS.catalogAdmin, 'catalog:LoadStarterCatalog', {});
  for (const [name, uscc] of Object.entries({ a: USCC.shenghua, b: USCC.sunlux, c: USCC.corehelm })) {
    await network.submit(IDS.samr, 'company:RegisterCompany', { requestId: `register-${name}`, uscc });
  }
  return network;
}

/** Attests `record` for (company, category) and returns the response plus the salt used. */
export async function attest(
  network: FakeNetwork,
  identity: CallerIdentity,
  uscc: string,
  category: string,
  record: Record<string, unknown>,
  requestId = `attest-${network.salt()}`,
): Promise<{ response: AttestResponse; salt: string }> {
  const salt = network.salt();
  const request = { requestId, uscc, category, schemaVersion: 1, effectiveDate: '2026-10-01' };
  const response = await network.submit<AttestResponse>(identity, 'attestation:Attest', request, {
    record: JSON.stringify(record),
    salt,
  });
  return { response, salt };
}
