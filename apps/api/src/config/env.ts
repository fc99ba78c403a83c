import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * Small typed readers for environment variables. Each throws a ConfigError naming the variable and
 * the rule it broke, so a bad value stops the boot with a message an operator can act on.
 */
export class ConfigError extends Error {}

type Env = NodeJS.ProcessEnv;

export function readString(env: Env, name: string, fallback?: string): string {
  const raw = env[name]?.trim();
  if (raw) return raw;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(`${name} is required`);
}

export function readOptionalString(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

export function readInt(env: Env, name: string, fallback: number, range: { min: number; max: number }): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ConfigError(`${name} must be a whole number from ${range.min} to ${range.max} (got "${raw}")`);
  }
  return value;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${choices.join(', ')} (got "${raw}")`);
  return raw as T;
}

export function readUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')} (got "${url.protocol}")`);
  }
  return raw;
}

export function isProduction(env: Env = process.env): boolean {
  return env['NODE_ENV'] === 'production';
}

/**
 * Creates a directory only its owner can enter (0700) for the database and the generated secret.
 * A directory that already exists is tightened only if this process created its last missing part:
 * an operator's own choice (a shared volume) is left alone.
 */
export function ensurePrivateDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask; chmod is not.
  if (created !== undefined && (statSync(dir).mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
}
