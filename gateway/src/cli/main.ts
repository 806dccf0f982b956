import { flag, parseCliArgs } from './args';
import * as commands from './commands';
import { runVerifyLedgerCli, VERIFY_LEDGER_USAGE } from '@sme-credit-ledger/verifier';
import { CliError, EXIT } from './exit-codes';
import { cliErrorOf } from './service-client';

const USAGE = `usage: node gateway/dist/cli/main.js <command> [options]

Local administration of one organization's service (reads data/, no service needed; the organization is
--org, else $SME_GATEWAY_ORG, else the one of --identity; its service takes tokens of its identities only):
  token issue --identity <org/name> [--lifetime 7d] [--label text]  issue a bearer token (printed once;
                                                      lifetime up to $SME_GATEWAY_TOKEN_MAX_LIFETIME, 90d)
  token issue --operator --org <org> [--lifetime 7d] [--label text] issue an operator token of that org's
                                                      service (token revocation, metrics, peer health)
  token revoke [--org <org>] --identity <org/name> | --id <token id>  revoke tokens
  token list --org <org>
  onboard --org <org> --name <name> --role <department|company|bank|auditor>
          [--dept TAX] [--uscc <code>]                 enroll at the org's Fabric CA and issue a token

Through your organization's service (--url, default $SME_GATEWAY_URL or http://127.0.0.1:3000, gov's; the token
from $SME_GATEWAY_TOKEN, issued by that service):
  attest-bulk --file <records.csv|.jsonl> [--batch-size 100] [--concurrency 4] [--receipts out.jsonl]
  consent grant --bank <Bank1MSP> --categories A,B --purpose <purpose> [--days 90]     (company)
  consent request --uscc <code> --categories A,B --purpose <purpose> [--days 90]       (bank)
  consent authorise|reject|revoke --consent <id> [--reason text]                       (company)
  consent list [--uscc <code>] [--bankMspId <msp>]
  profile fetch --uscc <code> --consent <id> --purpose <purpose> [--categories A,B] [--json]   (bank; verifies)
  audit --uscc <code> [--json]                                                          (auditor)
  products publish --file <product.json>                                                (bank)
  products list [--bank <msp>]
  match --uscc <code> [--bank <msp>] [--products a,b] [--categories A,B]                (company)
  apply --uscc <code> --bank <msp> --product <id> --amount <yuan> --term <months>       (company)
  decide --application <id> --outcome approved|declined [--amount <yuan>] [--rate-bps <n>]
         [--term <months>] [--reasons A,B]                                              (bank)

Signed here with your own key, which the service never receives (--url: your organization's service):
  offline submit --cert <cert.pem> --key <key.pem> --transaction <contract:Name> --request <json>
                 [--transient-file <fields.json>]

Straight from the peers' blocks (no service needed; auditors):
${VERIFY_LEDGER_USAGE}

Exit codes: 0 ok, 1 unexpected, 2 usage, 3 refused (401/403), 4 not found, 5 verification failed,
            6 bulk attest had failures, 7 service or ledger unavailable, 8 invalid or conflicting request.`;

const TABLE: Record<string, commands.Command> = {
  'token issue': commands.tokenIssue,
  'token revoke': commands.tokenRevoke,
  'token list': commands.tokenList,
  onboard: commands.onboard,
  'attest-bulk': commands.attestBulk,
  'consent grant': commands.consentGrant,
  'consent request': commands.consentRequest,
  'consent authorise': commands.consentDecide('authorise'),
  'consent reject': commands.consentDecide('reject'),
  'consent revoke': commands.consentDecide('revoke'),
  'consent list': commands.consentList,
  'profile fetch': commands.profileFetch,
  audit: commands.auditCompany,
  'products publish': commands.productsPublish,
  'products list': commands.productsList,
  match: commands.match,
  apply: commands.apply,
  decide: commands.decide,
  'offline submit': commands.offlineSubmitCommand,
};

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'audit' && argv[1] === 'verify-ledger') {
    return runVerifyLedgerCli(argv.slice(2));
  }
  const args = parseCliArgs(argv);
  const [first = '', second = ''] = args.positionals;
  const command = TABLE[`${first} ${second}`] ?? TABLE[first];
  if (command === undefined || flag(args, 'help')) {
    (command === undefined && first !== '' ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return first === '' || flag(args, 'help') ? EXIT.ok : EXIT.usage;
  }
  return command(args);
}

// `… | head` closes stdout early: that is not a failure of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(process.exitCode ?? 0);
  }
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (thrown: unknown) => {
    const error = cliErrorOf(thrown);
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.unexpected;
  },
);
