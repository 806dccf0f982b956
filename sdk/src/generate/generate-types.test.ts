import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { GENERATED_TYPES, generateTypes } from './generate-types';

describe('generated client types', () => {
  it('match the gateway’s golden OpenAPI document (run npm run sdk:generate after accepting an API change)', async () => {
    const expected = await generateTypes();

    const committed = readFileSync(GENERATED_TYPES, 'utf8');

    // A plain equality: a diff of 170 kB of types is unreadable, the command to run is not.
    assert.ok(
      committed === expected,
      'sdk/src/generated/gateway-api.ts is stale: run `npm run sdk:generate` and commit the result',
    );
  });
});
