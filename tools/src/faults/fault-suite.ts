/**
 * The fault suite of issue 14 (`npm run test:faults`): on an isolated network instance (SME_DATA_DIR and
 * SME_PORT_OFFSET, set by scripts/test-faults.sh), a mixed load runs through the organizations' gateway
 * services while each fault is injected; afterwards every peer must hold the same chain, a fixed state
 * sample must read the same through every organization's peer, and the ledger verifier must pass. One row
 * per fault: accepted, committed, failed by cause, lost (must be 0), duplicated (must be 0), the longest gap
 * without a commit and the time to converge (target < 60 s). Exit code 1 when any check fails.
 *
 *   node tools/dist/faults/fault-suite.js [--mode full|short] [--only <fault or load check name text>]... [--no-loads] [--keep-up]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '@sme-credit-ledger/gateway/config';
import { loadNetworkProfile } from '@sme-credit-ledger/network-profile';
import { FAULTS, type Fault, type FaultContext } from './fault-catalog';
import { FaultInstance } from './fault-instance';
import { checkLedger, rowProblems, underLoad, type Suite } from './fault-runner';
import { ATTESTERS, READ_CATEGORY, setUpFixture } from './load-fixture';
import { LOAD_CHECK_NAMES, runLoadChecks } from './load-checks';
import { NetworkFaults, proxiedProfile } from './network-faults';
import { formatCauses } from './request-log';
import { formatRows, printRows, type SuiteRow } from './suite-report';

const TOXIPROXY = join(REPO_ROOT, '.tools', 'bin', 'toxiproxy-server');

const started = Date.now();
const log = (message: string): void =>
  console.log(`[faults +${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}`);

async function startProxy(instance: FaultInstance): Promise<NetworkFaults | undefined> {
  if (!existsSync(TOXIPROXY)) {
    log(`no ${TOXIPROXY}: network faults not applicable (bash scripts/install-toxiproxy.sh builds it)`);
    return undefined;
  }
  const banks = instance.topology.peerOrgs.filter((org) => org.role === 'bank');
  const base = 3900 + instance.offset;
  const peers = banks.map((bank, position) => ({
    org: bank.key,
    listenPort: base + 1 + position,
    upstreamPort: bank.peers[0]?.port ?? 0,
  }));
  const proxy = await NetworkFaults.start(TOXIPROXY, base, peers, join(instance.dataDir, 'faults'));
  for (const peer of peers) {
    const profilePath = instance.serviceConfig(peer.org).profilePath;
    instance.serviceEnv.set(peer.org, {
      SME_GATEWAY_PROFILE: proxiedProfile(profilePath, peer.org, peer.listenPort),
    });
  }
  return proxy;
}

async function prepareSuite(instance: FaultInstance, mode: Suite['mode']): Promise<Suite> {
  const banks = instance.topology.peerOrgs
    .filter((org) => org.role === 'bank')
    .map((org) => ({ org: org.key, mspId: org.mspId }));
  const fixture = await setUpFixture({
    url: (org) => instance.serviceUrl(org),
    token: (identity) => instance.token(identity),
    banks,
  });
  const suite: Suite = {
    instance,
    profile: await loadNetworkProfile(instance.network.layout.profileFile),
    fixture,
    probes: [
      ...fixture.companies.flatMap((company) =>
        ATTESTERS.map((attester) => ({
          transaction: 'attestation:GetAttestation',
          request: { uscc: company.uscc, category: attester.category },
        })),
      ),
      ...fixture.companies.map((company) => ({
        transaction: 'consent:GetConsent',
        request: { consentId: Object.values(company.readConsents)[0] ?? '' },
      })),
    ],
    // Beside the ledger it checks: `network reset` deletes both, so a new chain never meets an old genesis.
    checkpoint: join(instance.dataDir, 'network', 'faults-verifier-checkpoint.json'),
    mode,
  };
  log(`fixture ready: ${fixture.companies.length} companies, standing consents on ${READ_CATEGORY}`);
  // The suite's starting point must itself be consistent.
  const baseline = await checkLedger(suite, true);
  if (baseline.problems.length > 0) {
    throw new Error(`the instance is inconsistent before any fault: ${baseline.problems.join('; ')}`);
  }
  return suite;
}

async function runFaults(
  suite: Suite,
  context: FaultContext,
  selected: readonly Fault[],
): Promise<SuiteRow[]> {
  const rows: SuiteRow[] = [];
  const holdMs = suite.mode === 'full' ? 10_000 : 5_000;
  for (const fault of selected) {
    const reason = fault.notApplicable?.(context);
    if (reason !== undefined) {
      log(`${fault.name}: not applicable (${reason})`);
      rows.push({ name: fault.name, problems: [], note: `n/a: ${reason}` });
      continue;
    }
    log(`${fault.name}: injecting under load`);
    const row = await underLoad(suite, fault.name, () => fault.run(context), {
      warmupMs: holdMs,
      afterMs: holdMs,
      fromGenesis: fault.fromGenesis === true,
    });
    rows.push(row);
    const figures = row.figures;
    log(
      `${fault.name}: accepted ${figures?.accepted}, committed ${figures?.committed}, lost ${figures?.lost}, ` +
        `duplicated ${figures?.duplicated}, failed ${formatCauses(figures?.failedByCause ?? {})}; ${row.note}`,
    );
  }
  return rows;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: process.env.SME_FAULTS_MODE ?? 'full' },
      only: { type: 'string', multiple: true },
      'no-loads': { type: 'boolean', default: false },
      'keep-up': { type: 'boolean', default: false },
    },
  });
  const mode = values.mode === 'short' ? 'short' : 'full';
  const loads = values['no-loads'] ? [] : LOAD_CHECK_NAMES;
  const unmatched = (values.only ?? []).filter(
    (text) =>
      !FAULTS.some((fault) => fault.name.includes(text)) && !loads.some((name) => name.includes(text)),
  );
  if (unmatched.length > 0) {
    throw new Error(
      `--only ${unmatched.join(', ')} names no fault or load check; loads: ${LOAD_CHECK_NAMES.join(', ')}`,
    );
  }
  const instance = new FaultInstance(log);
  log(`mode ${mode}; instance ${instance.dataDir}, port offset ${instance.offset}`);
  log('network up (an instance already up is reused)');
  await instance.up();
  // The short form injects no network faults: its bank services talk to their peers directly.
  const proxy = mode === 'full' ? await startProxy(instance) : undefined;
  const rows: SuiteRow[] = [];
  try {
    await instance.startServices();
    const suite = await prepareSuite(instance, mode);
    const context: FaultContext = {
      instance,
      ...(proxy === undefined ? {} : { proxy }),
      scale: mode === 'full' ? 1 : 0.35,
      log,
      restartServices: async () => {
        await instance.startServices();
        suite.profile = await loadNetworkProfile(instance.network.layout.profileFile);
      },
    };
    const only = values.only;
    const selected = FAULTS.filter(
      (fault) =>
        (mode === 'full' || fault.short) &&
        (only === undefined || only.some((text) => fault.name.includes(text))),
    );
    rows.push(...(await runFaults(suite, context, selected)));
    if (!values['no-loads']) rows.push(...(await runLoadChecks(suite, mode, log, only)));
  } finally {
    proxy?.stop();
    if (values['keep-up']) await instance.stopServices();
    else {
      log('network down');
      await instance.down();
    }
  }
  for (const row of rows) row.problems = rowProblems(row);
  printRows(rows, mode);
  writeFileSync(join(instance.dataDir, 'faults', `table-${mode}.md`), `${formatRows(rows)}\n`);
  return rows.some((row) => row.problems.length > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `[faults] error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
