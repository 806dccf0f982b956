import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONFIDENTIAL_TRANSACTIONS, confidentialExchange } from '@sme-credit-ledger/contract';
import { asOrgAdmin } from './support/fabric-cli';
import { dataDirectory, ensureNetwork, networkStatus, type TestProfile } from './support/network-cli';
import { OrgGateways } from './support/org-gateways';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(900_000);

/**
 * Issue 10, items 1 and 2, on the live network. The peer starts a paginated scan at the bookmark it is given
 * (Fabric v3.1.1 core/chaincode/handler.go), so before the fix a company read every consent on the ledger with
 * a bookmark of `\0consentByBank\0`, and a bookmark that sorts past the end key (`\x01`) made the gov peer exit
 * with a goleveldb panic. Every crafted bookmark is sent as a company and as each bank, through the service and
 * through Fabric's own `peer` CLI with the caller's own certificate; each must be refused, nothing of another
 * party may come back, and every node must still be up afterwards.
 */
const SHENGHUA = '91441300MA4UQ7R20Q';
const SUNLUX = '91440605MA53KJ1C4K';

/** Raw keys, sent as they are: the peer would start its scan there. */
const RAW_KEYS = [
  '\u0001',
  '\u0000',
  '\u0000consentByBank\u0000',
  '\u0000consentByBank\u0000Bank1MSP\u0000',
  '\u0000consentByCompany\u0000',
  '\u0000accessByCompany\u0000',
  'accessByTime|',
  '\u{10FFFF}',
];
/** Bookmarks of the right form (base64url) that do not decode to a key of the caller's list. */
const FORMED = [
  Buffer.from('\u{10FFFF}', 'utf8').toString('base64url'),
  Buffer.from([0xff, 0xfe, 0x00]).toString('base64url'),
  'Yx',
];

interface Problem {
  code: string;
  detail: string;
}

interface ListProbe {
  who: string;
  path: string;
  invocation: string;
  request: Record<string, unknown>;
  /** Peers (organization keys) the CLI probe queries. */
  peers: string[];
  owns: (item: Record<string, unknown>) => boolean;
}

const FROM = new Date(Date.now() - 3_600_000).toISOString();
const TO = new Date(Date.now() + 3_600_000).toISOString();

const PROBES: ListProbe[] = [
  {
    who: 'gov/shenghua',
    path: '/v1/consents',
    invocation: 'consent:ListConsentsByCompany',
    request: { uscc: SHENGHUA },
    peers: ['gov'],
    owns: (item) => item.uscc === SHENGHUA,
  },
  {
    who: 'gov/shenghua',
    path: '/v1/access',
    invocation: 'audit:ListAccessByCompany',
    request: { uscc: SHENGHUA },
    peers: ['gov'],
    owns: (item) => item.uscc === SHENGHUA,
  },
  {
    who: 'bank1/officer',
    path: '/v1/consents',
    invocation: 'consent:ListConsentsByBank',
    request: { bankMspId: 'Bank1MSP' },
    peers: ['bank1', 'gov'],
    owns: (item) => item.bankMspId === 'Bank1MSP',
  },
  {
    who: 'bank2/officer',
    path: '/v1/consents',
    invocation: 'consent:ListConsentsByBank',
    request: { bankMspId: 'Bank2MSP' },
    peers: ['bank2', 'gov'],
    owns: (item) => item.bankMspId === 'Bank2MSP',
  },
  {
    who: 'auditor/auditor',
    path: `/v1/access?from=${FROM}&to=${TO}`,
    invocation: 'audit:ListAccessByTimeRange',
    request: { from: FROM, to: TO },
    peers: ['auditor', 'gov'],
    owns: (item) => typeof item.accessId === 'string',
  },
];

const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Fabric's `peer chaincode query` as an enrolled user (`org/name`) with that user's own certificate, against
 * `peerOrg`'s peer: what a company or bank with the CLI and its credentials can send. A confidential
 * transaction's request goes in `--transient` and its sealed answer is opened, as any client must.
 */
async function peerQueryAs(
  profile: TestProfile,
  who: string,
  peerOrg: string,
  invocation: string,
  request: unknown,
): Promise<string> {
  const [org = '', name = ''] = who.split('/');
  const peer = profile.orgs[peerOrg];
  assert.ok(peer, `no org ${peerOrg} in the profile`);
  const msp = join(dataDirectory(), 'network', 'orgs', org, 'users', name, 'msp');
  const confidential = CONFIDENTIAL_TRANSACTIONS.includes(invocation);
  const exchange = confidential ? confidentialExchange(invocation, JSON.stringify(request)) : undefined;
  const args = JSON.stringify({ Args: [invocation, exchange?.argument ?? JSON.stringify(request)] });
  const transient =
    exchange === undefined
      ? ''
      : ` --transient ${shellQuote(
          JSON.stringify(
            Object.fromEntries(
              Object.entries(exchange.transient).map(([key, value]) => [
                key,
                Buffer.from(value).toString('base64'),
              ]),
            ),
          ),
        )}`;
  const answer = await asOrgAdmin(
    org,
    `export CORE_PEER_MSPCONFIGPATH=${shellQuote(msp)} CORE_PEER_ADDRESS=${shellQuote(peer.peerEndpoint)} ` +
      `CORE_PEER_TLS_ROOTCERT_FILE=${shellQuote(peer.tlsRootCertPath)}; ` +
      `peer chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -c ${shellQuote(args)}${transient}`,
  );
  return exchange === undefined ? answer : exchange.open(answer.trim());
}

describe('crafted pagination bookmarks on the live network', () => {
  let profile: TestProfile;
  const gateways = new OrgGateways('crafted-bookmarks.test');

  async function call<T>(
    who: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T & { status: number }> {
    const token = await gateways.tokenFor(who);
    const response = await fetch(`${gateways.url(who)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { ...(JSON.parse(await response.text()) as T), status: response.status };
  }

  /** The company's consent for `bankMspId` and one recorded read by that bank (a read may need a retry). */
  async function consentAndRead(
    company: string,
    uscc: string,
    bank: string,
    bankMspId: string,
  ): Promise<void> {
    const granted = await call<{ consent: { consentId: string } }>(company, 'POST', '/v1/consents', {
      bankMspId,
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal(granted.status, 201, JSON.stringify(granted));
    const body = {
      consentId: granted.consent.consentId,
      purpose: 'credit-review',
      categories: ['TAX_PAYMENT'],
    };
    for (let attempt = 0; ; attempt += 1) {
      const read = await call<Problem>(bank, 'POST', `/v1/companies/${uscc}/profile-reads`, body);
      if (read.status === 200 || attempt >= 10) {
        assert.equal(read.status, 200, JSON.stringify(read));
        return;
      }
      await sleep(500);
    }
  }

  beforeAll(async () => {
    profile = await ensureNetwork();
    await gateways.start();
    assert.equal((await call('gov/catalog-admin', 'POST', '/v1/catalog/starter')).status, 200);
    for (const uscc of [SHENGHUA, SUNLUX]) {
      const registered = await call<Problem>('gov/samr-officer', 'POST', '/v1/companies', { uscc });
      assert.ok(registered.status === 201 || registered.code === 'CONFLICT', JSON.stringify(registered));
      const attested = await call('gov/tax-officer', 'POST', '/v1/attestations', {
        uscc,
        category: 'TAX_PAYMENT',
        effectiveDate: '2026-10-01',
        record: { period: '2026Q3', paidYuan: 50_000 + Math.floor(Math.random() * 1000) },
      });
      assert.equal(attested.status, 201, JSON.stringify(attested));
    }
    await consentAndRead('gov/shenghua', SHENGHUA, 'bank1/officer', 'Bank1MSP');
    await consentAndRead('gov/sunlux', SUNLUX, 'bank2/officer', 'Bank2MSP');
  });

  afterAll(async () => {
    await gateways.close();
  });

  for (const probe of PROBES) {
    it(`refuses every crafted bookmark from ${probe.who} on ${probe.path} through the service`, async () => {
      const own = await call<{ items: Record<string, unknown>[] }>(probe.who, 'GET', probe.path);
      assert.equal(own.status, 200, JSON.stringify(own));
      assert.ok(own.items.length > 0 && own.items.every(probe.owns), JSON.stringify(own.items));

      for (const bookmark of [...RAW_KEYS, ...FORMED]) {
        const answer = await call<Problem & { items?: unknown }>(
          probe.who,
          'GET',
          `${probe.path}${probe.path.includes('?') ? '&' : '?'}bookmark=${encodeURIComponent(bookmark)}`,
        );
        assert.equal(answer.status, 400, `${JSON.stringify(bookmark)}: ${JSON.stringify(answer)}`);
        assert.equal(answer.code, 'VALIDATION_FAILED');
        assert.equal(answer.items, undefined);
      }
    });

    it(`refuses every crafted bookmark from ${probe.who} (${probe.invocation}) through the peer CLI`, async () => {
      for (const peerOrg of probe.peers) {
        const own = JSON.parse(
          await peerQueryAs(profile, probe.who, peerOrg, probe.invocation, probe.request),
        ) as { items: Record<string, unknown>[] };
        assert.ok(own.items.length > 0 && own.items.every(probe.owns), JSON.stringify(own.items));

        for (const bookmark of [...RAW_KEYS, ...FORMED]) {
          await assert.rejects(
            peerQueryAs(profile, probe.who, peerOrg, probe.invocation, { ...probe.request, bookmark }),
            (error: Error) => /VALIDATION_FAILED: bookmark/.test(error.message),
            `${JSON.stringify(bookmark)} on ${peerOrg}'s peer`,
          );
        }
      }
    });
  }

  it('leaves every node of the network up and answering', async () => {
    const rows = await networkStatus();
    assert.deepEqual(
      rows.filter((row) => !row.up).map((row) => row.name),
      [],
    );
    for (const org of Object.keys(profile.orgs)) {
      const info = await asOrgAdmin(org, 'peer channel getinfo -c "$CHANNEL_NAME"');
      assert.match(info, /Blockchain info/);
    }
  });
});
