import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { buildApp } from './app';
import { rm } from 'node:fs/promises';
import { SaltKeyRing } from './auth/salt-key-ring';
import { TokenStore } from './auth/token-store';
import { REPO_ROOT, type GatewayConfig } from './config';
import { findConsoleDir } from './console/console-dir';
import { ordererOpsFromTopology } from './explorer/orderer-metrics';
import { FabricLedgerClient } from './fabric/fabric-ledger-client';
import { SubmitOutbox } from './fabric/submit-outbox';
import { IdentityDirectory } from './identity/identity-directory';
import { OrgCertificateCheck } from './identity/org-certificate';
import { Metrics } from './observability/metrics';

export interface RunningGateway {
  app: FastifyInstance;
  url: string;
  /** The organization the service acts for. */
  org: string;
  tokens: TokenStore;
  /** The identities it may sign as: its organization's only. */
  identities: IdentityDirectory;
  /** Where the web console it serves at `/` comes from; undefined when the console is not built. */
  consoleDir?: string;
  close(): Promise<void>;
}

/** Never log secrets: tokens, keys, raw records and salts. */
export const LOG_REDACT = [
  'req.headers.authorization',
  '*.authorization',
  '*.record',
  '*.salt',
  '*.privateKey',
  '*.token',
];

export function createLogger(config: Pick<GatewayConfig, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: LOG_REDACT, censor: '[redacted]' } });
}

/** Wires the real dependencies (profile, tokens, Fabric connections) and listens. */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger = createLogger(config),
): Promise<RunningGateway> {
  const identities = await IdentityDirectory.load(config.profilePath, config.org);
  const tokens = await TokenStore.open(config.tokensPath, {
    lifetimes: config.tokenLifetimes,
    org: config.org,
  });
  const ownOrg = identities.network.orgs.get(config.org);
  if (ownOrg === undefined) {
    throw new Error(`organization ${config.org} is not in the gateway profile ${config.profilePath}`);
  }
  const https =
    config.tls === undefined
      ? undefined
      : { cert: await readFile(config.tls.certPath), key: await readFile(config.tls.keyPath) };
  const metrics = new Metrics({ defaultMetrics: true });
  const ledger = new FabricLedgerClient({ identities, logger, metrics });
  await ledger.start();
  // Beside the checkpoints: `<dataDir>/gateway/<org>/outbox/`.
  const outbox = new SubmitOutbox(path.join(path.dirname(config.checkpointDir), 'outbox'));
  const offline = ledger.offlineSigning(await OrgCertificateCheck.open(ownOrg), undefined, outbox);
  void ledger.finishOutbox(outbox).then(
    (counts) => {
      if (counts.finished + counts.left > 0) logger.info(counts, 'finished the outbox of the previous run');
    },
    (error: unknown) => logger.warn({ err: error }, 'could not finish the outbox of the previous run'),
  );
  const saltKeys = await openSaltKeys(config, logger);
  const consoleDir = findConsoleDir();
  if (consoleDir === undefined) {
    logger.warn('the web console is not built (npm run build): serving the API only');
  }
  const app = await buildApp({
    ledger,
    identities,
    tokens,
    metrics,
    logger,
    checkpointDir: config.checkpointDir,
    profilePath: config.profilePath,
    salts: { keys: () => saltKeys.keys(), allowClientSalt: config.allowClientSalt },
    limits: config,
    offline,
    network: {
      channel: identities.network.channel,
      orderers:
        identities.network.orderers?.map((orderer) => ({ name: orderer.name, url: orderer.operationsUrl })) ??
        ordererOpsFromTopology(REPO_ROOT, config.portOffset),
    },
    ...(https === undefined ? {} : { https }),
    ...(consoleDir === undefined ? {} : { consoleDir }),
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    ledger.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    app,
    url: `${https === undefined ? 'http' : 'https'}://${host}:${port}`,
    org: config.org,
    tokens,
    identities,
    ...(consoleDir === undefined ? {} : { consoleDir }),
    close: async () => {
      await app.close();
      ledger.close();
    },
  };
}

/**
 * The long-lived `salt.key` of earlier versions could recompute every salt it ever derived: it is erased, not
 * imported. Retries of requests made before the upgrade then meet CONFLICT (a new idempotency key attests).
 */
async function openSaltKeys(config: GatewayConfig, logger: Logger): Promise<SaltKeyRing> {
  const keys = await SaltKeyRing.open(config.saltKeyPath, { rotationMs: config.saltKeyRotationMs });
  try {
    await rm(config.legacySaltKeyPath);
    logger.warn({ file: config.legacySaltKeyPath }, 'erased the long-lived salt key of an earlier version');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  return keys;
}
