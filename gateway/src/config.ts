import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_TOKEN_LIFETIMES, type TokenLifetimes } from './auth/token-store';
import { BASE_SERVICE_PORT, serviceOrgs, servicePort } from './org-ports';

/** Every setting the service reads, validated once at start. */
export interface GatewayConfig {
  /**
   * The organization this service runs for (`SME_GATEWAY_ORG`): it loads only that organization's
   * identities and keys, issues and accepts tokens only for them, and talks to that organization's peer.
   */
  org: string;
  port: number;
  host: string;
  /** `SME_PORT_OFFSET`: shifts every port of the network (and the services' default ports). */
  portOffset: number;
  /** `<dataDir>/network/orgs/<org>/gateway-profile.json` written by the network scripts. */
  profilePath: string;
  /** Repository data directory; the service keeps its own files under `<dataDir>/gateway/<org>/`. */
  dataDir: string;
  logLevel: LogLevel;
  /** `<dataDir>/gateway/<org>/tokens.json`: hashes of bearer tokens, owner-only. */
  tokensPath: string;
  /** `<dataDir>/gateway/<org>/checkpoints/`: one file checkpointer per event follower. */
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
  /** Default and maximum lifetime of bearer tokens (the CLI issues them, the service enforces them). */
  tokenLifetimes: TokenLifetimes;
  /** Requests per minute per bearer token (anonymous health probes: per client address). */
  rateLimitPerMinute: number;
  /** Concurrent event streams per identity, and how many of them may replay history (`startBlock`). */
  maxStreamsPerIdentity: number;
  maxReplaysPerIdentity: number;
  /** PEM certificate and key; without them the service listens on loopback only. */
  tls?: { certPath: string; keyPath: string };
}

export interface GatewayLimits {
  rateLimitPerMinute: number;
  maxStreamsPerIdentity: number;
  maxReplaysPerIdentity: number;
}

/** Defaults of the limits, also used by route tests. */
export const DEFAULT_LIMITS: GatewayLimits = {
  rateLimitPerMinute: 1200,
  maxStreamsPerIdentity: 4,
  maxReplaysPerIdentity: 1,
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Environment variables read by {@link loadConfig}; named here so the CLI help and docs can list them. */
export const CONFIG_ENV = {
  org: 'SME_GATEWAY_ORG',
  portOffset: 'SME_PORT_OFFSET',
  port: 'SME_GATEWAY_PORT',
  host: 'SME_GATEWAY_HOST',
  profilePath: 'SME_GATEWAY_PROFILE',
  dataDir: 'SME_DATA_DIR',
  logLevel: 'SME_GATEWAY_LOG_LEVEL',
  saltKeyPath: 'SME_GATEWAY_SALT_KEY_FILE',
  saltKeyRotationHours: 'SME_GATEWAY_SALT_KEY_ROTATION_HOURS',
  allowClientSalt: 'SME_GATEWAY_ALLOW_CLIENT_SALT',
  tokenLifetime: 'SME_GATEWAY_TOKEN_LIFETIME',
  tokenMaxLifetime: 'SME_GATEWAY_TOKEN_MAX_LIFETIME',
  rateLimit: 'SME_GATEWAY_RATE_LIMIT',
  maxStreams: 'SME_GATEWAY_MAX_STREAMS',
  maxReplays: 'SME_GATEWAY_MAX_REPLAYS',
  tlsCert: 'SME_GATEWAY_TLS_CERT',
  tlsKey: 'SME_GATEWAY_TLS_KEY',
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
 * Reads the settings from `env`, falling back to defaults (the organization's port, see org-ports.ts; host
 * 127.0.0.1; data dir `data/` at the repository root). `SME_GATEWAY_ORG` has no default: a service that
 * guessed its organization would sign as the wrong one. Relative paths resolve against `cwd`.
 * @throws ConfigError listing every bad setting.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): GatewayConfig {
  const problems: string[] = [];
  const orgs = serviceOrgs(REPO_ROOT);
  const org = parseOrg(env[CONFIG_ENV.org], orgs, problems);
  const portOffset = parseOffset(env, problems);
  const port = parsePort(env[CONFIG_ENV.port], problems, servicePort(orgs, org, portOffset));
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
    path.join(dataDir, 'network', 'orgs', org, 'gateway-profile.json'),
    CONFIG_ENV.profilePath,
    cwd,
    problems,
  );
  const logLevel = parseLogLevel(env[CONFIG_ENV.logLevel], problems);
  const gatewayDir = path.join(dataDir, 'gateway', org);
  const saltKeyPath = parsePath(
    env[CONFIG_ENV.saltKeyPath],
    path.join(gatewayDir, 'salt-keys.json'),
    CONFIG_ENV.saltKeyPath,
    cwd,
    problems,
  );
  const saltKeyRotationHours = parseRotationHours(env[CONFIG_ENV.saltKeyRotationHours], problems);
  const allowClientSalt = parseBoolean(env[CONFIG_ENV.allowClientSalt], CONFIG_ENV.allowClientSalt, problems);
  const tokenLifetimes = parseLifetimes(env, problems);
  const rateLimitPerMinute = parseCount(env, 'rateLimit', DEFAULT_LIMITS.rateLimitPerMinute, problems);
  const maxStreamsPerIdentity = parseCount(env, 'maxStreams', DEFAULT_LIMITS.maxStreamsPerIdentity, problems);
  const maxReplaysPerIdentity = parseCount(env, 'maxReplays', DEFAULT_LIMITS.maxReplaysPerIdentity, problems);
  const tls = parseTls(env, host, cwd, problems);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return {
    org,
    port,
    host,
    portOffset,
    profilePath,
    dataDir,
    logLevel,
    tokensPath: path.join(gatewayDir, 'tokens.json'),
    checkpointDir: path.join(gatewayDir, 'checkpoints'),
    saltKeyPath,
    saltKeyRotationMs: saltKeyRotationHours * 3_600_000,
    allowClientSalt,
    legacySaltKeyPath: path.join(gatewayDir, 'salt.key'),
    tokenLifetimes,
    rateLimitPerMinute,
    maxStreamsPerIdentity,
    maxReplaysPerIdentity,
    ...(tls === undefined ? {} : { tls }),
  };
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === '::1') {
    return true;
  }
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Bearer tokens and raw records cross this connection, so beyond loopback it must be TLS: the service refuses
 * to start on a non-loopback address without a certificate and key.
 */
function parseTls(
  env: Env,
  host: string,
  cwd: string,
  problems: string[],
): { certPath: string; keyPath: string } | undefined {
  const cert = env[CONFIG_ENV.tlsCert];
  const key = env[CONFIG_ENV.tlsKey];
  if ((cert === undefined || cert === '') && (key === undefined || key === '')) {
    // A malformed host is reported once, by parseHost.
    if (!isLoopback(host) && HOST_PATTERN.test(host)) {
      problems.push(
        `${CONFIG_ENV.host}=${JSON.stringify(host)} is not a loopback address: set ${CONFIG_ENV.tlsCert} and ` +
          `${CONFIG_ENV.tlsKey} (PEM files) to serve TLS, or listen on 127.0.0.1`,
      );
    }
    return undefined;
  }
  if (cert === undefined || cert === '' || key === undefined || key === '') {
    problems.push(`${CONFIG_ENV.tlsCert} and ${CONFIG_ENV.tlsKey} go together: set both or neither`);
    return undefined;
  }
  return {
    certPath: parsePath(cert, '', CONFIG_ENV.tlsCert, cwd, problems),
    keyPath: parsePath(key, '', CONFIG_ENV.tlsKey, cwd, problems),
  };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90d`, `12h`, `30m`, `3600s` (or bare seconds) to seconds; undefined when malformed. */
export function parseDuration(raw: string): number | undefined {
  const match = /^(\d{1,9})([smhd]?)$/.exec(raw.trim());
  if (match?.[1] === undefined) {
    return undefined;
  }
  const seconds = Number(match[1]) * (DURATION_UNITS[match[2] || 's'] ?? 1);
  return seconds > 0 ? seconds : undefined;
}

function parseLifetimes(env: Env, problems: string[]): TokenLifetimes {
  const read = (name: 'tokenLifetime' | 'tokenMaxLifetime', fallback: number): number => {
    const raw = env[CONFIG_ENV[name]];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    const seconds = parseDuration(raw);
    if (seconds === undefined) {
      problems.push(`${CONFIG_ENV[name]}=${JSON.stringify(raw)}: expected a duration such as 90d, 12h, 30m`);
      return fallback;
    }
    return seconds;
  };
  const maxSeconds = read('tokenMaxLifetime', DEFAULT_TOKEN_LIFETIMES.maxSeconds);
  const defaultSeconds = read('tokenLifetime', Math.min(DEFAULT_TOKEN_LIFETIMES.defaultSeconds, maxSeconds));
  if (defaultSeconds > maxSeconds) {
    problems.push(
      `${CONFIG_ENV.tokenLifetime} (${defaultSeconds}s) exceeds ${CONFIG_ENV.tokenMaxLifetime} (${maxSeconds}s)`,
    );
  }
  return { defaultSeconds, maxSeconds };
}

function parseCount(
  env: Env,
  name: 'rateLimit' | 'maxStreams' | 'maxReplays',
  fallback: number,
  problems: string[],
): number {
  const raw = env[CONFIG_ENV[name]];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    problems.push(`${CONFIG_ENV[name]}=${JSON.stringify(raw)}: expected a positive integer`);
    return fallback;
  }
  return Number(raw);
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

function parseOrg(raw: string | undefined, orgs: readonly string[], problems: string[]): string {
  if (raw === undefined || raw === '') {
    problems.push(
      `${CONFIG_ENV.org} is required: the organization this service signs for, one of ${orgs.join(', ')} ` +
        '(npm start runs one service per organization)',
    );
    return orgs[0] ?? 'gov';
  }
  if (!orgs.includes(raw)) {
    problems.push(`${CONFIG_ENV.org}=${JSON.stringify(raw)}: expected one of ${orgs.join(', ')}`);
  }
  return raw;
}

function parseOffset(env: Env, problems: string[]): number {
  const raw = env[CONFIG_ENV.portOffset];
  if (raw === undefined || raw === '') {
    return 0;
  }
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 40_000) {
    problems.push(`${CONFIG_ENV.portOffset}=${JSON.stringify(raw)}: expected an integer 0..40000`);
    return 0;
  }
  return Number(raw);
}

function parsePort(raw: string | undefined, problems: string[], fallback = BASE_SERVICE_PORT): number {
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const port = Number(raw);
  // Port 0 asks the OS for a free port (tests); anything else must be a real TCP port.
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`${CONFIG_ENV.port}=${JSON.stringify(raw)}: expected an integer port 0..65535`);
  }
  return port;
}

const HOST_PATTERN = /^[A-Za-z0-9.:[\]-]+$/;

function parseHost(raw: string | undefined, problems: string[]): string {
  if (raw === undefined || raw === '') {
    return '127.0.0.1';
  }
  if (!HOST_PATTERN.test(raw)) {
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
