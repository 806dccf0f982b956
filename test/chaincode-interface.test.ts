import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { asOrgAdmin } from './support/fabric-cli';
import { connectAs, type Connection } from './support/fabric-client';
import { ensureNetwork, type TestProfile } from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

const CONTRACTS = ['health', 'catalog', 'company', 'attestation', 'consent', 'access', 'objection', 'audit'];

/** `peer chaincode query` as `org`'s admin; resolves with stdout, or with the CLI's error text. */
async function query(org: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  const json = JSON.stringify({ Args: args });
  try {
    const output = await asOrgAdmin(
      org,
      `peer chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -c '${json}'`,
    );
    return { ok: true, output };
  } catch (error) {
    return { ok: false, output: (error as Error).message };
  }
}

describe("chaincode interface through Fabric's own clients", () => {
  let profile: TestProfile;
  const connections: Connection[] = [];

  beforeAll(async () => {
    profile = await ensureNetwork();
  });

  afterAll(() => {
    for (const connection of connections) connection.close();
  });

  it('answers org.hyperledger.fabric:GetMetadata with every contract, as each organization admin', async () => {
    for (const org of Object.keys(profile.orgs)) {
      const { ok, output } = await query(org, ['org.hyperledger.fabric:GetMetadata']);
      assert.ok(ok, `${org}: ${output}`);
      const metadata = JSON.parse(output) as { contracts: Record<string, unknown> };
      for (const name of [...CONTRACTS, 'org.hyperledger.fabric']) {
        assert.ok(name in metadata.contracts, `${org}: ${name} missing from GetMetadata`);
      }
    }
  });

  it('refuses a call with the wrong number of arguments with VALIDATION_FAILED', async () => {
    const none = await query('gov', ['health:ReadHeartbeat']);
    assert.equal(none.ok, false);
    assert.match(none.output, /VALIDATION_FAILED: health:ReadHeartbeat takes 1 argument, got 0/);
    const extra = await query('bank1', ['consent:ListConsentsByBank', '{}', '{}']);
    assert.equal(extra.ok, false);
    assert.match(extra.output, /VALIDATION_FAILED: consent:ListConsentsByBank takes 1 argument, got 2/);
  });

  it('refuses an unknown function with NOT_FOUND', async () => {
    const unknown = await query('auditor', ['attestation:NoSuchTransaction', '{}']);
    assert.equal(unknown.ok, false);
    assert.match(unknown.output, /NOT_FOUND: contract attestation has no transaction NoSuchTransaction/);
  });

  it('refuses wrong arity through fabric-gateway too, with the code in the endorser details', async () => {
    const bank = connectAs(profile, 'bank1/officer');
    connections.push(bank);
    const contract = bank.gateway.getNetwork(profile.channel).getContract(profile.chaincode);
    await assert.rejects(
      contract.evaluateTransaction('consent:ListConsentsByBank', '{}', 'extra'),
      (error: Error) => {
        assert.match(
          JSON.stringify(error) + error.message,
          /VALIDATION_FAILED: consent:ListConsentsByBank takes 1/,
        );
        return true;
      },
    );
  });

  it('records a heartbeat for an organization admin through the peer CLI', async () => {
    const heartbeatId = `admin-${randomUUID()}`;
    await asOrgAdmin(
      'gov',
      `peer chaincode invoke -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_CA" -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" ` +
        `--peerAddresses "$CORE_PEER_ADDRESS" --tlsRootCertFiles "$CORE_PEER_TLS_ROOTCERT_FILE" --waitForEvent ` +
        `-c '{"Args":["health:RecordHeartbeat","${heartbeatId}"]}'`,
    );
    const read = await query('bank1', ['health:ReadHeartbeat', heartbeatId]);
    assert.ok(read.ok, read.output);
    assert.equal((JSON.parse(read.output) as { heartbeat: { mspId: string } }).heartbeat.mspId, 'GovMSP');
  });

  it('refuses a heartbeat from a bank identity without an honoured role, and nothing is written', async () => {
    const heartbeatId = `rogue-${randomUUID()}`;
    const rogue = connectAs(profile, 'bank1/rogue-officer');
    connections.push(rogue);
    const proposal = rogue.gateway
      .getNetwork(profile.channel)
      .getContract(profile.chaincode)
      .newProposal('health:RecordHeartbeat', {
        arguments: [heartbeatId],
        endorsingOrganizations: ['GovMSP'],
      });
    await assert.rejects(proposal.endorse(), (error: Error) => {
      assert.match(
        JSON.stringify(error) + error.message,
        /NOT_AUTHORIZED: only identities with a role or an organization admin/,
      );
      return true;
    });
    const read = await query('gov', ['health:ReadHeartbeat', heartbeatId]);
    assert.equal(read.ok, false);
    assert.match(read.output, /NOT_FOUND: no heartbeat/);
  });

  it('refuses a transient record nested thousands of levels deep with VALIDATION_FAILED', async () => {
    const tax = connectAs(profile, 'gov/tax-officer');
    connections.push(tax);
    const request = {
      requestId: `deep-${randomUUID()}`,
      uscc: '91441300MA4UQ7R20Q',
      category: 'TAX_PAYMENT',
      schemaVersion: 1,
      effectiveDate: '2026-10-01',
    };
    const proposal = tax.gateway
      .getNetwork(profile.channel)
      .getContract(profile.chaincode)
      .newProposal('attestation:Attest', {
        arguments: [JSON.stringify(request)],
        transientData: {
          record: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
          salt: randomUUID().replace(/-/g, ''),
        },
        endorsingOrganizations: ['GovMSP'],
      });
    await assert.rejects(proposal.endorse(), (error: Error) => {
      assert.match(
        JSON.stringify(error) + error.message,
        /VALIDATION_FAILED: transient record is nested deeper than 64/,
      );
      return true;
    });
    const after = await query('gov', ['org.hyperledger.fabric:GetMetadata']);
    assert.ok(after.ok, after.output);
  });
});
