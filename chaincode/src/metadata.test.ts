import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { CONTRACT_NAMES, EVALUATE_TRANSACTIONS, TRANSACTION_NAMES } from '@sme-credit-ledger/contract';
import { contracts } from './index';

// Run from src/ by Jest; the golden copy lives in the package root.
const GOLDEN_PATH = join(__dirname, '..', 'metadata.golden.json');

// fabric-contract-api loads reflect-metadata, which adds getMetadata to the global Reflect.
const reflect = Reflect as unknown as { getMetadata(key: string, target: object): unknown };

interface DecoratedTransaction {
  name: string;
  tag: string[];
  parameters: { name: string; schema: { type?: string } }[];
}

/** The API as fabric-contract-api sees it: contract names, transactions, submit/evaluate, parameters. */
function extractMetadata(): Record<string, { name: string; kind: string; parameters: string[] }[]> {
  const metadata: Record<string, { name: string; kind: string; parameters: string[] }[]> = {};
  for (const ContractClass of contracts) {
    const contract = new ContractClass();
    const transactions = (reflect.getMetadata('fabric:transactions', ContractClass.prototype) ??
      []) as DecoratedTransaction[];
    metadata[contract.getName()] = transactions.map((transaction) => ({
      name: transaction.name,
      kind: transaction.tag.includes('SUBMIT') ? 'submit' : 'evaluate',
      parameters: transaction.parameters.map(
        (parameter) => `${parameter.name}: ${parameter.schema.type ?? '?'}`,
      ),
    }));
  }
  return metadata;
}

describe('chaincode metadata', () => {
  it('matches the golden copy (run with UPDATE_GOLDEN=1 to accept a deliberate API change)', () => {
    const actual = extractMetadata();
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(GOLDEN_PATH, `${JSON.stringify(actual, null, 2)}\n`);
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')));
  });

  it('agrees with the names, and the evaluate list, that clients import from the api', () => {
    const metadata = extractMetadata();
    assert.deepEqual(Object.keys(metadata).sort(), Object.values(CONTRACT_NAMES).sort());
    for (const [contract, transactions] of Object.entries(metadata)) {
      const names = TRANSACTION_NAMES[contract as keyof typeof TRANSACTION_NAMES];
      assert.deepEqual(transactions.map((t) => t.name).sort(), Object.keys(names).sort(), contract);
      for (const transaction of transactions) {
        const isEvaluate = EVALUATE_TRANSACTIONS.includes(`${contract}:${transaction.name}`);
        assert.equal(transaction.kind, isEvaluate ? 'evaluate' : 'submit', `${contract}:${transaction.name}`);
      }
    }
  });
});
