import path from 'node:path';

/** Every setting the service reads, validated once at start. */
export interface GatewayConfig {
  port: number;
  host: string;
  /** `data/network/gateway-profile.json` written by the network scripts. */
  profilePath: string;
  /** Repository data directory; the gateway keeps its own files under `<dataDir>/gateway/`. */
  dataDir: string;
  logLevel: LogLevel;
  /** `<dataDir>/gateway/tokens.json`: hashes of bearer tokens, owner-only. */
  tokensPath: string;
  /** `<dataDir>/gateway/checkpoints/`: one file checkpointer per event follower. */
  checkpointDir: string;
  /**
   * The salt key ring (auth/salt-key-ring.ts), owner-only; default `<dataDir>/gateway/salt-keys.json`. A
   * confidential file: point it at a secrets volume kept out of backups.
   */
  saltKeyPath: string;
  /** How long one salt key derives salts before a fresh one replaces it (default 24 h). */
  saltKeyRotationMs: number;
  /** Whether departments may send their own salts; off by default. */
  allowClientSalt: boolean;
  /** `<dataDir>/gateway/salt.key`: the long-lived key of earlier versions, erased at start. */
  legacySaltKeyPath: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Environment variables read by {@link loadConfig}; named here so the CLI help and docs can list them. */
export const CONFIG_ENV = {
  port: 'SME_GATEWAY_PORT',
  host: 'SME_GATEWAY_HOST',
  profilePath: 'SME_GATEWAY_PROFILE',
  dataDir: 'SME_DATA_DIR',
  logLevel: 'SME_GATEWAY_LOG_LEVEL',
  saltKeyPath: 'SME_GATEWAY_SALT_KEY_FILE',
  saltKeyRotationHours: 'SME_GATEWAY_SALT_KEY_ROTATION_HOURS',
  allowClientSalt: 'SME_GATEWAY_ALLOW_CLIENT_SALT',
} as const;

/** Raised with every invalid setting at once, so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid gateway configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Repository root, from `gateway/dist/config.js` (or `gateway/src/config.ts`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the settings from `env`, falling back to defaults (port 3000, host 127.0.0.1, data dir `data/` at the
 * repository root). Relative paths resolve against `cwd`.
 * @throws ConfigError listing every bad setting.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): GatewayConfig {
  const problems: string[] = [];
  const port = parsePort(env[CONFIG_ENV.port], problems);
  const host = parseHost(env[CONFIG_ENV.host], problems);
  const dataDir = parsePath(
    env[CONFIG_ENV.dataDir],
    path.join(REPO_ROOT, 'data'),
    CONFIG_ENV.dataDir,
    cwd,
    problems,
  );
  const profilePath = parsePath(
    env[CONFIG_ENV.profilePath],
    path.join(dataDir, 'network', 'gateway-profile.json'),
    CONFIG_ENV.profilePath,
    cwd,
    problems,
  );
  const logLevel = parseLogLevel(env[CONFIG_ENV.logLevel], problems);
  const gatewayDir = path.join(dataDir, 'gateway');
  const saltKeyPath = parsePath(
    env[CONFIG_ENV.saltKeyPath],
    path.join(gatewayDir, 'salt-keys.json'),
    CONFIG_ENV.saltKeyPath,
    cwd,
    problems,
  );
  const saltKeyRotationHours = parseRotationHours(env[CONFIG_ENV.saltKeyRotationHours], problems);
  const allowClientSalt = parseBoolean(env[CONFIG_ENV.allowClientSalt], CONFIG_ENV.allowClientSalt, problems);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return {
    port,
    host,
    profilePath,
    dataDir,
    logLevel,
    tokensPath: path.join(gatewayDir, 'tokens.json'),
    checkpointDir: path.join(gatewayDir, 'checkpoints'),
    saltKeyPath,
    saltKeyRotationMs: saltKeyRotationHours * 3_600_000,
    allowClientSalt,
    legacySaltKeyPath: path.join(gatewayDir, 'salt.key'),
  };
}

function parseRotationHours(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === '') {
    return 24;
  }
  const hours = Number(raw);
  if (!/^\d+$/.test(raw) || hours < 1 || hours > 24 * 30) {
    problems.push(`${CONFIG_ENV.saltKeyRotationHours}=${JSON.stringify(raw)}: expected whole hours 1..720`);
    return 24;
  }
  return hours;
}

function parseBoolean(raw: string | undefined, name: string, problems: string[]): boolean {
  if (raw === undefined || raw === '' || raw === 'false') {
    return false;
  }
  if (raw !== 'true') {
    problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
  }
  return raw === 'true';
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === '') {
    return 3000;
  }
  const port = Number(raw);
  // Port 0 asks the OS for a free port (tests); anything else must be a real TCP port.
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`${CONFIG_ENV.port}=${JSON.stringify(raw)}: expected an integer port 0..65535`);
  }
  return port;
}

function parseHost(raw: string | undefined, problems: string[]): string {
  if (raw === undefined || raw === '') {
    return '127.0.0.1';
  }
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(raw)) {
    problems.push(`${CONFIG_ENV.host}=${JSON.stringify(raw)}: expected a host name or IP address`);
  }
  return raw;
}

function parsePath(
  raw: string | undefined,
  fallback: string,
  name: string,
  cwd: string,
  problems: string[],
): string {
  if (raw === undefined) {
    return fallback;
  }
  if (raw.trim() === '' || raw.includes('\0')) {
    problems.push(`${name}=${JSON.stringify(raw)}: expected a file system path`);
    return fallback;
  }
  return path.resolve(cwd, raw);
}

function parseLogLevel(raw: string | undefined, problems: string[]): LogLevel {
  if (raw === undefined || raw === '') {
    return 'info';
  }
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (level === undefined) {
    problems.push(`${CONFIG_ENV.logLevel}=${JSON.stringify(raw)}: expected one of ${LOG_LEVELS.join(', ')}`);
    return 'info';
  }
  return level;
}
