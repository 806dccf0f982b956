import { TokenStore } from '../auth/token-store';
import { loadConfig, parseDuration } from '../config';
import { verifyRecordProof } from '../services/record-proof';
import { flag, integerOption, listOption, option, type ParsedArgs, requiredOption } from './args';
import { bulkAttest } from './bulk-attest';
import { enrollIdentity } from './enroll-identity';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import { offlineSubmit } from './offline-submit';
import { client, print, serviceClient, serviceUrl } from './service-client';
import { ApiError } from '../errors/problem';
import { allPages, ok } from '@sme-credit-ledger/client';
import type { ConsentPurpose } from '@sme-credit-ledger/contract';

export type Command = (args: ParsedArgs) => Promise<ExitCode>;

/** `--purpose`, as typed: the service checks it against the purposes (400, exit 8, as for any bad field). */
const purposeOption = (args: ParsedArgs): ConsentPurpose => requiredOption(args, 'purpose') as ConsentPurpose;

function days(args: ParsedArgs): { validFrom: string; validUntil: string } {
  const now = Date.now();
  const count = integerOption(args, 'days', 90, 1, 366);
  return {
    validFrom: new Date(now - 60_000).toISOString(),
    validUntil: new Date(now + count * 86_400_000).toISOString(),
  };
}

/**
 * The token store of one organization's service: `--org`, else SME_GATEWAY_ORG (the environment of that
 * organization's operator), else the organization of `--identity`. It issues tokens only for that
 * organization's identities.
 */
const tokenStore = (args: ParsedArgs): Promise<TokenStore> => {
  const org = option(args, 'org') ?? process.env.SME_GATEWAY_ORG ?? option(args, 'identity')?.split('/')[0];
  if (org === undefined || org === '') {
    throw new CliError(
      'name the organization whose service the token is for: --org <org> or SME_GATEWAY_ORG',
      EXIT.usage,
    );
  }
  let config;
  try {
    config = loadConfig({ ...process.env, SME_GATEWAY_ORG: org });
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  return TokenStore.open(config.tokensPath, { lifetimes: config.tokenLifetimes, org });
};

/** `--lifetime 12h` in seconds (default: the configured default lifetime). */
function lifetimeOption(args: ParsedArgs): number | undefined {
  const raw = option(args, 'lifetime');
  if (raw === undefined) {
    return undefined;
  }
  const seconds = parseDuration(raw);
  if (seconds === undefined) {
    throw new CliError(`--lifetime takes a duration such as 90d, 12h, 30m; got ${raw}`, EXIT.usage);
  }
  return seconds;
}

export const tokenIssue: Command = async (args) => {
  const store = await tokenStore(args);
  const lifetime = lifetimeOption(args);
  const label = option(args, 'label');
  try {
    print(
      flag(args, 'operator')
        ? await store.issueOperator(label, lifetime)
        : await store.issue(requiredOption(args, 'identity'), label, lifetime),
    );
  } catch (error) {
    if (error instanceof RangeError) {
      throw new CliError(error.message, EXIT.usage);
    }
    if (error instanceof ApiError) {
      throw new CliError(error.message, EXIT.refused);
    }
    throw error;
  }
  return EXIT.ok;
};

export const tokenRevoke: Command = async (args) => {
  const store = await tokenStore(args);
  const id = option(args, 'id');
  if (id !== undefined) {
    if (!(await store.revokeById(id))) {
      throw new CliError(`no token with id ${id}; see token list`, EXIT.notFound);
    }
    print('revoked 1 token');
    return EXIT.ok;
  }
  const count = await store.revokeIdentity(requiredOption(args, 'identity'));
  print(`revoked ${count} token(s)`);
  return EXIT.ok;
};

export const tokenList: Command = async (args) => {
  const store = await tokenStore(args);
  for (const record of store.list()) {
    const holder = record.operator === true ? '(operator)' : (record.identity ?? '');
    const expires = store.expiryOf(record).toISOString();
    print(`${record.id}  ${holder}  ${record.createdAt}  expires ${expires}  ${record.label ?? ''}`);
  }
  return EXIT.ok;
};

/**
 * Enrolls a new identity at its organization's Fabric CA through the network scripts (which add it to the
 * gateway profile), then issues its bearer token. One command per new department user, company or officer.
 */
export const onboard: Command = async (args) => {
  const org = requiredOption(args, 'org');
  const name = requiredOption(args, 'name');
  const role = requiredOption(args, 'role');
  const attrs = [`role=${role}`];
  const dept = option(args, 'dept');
  const uscc = option(args, 'uscc');
  if (role === 'department' && dept === undefined) {
    throw new CliError('a department identity needs --dept (e.g. TAX)', EXIT.usage);
  }
  if (role === 'company' && uscc === undefined) {
    throw new CliError('a company identity needs --uscc', EXIT.usage);
  }
  if (dept !== undefined) {
    attrs.push(`dept=${dept}`);
  }
  if (uscc !== undefined) {
    attrs.push(`uscc=${uscc}`);
  }
  const code = await enrollIdentity(org, name, attrs);
  if (code !== 0) {
    throw new CliError(
      `enrollment of ${org}/${name} failed (exit ${code}); see the messages above`,
      EXIT.unexpected,
    );
  }
  const token = await (await tokenStore(args)).issue(`${org}/${name}`, option(args, 'label') ?? 'onboarded');
  process.stderr.write(`enrolled ${org}/${name} (${attrs.join(', ')}); its bearer token (shown once):\n`);
  print(token);
  return EXIT.ok;
};

/** One transaction signed with the caller's own key (`--key`), which the service never receives. */
export const offlineSubmitCommand: Command = async (args) => {
  const transientPath = option(args, 'transient-file');
  const committed = await offlineSubmit(serviceClient(serviceUrl(args), undefined), {
    certPath: requiredOption(args, 'cert'),
    keyPath: requiredOption(args, 'key'),
    transaction: requiredOption(args, 'transaction'),
    request: requiredOption(args, 'request'),
    ...(transientPath === undefined ? {} : { transientPath }),
  });
  print(committed);
  return EXIT.ok;
};

export const attestBulk: Command = async (args) => {
  const file = requiredOption(args, 'file');
  return bulkAttest(client(args), {
    file,
    batchSize: integerOption(args, 'batch-size', 100, 1, 500),
    concurrency: integerOption(args, 'concurrency', 4, 1, 64),
    receiptsFile: option(args, 'receipts') ?? `${file}.receipts.jsonl`,
    out: process.stderr,
  });
};

export const consentGrant: Command = async (args) => {
  const response = await ok(
    client(args).POST('/v1/consents', {
      body: {
        bankMspId: requiredOption(args, 'bank'),
        categories: listOption(args, 'categories') ?? [],
        purpose: purposeOption(args),
        ...days(args),
      },
    }),
  );
  print(response);
  return EXIT.ok;
};

export const consentRequest: Command = async (args) => {
  const response = await ok(
    client(args).POST('/v1/consent-requests', {
      body: {
        uscc: requiredOption(args, 'uscc'),
        categories: listOption(args, 'categories') ?? [],
        purpose: purposeOption(args),
        ...days(args),
      },
    }),
  );
  print(response);
  return EXIT.ok;
};

export const consentDecide =
  (decision: 'authorise' | 'reject' | 'revoke'): Command =>
  async (args) => {
    const reason = option(args, 'reason');
    const request = {
      params: { path: { consentId: requiredOption(args, 'consent') } },
      body: reason === undefined ? {} : { reason },
    };
    const http = client(args);
    const response = await ok(
      decision === 'authorise'
        ? http.POST('/v1/consents/{consentId}/authorise', request)
        : decision === 'reject'
          ? http.POST('/v1/consents/{consentId}/reject', request)
          : http.POST('/v1/consents/{consentId}/revoke', request),
    );
    print(response);
    return EXIT.ok;
  };

export const consentList: Command = async (args) => {
  const query = { uscc: option(args, 'uscc'), bankMspId: option(args, 'bankMspId') };
  print(await ok(client(args).GET('/v1/consents', { params: { query } })));
  return EXIT.ok;
};

interface FetchedProfile {
  accessId: string;
  access: { txId: string; blockNumber: string };
  categories: {
    category: string;
    available: boolean;
    disputed: boolean;
    record?: Record<string, unknown>;
    salt?: string;
    proof: { txId: string; blockNumber: string; hash: string; algorithm: string; timestamp: string };
  }[];
}

/** Records the access, reads the authorized profile and checks every record against its proof locally. */
export const profileFetch: Command = async (args) => {
  const uscc = requiredOption(args, 'uscc');
  const categories = listOption(args, 'categories');
  // The service's schema leaves the proof's fields optional; it always sends them.
  const profile = (await ok(
    client(args).POST('/v1/companies/{uscc}/profile-reads', {
      params: { path: { uscc } },
      body: {
        consentId: requiredOption(args, 'consent'),
        purpose: purposeOption(args),
        ...(categories === undefined ? {} : { categories }),
      },
    }),
  )) as FetchedProfile;
  let mismatches = 0;
  const rows = profile.categories.map((item) => {
    const verified =
      item.record !== undefined && item.salt !== undefined
        ? verifyRecordProof(item.record, item.salt, item.proof)
        : undefined;
    if (verified === false) {
      mismatches++;
    }
    const state = verified === undefined ? 'ERASED' : verified ? 'VERIFIED' : 'MISMATCH';
    return `${state.padEnd(9)} ${item.category.padEnd(28)} block ${item.proof.blockNumber.padStart(6)}  tx ${item.proof.txId.slice(0, 16)}…${item.disputed ? '  (disputed)' : ''}`;
  });
  if (flag(args, 'json')) {
    print(profile);
  }
  print(
    `access ${profile.accessId} recorded in block ${profile.access.blockNumber} (tx ${profile.access.txId})`,
  );
  rows.forEach((row) => print(row));
  return mismatches === 0 ? EXIT.ok : EXIT.verificationFailed;
};

interface AccessEntry {
  accessId: string;
  bankMspId: string;
  outcome: string;
  refusalCode?: string;
  recordedAt: string;
  txId: string;
}

/** An auditor's view of one company: attestation history, consents, access trail and objections. */
export const auditCompany: Command = async (args) => {
  const uscc = requiredOption(args, 'uscc');
  const http = client(args);
  const path = { uscc };
  const [history, consents, access, objections] = await Promise.all([
    ok(http.GET('/v1/companies/{uscc}/attestations', { params: { path } })) as Promise<{
      attestations: unknown[];
      erasures: unknown[];
    }>,
    allPages((bookmark) =>
      ok(
        http.GET('/v1/companies/{uscc}/consent-history', {
          params: { path, query: { pageSize: 100, bookmark } },
        }),
      ),
    ).then((items) => ({ items })),
    // The access log's schema is an open object; these fields are the chaincode's AccessRecord.
    allPages((bookmark) =>
      ok(http.GET('/v1/access', { params: { query: { uscc, pageSize: 100, bookmark } } })),
    ).then((items) => items as unknown as AccessEntry[]),
    ok(http.GET('/v1/companies/{uscc}/objections', { params: { path } })),
  ]);
  if (flag(args, 'json')) {
    print({ history, consents, access, objections });
    return EXIT.ok;
  }
  print(`attestations: ${history.attestations.length}  erasures: ${history.erasures.length}`);
  print(`access trail (${access.length}):`);
  for (const item of access) {
    print(
      `  ${item.recordedAt}  ${item.bankMspId.padEnd(10)} ${item.outcome.padEnd(8)} ${item.refusalCode ?? ''}  tx ${item.txId.slice(0, 16)}…`,
    );
  }
  print({ consents, objections });
  return EXIT.ok;
};

export { apply, decide, match, productsList, productsPublish } from './financing-commands';
