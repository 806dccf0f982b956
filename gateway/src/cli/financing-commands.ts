import { readFile } from 'node:fs/promises';
import { ok } from '@sme-credit-ledger/client';
import { integerOption, listOption, option, type ParsedArgs, requiredOption } from './args';
import type { Command } from './commands';
import { CliError, EXIT } from './exit-codes';
import { client, print } from './service-client';

// Financing: the routes of routes/products.ts and routes/applications.ts.

/** A bank publishes a product (or its next version) from a JSON file of its terms. */
export const productsPublish: Command = async (args) => {
  const file = requiredOption(args, 'file');
  let terms: unknown;
  try {
    terms = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(`--file ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  print(await ok(client(args).POST('/v1/products', { body: terms as Record<string, unknown> })));
  return EXIT.ok;
};

export const productsList: Command = async (args) => {
  const query = { bankMspId: option(args, 'bank') };
  print(await ok(client(args).GET('/v1/products', { params: { query } })));
  return EXIT.ok;
};

interface MatchAnswer {
  items: {
    bankMspId: string;
    productId: string;
    evaluation: Record<string, unknown>;
    evaluationTag: string;
  }[];
}

function matchFilter(args: ParsedArgs): { bankMspId?: string; productIds?: string[]; categories?: string[] } {
  const bankMspId = option(args, 'bank');
  const productIds = listOption(args, 'products');
  const categories = listOption(args, 'categories');
  return {
    ...(bankMspId === undefined ? {} : { bankMspId }),
    ...(productIds === undefined ? {} : { productIds }),
    ...(categories === undefined ? {} : { categories }),
  };
}

const matchesPath = (args: ParsedArgs) => ({ path: { uscc: requiredOption(args, 'uscc') } });

/** A company ranks the products for itself (evaluated on the gov peer; no bank learns of it). */
export const match: Command = async (args) => {
  print(
    await ok(
      client(args).POST('/v1/companies/{uscc}/matches', {
        params: matchesPath(args),
        body: matchFilter(args),
      }),
    ),
  );
  return EXIT.ok;
};

/** A company matches the one product, then applies with that evaluation and its tag. */
export const apply: Command = async (args) => {
  const bankMspId = requiredOption(args, 'bank');
  const productId = requiredOption(args, 'product');
  requiredOption(args, 'amount');
  requiredOption(args, 'term');
  const http = client(args);
  const matched = (await ok(
    http.POST('/v1/companies/{uscc}/matches', {
      params: matchesPath(args),
      body: { bankMspId, productIds: [productId] },
    }),
  )) as unknown as MatchAnswer;
  const item = matched.items.find((each) => each.bankMspId === bankMspId && each.productId === productId);
  if (item === undefined) {
    throw new CliError(`${bankMspId} offers no active product ${productId}`, EXIT.notFound);
  }
  print(
    await ok(
      http.POST('/v1/applications', {
        body: {
          evaluation: item.evaluation,
          evaluationTag: item.evaluationTag,
          amountYuan: integerOption(args, 'amount', 0, 1, Number.MAX_SAFE_INTEGER),
          termMonths: integerOption(args, 'term', 0, 1, 600),
        },
      }),
    ),
  );
  return EXIT.ok;
};

/** The bank applied to approves (amount, rate, term) or declines (reason codes). */
export const decide: Command = async (args) => {
  const outcome = requiredOption(args, 'outcome');
  if (outcome !== 'approved' && outcome !== 'declined') {
    throw new CliError('--outcome is approved or declined', EXIT.usage);
  }
  const amount = option(args, 'amount');
  const rate = option(args, 'rate-bps');
  const term = option(args, 'term');
  const reasonCodes = listOption(args, 'reasons');
  print(
    await ok(
      client(args).POST('/v1/applications/{applicationId}/decision', {
        params: { path: { applicationId: requiredOption(args, 'application') } },
        body: {
          outcome,
          ...(amount === undefined
            ? {}
            : { amountYuan: integerOption(args, 'amount', 0, 1, Number.MAX_SAFE_INTEGER) }),
          ...(rate === undefined ? {} : { rateBps: integerOption(args, 'rate-bps', 0, 0, 100_000) }),
          ...(term === undefined ? {} : { termMonths: integerOption(args, 'term', 0, 1, 600) }),
          ...(reasonCodes === undefined ? {} : { reasonCodes }),
        },
      }),
    ),
  );
  return EXIT.ok;
};
