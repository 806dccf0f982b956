import { ConfigError, loadConfig } from './config';
import { createLogger, startGateway } from './server';

/** `node gateway/dist/main.js`: settings from the environment (see config.ts), stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  const gateway = await startGateway(config, logger);
  const tokenCount = gateway.tokens.list().length;
  console.log(`SME credit ledger gateway of ${config.org} listening on ${gateway.url}`);
  if (gateway.consoleDir !== undefined) {
    console.log(`  Console:    ${gateway.url}/   (sign in with a bearer token this service issued)`);
  }
  console.log(
    `  API docs:   ${gateway.url}/docs   (OpenAPI: ${gateway.url}/openapi.json; both need a bearer token)`,
  );
  console.log(`  Health:     ${gateway.url}/health/live  ${gateway.url}/health/ready`);
  if (tokenCount === 0) {
    console.log(
      `  No bearer tokens yet: node gateway/dist/cli/main.js token issue --identity ${config.org}/<name>`,
    );
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
