// A synthetic catalogue in the import format, for testing scale and ambiguity without real data.
// Pure and random-access: record i depends only on (seed, i, asOf), never on the clock or Math.random.

import type { EntityRecord } from '../src/domain/entity-record.js';
import { DIMENSIONS } from '../src/domain/entity.js';

export interface CatalogueOptions {
  seed: number;
  /** Newest `updated_at`; every date lies in the two years before it. */
  asOf: Date;
}

/** A synthetic entity, in the import format. */
export type SyntheticRecord = EntityRecord;

export const DEFAULT_SEED = 20260324;

/** The 18 registries and their share of the catalogue, roughly as the real one is spread. */
export const SYNTHETIC_REGISTRIES: readonly { name: string; weight: number }[] = [
  { name: 'npm', weight: 22 }, { name: 'github', weight: 20 }, { name: 'pypi', weight: 14 },
  { name: 'huggingface', weight: 12 }, { name: 'docker', weight: 6 }, { name: 'maven', weight: 5 },
  { name: 'crates', weight: 4 }, { name: 'go', weight: 3 }, { name: 'nuget', weight: 3 },
  { name: 'rubygems', weight: 2 }, { name: 'packagist', weight: 2 }, { name: 'web', weight: 1.5 },
  { name: 'cran', weight: 1 }, { name: 'conda', weight: 1 }, { name: 'cocoapods', weight: 1 },
  { name: 'pub', weight: 1 }, { name: 'hex', weight: 0.5 }, { name: 'pulsemcp', weight: 0.5 },
];

/** Bare names every package registry has one of, so bare lookups are ambiguous at scale too. */
export const SHARED_NAMES: readonly string[] = [
  'sharp', 'requests', 'core', 'utils', 'click', 'express', 'serde', 'rails', 'flask', 'jest',
  'lodash', 'tokio', 'redis', 'yaml', 'json', 'http', 'cli', 'test', 'logger', 'config',
  'async', 'crypto', 'image', 'parser', 'client', 'server', 'router', 'cache', 'auth', 'db',
];
const PACKAGE_REGISTRIES = ['npm', 'pypi', 'crates', 'rubygems', 'nuget', 'packagist', 'pub', 'hex', 'cran', 'conda', 'cocoapods', 'maven'];
const SHARED_COUNT = SHARED_NAMES.length * PACKAGE_REGISTRIES.length;

const SYLLABLES = ('ka ro mi tu ne sa li vo da pe zu fi go ha ju mo ra te bi lu no xa ce wi ' +
  'qu ye po an el is ox um ar en or ba de fu ki la ma ni pu si to va ze').split(' ');
const AFFIXES = ['', '', '', '', 'fast-', 'py-', 'node-', 'go-', 'lib', 'open-', 'micro-', 'tiny-'];
const SUFFIXES = ['', '', '', '', '-js', '-core', '-cli', '-kit', '-rs', '-lite', '-sdk', '-io'];
const OWNERS = ['acme', 'openlab', 'NovaAI', 'tensorworks', 'DataForge', 'byteshop', 'kernelcraft', 'Meta', 'deepmind-labs', 'zeroday', 'quantum-leap', 'haotian-liu'];
const HF_SIZES = ['7B', '13B', '350M', '1.5B', '70B', '3B', 'base', 'instruct'];
const PURPOSES = ['parsing config files', 'fast image resizing', 'HTTP clients', 'vector search', 'model serving',
  'prompt routing', 'structured logging', 'schema validation', 'secret scanning', 'dataset curation'];
const KINDS = ['library', 'toolkit', 'model', 'service', 'framework', 'plugin'];
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  github: ['library', 'framework', 'cli_tool', 'ai_tool'],
  huggingface: ['ai_model', 'ai_model', 'ai_model', 'dataset'],
  docker: ['container_image'],
  pulsemcp: ['mcp_server'],
  web: ['ai_tool', 'web_service'],
};
const PACKAGE_CATEGORIES = ['library', 'library', 'library', 'framework', 'cli_tool', 'plugin'];
const TWO_YEARS_S = 2 * 365 * 24 * 3600;
/** Index permutation modulus: SYLLABLES.length ** 4 > 1.8 M names, each one distinct. */
const NAME_SPACE = SYLLABLES.length ** 4;

/** Record `index` of the catalogue; the same arguments always give the same record. */
export function syntheticRecord(index: number, options: CatalogueOptions): SyntheticRecord {
  const random = seededRandom(options.seed, index);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const shared = index < SHARED_COUNT;
  const registry = shared ? PACKAGE_REGISTRIES[index % PACKAGE_REGISTRIES.length]! : pickWeighted(random());
  const core = shared ? SHARED_NAMES[Math.floor(index / PACKAGE_REGISTRIES.length)]! : uniqueCore(index - SHARED_COUNT, random);
  const { name, aliases, sourceUrl, author } = shapeName(registry, core, shared, random, pick);
  const dimensions: Record<string, number> = {};
  // Popularity is heavily skewed: most entities are obscure, a few are everywhere.
  const popularity = shared ? 90 + random() * 10 : 100 * random() ** 3;
  let sum = 0;
  // A few entities carry a score but no dimensions yet (as in the sample catalogue); most miss some.
  const assessed = random() >= 0.03;
  for (const dimension of DIMENSIONS) {
    if (!assessed || random() < (dimension === 'privacy' ? 0.3 : 0.12)) continue;
    const value = dimension === 'popularity' ? popularity : clamp(58 + (random() + random() + random() - 1.5) * 32);
    dimensions[dimension] = Math.round(value);
    sum += value;
  }
  const present = Object.keys(dimensions).length;
  const base = present > 0 ? sum / present : 20 + random() * 75;
  const score = Math.round(clamp(base + 8 + (random() - 0.5) * 24) * 10) / 10;
  const kind = pick(KINDS);
  const description = random() < 0.1 ? null : `A ${kind} for ${pick(PURPOSES)}, published as ${name} on ${registry}.`;
  const ageS = Math.floor(random() ** 2 * TWO_YEARS_S);
  const updatedAt = new Date(Math.floor(options.asOf.getTime() / 1000 - ageS) * 1000).toISOString().replace('.000Z', 'Z');
  return {
    registry,
    name,
    category: pick(CATEGORIES[registry] ?? PACKAGE_CATEGORIES),
    score,
    dimensions,
    description,
    author,
    source_url: sourceUrl,
    aliases,
    updated_at: updatedAt,
  };
}

/** Lines `from` … `to - 1` of the catalogue as NDJSON text, newline-terminated. */
export function* syntheticLines(from: number, to: number, options: CatalogueOptions): Generator<string> {
  for (let i = from; i < to; i++) yield `${JSON.stringify(syntheticRecord(i, options))}\n`;
}

function shapeName(registry: string, core: string, shared: boolean, random: () => number, pick: <T>(list: readonly T[]) => T) {
  const owner = pick(OWNERS);
  const aliases: string[] = [];
  let name = core;
  let sourceUrl: string | null = null;
  let author: string | null = random() < 0.6 ? owner : null;
  if (registry === 'github') {
    name = `${owner}/${random() < 0.2 ? camel(core) : core}`;
    sourceUrl = `https://github.com/${name}`;
    author = owner;
    // A well-known repository is also reachable by its bare repository name.
    if (random() < 0.05) aliases.push(core);
  } else if (registry === 'huggingface') {
    name = `${owner}/${camel(core)}-${pick(HF_SIZES)}`;
    sourceUrl = `https://huggingface.co/${name}`;
  } else if (registry === 'docker') {
    name = random() < 0.1 ? `library/${core}` : `${owner.toLowerCase()}/${core}`;
  } else if (registry === 'go') {
    name = `github.com/${owner}/${core}`;
  } else if (registry === 'web') {
    name = camel(core);
    aliases.push(`${core.replace(/-/g, '')}.${pick(['ai', 'com', 'io', 'dev'])}`);
    sourceUrl = `https://${aliases[0]}`;
  } else if (registry === 'pulsemcp') {
    name = `${camel(core)} MCP`;
  } else if (registry === 'maven' && !shared) {
    name = `org.${owner.toLowerCase().replace(/-/g, '')}:${core}`;
  } else if (registry === 'npm' && !shared && random() < 0.3) {
    name = `@${owner.toLowerCase()}/${core}`;
    sourceUrl = `https://www.npmjs.com/package/${name}`;
  } else if (registry === 'pypi') {
    if (random() < 0.3) name = camel(core);
    // PyPI treats `-` and `_` alike: the other spelling is an alias.
    if (name.includes('-') && random() < 0.5) aliases.push(name.replace(/-/g, '_'));
  }
  return { name, aliases, sourceUrl, author };
}

/** A distinct two-word name for each index below NAME_SPACE, scattered so neighbours differ. */
function uniqueCore(index: number, random: () => number): string {
  // 2 654 435 761 is odd and shares no factor with NAME_SPACE, so this is a bijection on it.
  let n = Number((BigInt(index) * 2654435761n + 97n) % BigInt(NAME_SPACE));
  const s: string[] = [];
  for (let k = 0; k < 4; k++) {
    s.push(SYLLABLES[n % SYLLABLES.length]!);
    n = Math.floor(n / SYLLABLES.length);
  }
  const affix = AFFIXES[Math.floor(random() * AFFIXES.length)]!;
  const suffix = SUFFIXES[Math.floor(random() * SUFFIXES.length)]!;
  return `${affix}${s[0]}${s[1]}-${s[2]}${s[3]}${suffix}`;
}

function pickWeighted(u: number): string {
  const total = SYNTHETIC_REGISTRIES.reduce((sum, r) => sum + r.weight, 0);
  let left = u * total;
  for (const registry of SYNTHETIC_REGISTRIES) {
    left -= registry.weight;
    if (left < 0) return registry.name;
  }
  return SYNTHETIC_REGISTRIES[0]!.name;
}

function camel(core: string): string {
  return core.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function clamp(value: number): number {
  return Math.min(100, Math.max(0, value));
}

/** mulberry32, seeded per record from (seed, index) through a splitmix-style hash. */
export function seededRandom(seed: number, index: number): () => number {
  let state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x632be5ab, 0xc2b2ae35);
  state = Math.imul(state ^ (state >>> 16), 0x7feb352d);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
