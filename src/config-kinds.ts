// How one environment variable's text becomes a setting's value, for config.ts: whole numbers, sizes,
// URLs, lists, the grade scale, the signing keys. Each reads only the environment it is handed and names the variable in its problems.

import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { checkGradeScale, DEFAULT_GRADE_SCALE, type GradeScale } from './domain/grade.js';
import { parseSigningKeys, type SigningKeys } from './services/signing-keys.js';

/** false: the socket's peer is the client; a hop count; or the proxies' addresses (CIDR, `loopback`, …). */
export type TrustProxy = boolean | number | readonly string[];

export type Environment = NodeJS.ProcessEnv;
/** How one variable's text becomes a value; `name` is the variable, for the problem text. */
export type Kind<T> = (name: string) => z.ZodType<T, string>;

export const KiB = 1024;
export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
const MAX_SIZE_BYTES = 64 * GiB;
const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, k: KiB, kib: KiB, m: MiB, mib: MiB, g: GiB, gib: GiB };
const PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

/** A variable's text; empty counts as unset. */
function read(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === '' ? undefined : value;
}

/**
 * The variable `name` read as `kind`; unset or empty gives `fallback`. `neededBy`: that variable,
 * when set, refuses this one unset.
 */
export function variable<T, F extends T | null>(
  name: string,
  kind: Kind<T>,
  fallback: F,
  rule?: { neededBy: string; because: string },
): z.ZodType<T | F, Environment> {
  const reader = z.preprocess((env: Environment, ctx) => {
    const raw = read(env, name);
    if (rule && raw === undefined && read(env, rule.neededBy) !== undefined) {
      ctx.addIssue(`${rule.neededBy} needs ${name}: ${rule.because}`);
    }
    return raw;
  }, kind(name).optional());
  return reader.transform((value): T | F => (value === undefined ? fallback : value));
}

export function text(): z.ZodString {
  return z.string();
}

/** Digits only: no sign, point, exponent or spaces. */
export function wholeNumber(min: number, max: number): Kind<number> {
  return (name) => z.string()
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max, {
      error: (issue) => `${name} must be a whole number from ${min} to ${max}, got "${String(issue.input)}"`,
    })
    .transform(Number);
}

/** Bytes, or with a binary unit in any case (`67108864`, `64MiB`, `512k`), from `minBytes` to 64GiB. */
export function byteSize(minBytes: number): Kind<number> {
  const low = minBytes >= MiB ? `${minBytes / MiB}MiB` : minBytes > 0 ? `${minBytes / KiB}KiB` : '0';
  const bytesOf = (raw: string): number => {
    const match = /^(\d+)\s*([a-z]*)$/i.exec(raw.trim());
    const unit = match ? BYTE_UNITS[match[2]!.toLowerCase()] : undefined;
    return match && unit !== undefined ? Number(match[1]) * unit : NaN;
  };
  return (name) => z.string()
    .refine((raw) => bytesOf(raw) >= minBytes && bytesOf(raw) <= MAX_SIZE_BYTES, {
      error: (issue) => `${name} must be a size from ${low} to 64GiB (e.g. 67108864 or 64MiB), got "${String(issue.input)}"`,
    })
    .transform(bytesOf);
}

export function oneOf<const V extends readonly [string, ...string[]]>(values: V): Kind<V[number]> {
  return (name) => z.enum(values, { error: `${name} must be one of ${values.join(', ')}` });
}

export function matching(pattern: RegExp, description: string): Kind<string> {
  return (name) => z.string().regex(pattern, { error: `${name} must be ${description}` });
}

export function trueOrFalse(name: string): z.ZodType<boolean, string> {
  return z.stringbool({ truthy: ['true'], falsy: ['false'], case: 'sensitive', error: `${name} must be true or false` });
}

export function secretOfAtLeast(minCharacters: number): Kind<string> {
  return (name) => z.string()
    .min(minCharacters, { error: `${name} must be at least ${minCharacters} characters (its value is not shown)` });
}

/** http(s) without query or fragment, given back without trailing slashes. */
export function siteUrl(name: string): z.ZodType<string, string> {
  return z.string().transform((raw, ctx) => {
    const url = URL.canParse(raw) ? new URL(raw) : null;
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '') {
      return url.href.replace(/\/+$/, '');
    }
    ctx.addIssue(`${name} must be an http(s) URL without query or fragment, got "${raw}"`);
    return z.NEVER;
  });
}

export function redisUrl(name: string): z.ZodType<string, string> {
  const isRedisUrl = (raw: string): boolean => URL.canParse(raw) && ['redis:', 'rediss:'].includes(new URL(raw).protocol);
  return z.string().refine(isRedisUrl, { error: `${name} must be a redis:// or rediss:// URL (its value is not shown)` });
}

/** What Express's `trust proxy` takes: true/false, a hop count, or addresses, CIDRs and presets. */
export function trustProxyList(name: string): z.ZodType<TrustProxy, string> {
  const isProxy = (entry: string): boolean => {
    if (PROXY_PRESETS.includes(entry)) return true;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  };
  return z.string().transform((raw, ctx) => {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (/^\d{1,2}$/.test(raw)) return Number(raw);
    const entries = raw.split(',').map((entry) => entry.trim());
    const unreadable = entries.filter((entry) => !isProxy(entry));
    if (unreadable.length === 0) return Object.freeze(entries);
    ctx.addIssue(`${name} must be true, false, a hop count or a list of addresses, CIDRs, ${PROXY_PRESETS.join(', ')}; `
      + `cannot read ${unreadable.map((entry) => `"${entry}"`).join(', ')}`);
    return z.NEVER;
  });
}

/** The default scale with the floors of `thresholdsName` and the verified floor of `trustName`, as checkGradeScale accepts. */
export function gradeScaleFrom(thresholdsName: string, trustName: string): z.ZodType<GradeScale, Environment> {
  const reader = z.preprocess((env: Environment) => ({ thresholds: read(env, thresholdsName), trust: read(env, trustName) }),
    z.object({ thresholds: z.string().optional(), trust: z.string().optional() }));
  return reader.transform(({ thresholds, trust }, ctx): GradeScale => {
    const minScore = { ...DEFAULT_GRADE_SCALE.minScore };
    if (thresholds !== undefined) {
      const pairs = thresholds.split(',').map((pair) => /^\s*([ABCD])\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(pair));
      if (pairs.some((pair) => pair === null)) {
        ctx.addIssue(`${thresholdsName} must look like A=80,B=70,C=60,D=40, got "${thresholds}"`);
        return z.NEVER;
      }
      for (const [, grade, score] of pairs as RegExpExecArray[]) minScore[grade as keyof typeof minScore] = Number(score);
      if (new Set(pairs.map((pair) => pair![1])).size !== 4) ctx.addIssue(`${thresholdsName} must set each of A, B, C and D`);
    }
    const trustThreshold = trust === undefined ? DEFAULT_GRADE_SCALE.trustThreshold : /^\d+(\.\d+)?$/.test(trust) ? Number(trust) : NaN;
    const scale = { minScore: Object.freeze(minScore), trustThreshold };
    for (const problem of checkGradeScale(scale)) ctx.addIssue(`${thresholdsName}/${trustName}: ${problem}`);
    return Object.freeze(scale);
  });
}

/** Larger is no key file: refused unread (a path to a device or a log, say). */
const MAX_KEY_FILE_BYTES = MiB;

/**
 * Keys from the text of `textName` or the file `fileName` names (one of them, not both), as
 * parseSigningKeys reads them; every problem in one line that names the variable and never the key.
 */
export function signingKeysFrom(textName: string, fileName: string): z.ZodType<SigningKeys | null, Environment> {
  const reader = z.preprocess((env: Environment) => ({ text: read(env, textName), file: read(env, fileName) }),
    z.object({ text: z.string().optional(), file: z.string().optional() }));
  return reader.transform(({ text, file }, ctx): SigningKeys | null => {
    if (text !== undefined && file !== undefined) {
      ctx.addIssue(`${textName} and ${fileName} are both set: set one (the key text, or the path of a file holding it)`);
      return z.NEVER;
    }
    if (file === undefined && text === undefined) return null;
    let keyText = text ?? '';
    if (file !== undefined) {
      try {
        const stat = statSync(file);
        if (!stat.isFile() || stat.size > MAX_KEY_FILE_BYTES) {
          ctx.addIssue(`${fileName} must name a file of at most 1MiB, got "${file}"`);
          return z.NEVER;
        }
        keyText = readFileSync(file, 'utf8');
      } catch (error) {
        ctx.addIssue(`${fileName} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): "${file}"`);
        return z.NEVER;
      }
    }
    const parsed = parseSigningKeys(keyText);
    if (parsed.ok) return parsed.keys;
    ctx.addIssue(`${file === undefined ? textName : fileName} holds no usable signing keys: ${parsed.problems.join('; ')} (key material is not shown)`);
    return z.NEVER;
  });
}
