// Loads the pages' static assets once at start — public/ and the API docs' renderer from its
// installed package (swagger-ui-dist) — and names each by a hash of its bytes, so a URL never changes
// meaning and may be cached for a year. Nothing is read from disk, or fetched, per request.
// /favicon.ico, which browsers ask for by that name, is drawn from the icon at start too.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { Router } from 'express';
import { chooseEncoding, etagOf, type Encoding } from '../response/encoding.js';
import { setAssetHeaders } from '../response/headers.js';
import { makeFavicon } from './favicon.js';

export const ASSET_PREFIX = '/assets/';
export const FAVICON_PATH = '/favicon.ico';
/** Its URL carries no hash, so it may not be kept for a year: a day, then revalidated by its ETag. */
const FAVICON_CACHE_CONTROL = 'public, max-age=86400';
export const ASSET_NAMES = ['site.css', 'builder.js', 'icon.svg', 'api-docs.js'] as const;
/** Swagger UI's browser build, as its package ships it (resolved, never executed, on the server). */
export const VENDOR_ASSETS = {
  'swagger-ui.css': 'swagger-ui-dist/swagger-ui.css',
  'swagger-ui-bundle.js': 'swagger-ui-dist/swagger-ui-bundle.js',
} as const;
export type AssetName = (typeof ASSET_NAMES)[number] | keyof typeof VENDOR_ASSETS;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export interface Asset {
  /** `site.3f2a9c01d4e5b6a7.css` */
  hashedName: string;
  contentType: string;
  etag: string;
  body: Buffer;
}

export interface SiteAssets {
  /** The hashed URL a page links, e.g. `/assets/site.3f2a9c01d4e5b6a7.css`. */
  url(name: AssetName): string;
  find(hashedName: string): Asset | undefined;
  /** The asset compressed, made on first demand (off the event loop) and kept. */
  compressed(asset: Asset, encoding: Exclude<Encoding, null>): Promise<Buffer>;
  /** The ICO answered at FAVICON_PATH (its hashedName is plain `favicon.ico`). */
  favicon: Asset;
}

const compress = {
  br: (body: Buffer) => promisify(brotliCompress)(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body: Buffer) => promisify(gzip)(body, { level: 9 }),
};

/** Throws at start when a file is missing, so a broken deploy never serves unstyled pages. */
export function loadSiteAssets(dir: string): SiteAssets {
  const require = createRequire(import.meta.url);
  const paths: [AssetName, string][] = [
    ...ASSET_NAMES.map((name): [AssetName, string] => [name, join(dir, name)]),
    ...Object.entries(VENDOR_ASSETS).map(([name, specifier]): [AssetName, string] => [name as AssetName, require.resolve(specifier)]),
  ];
  const byName = new Map<AssetName, Asset>();
  const byHashedName = new Map<string, Asset>();
  for (const [name, path] of paths) {
    const asset = toAsset(name, readFileSync(path));
    byName.set(name, asset);
    byHashedName.set(asset.hashedName, asset);
  }
  const favicon = { ...toAsset('favicon.ico', makeFavicon(byName.get('icon.svg')!.body)), hashedName: 'favicon.ico' };
  // The renderer's bundle is 1.7 MB: compressing it per request would cost ~40 ms of CPU each time.
  const variants = new Map<string, Promise<Buffer>>();
  return {
    favicon,
    url: (name) => `${ASSET_PREFIX}${byName.get(name)!.hashedName}`,
    find: (hashedName) => byHashedName.get(hashedName),
    compressed: (asset, encoding) => {
      const key = `${encoding} ${asset.hashedName}`;
      let variant = variants.get(key);
      if (variant === undefined) {
        variant = compress[encoding](asset.body);
        variants.set(key, variant);
      }
      return variant;
    },
  };
}

function toAsset(name: string, body: Buffer): Asset {
  const digest = createHash('sha256').update(body).digest('hex');
  const extension = extname(name);
  return {
    hashedName: `${name.slice(0, -extension.length)}.${digest.slice(0, 16)}${extension}`,
    contentType: CONTENT_TYPES[extension]!,
    etag: `"${digest.slice(0, 32)}"`,
    body,
  };
}

/** Unknown names (an old hash included) fall through to the JSON 404. */
export function createAssetRouter(assets: SiteAssets): Router {
  const router = Router();
  router.get(`${ASSET_PREFIX}:file`, async (req, res, next) => {
    const asset = assets.find(req.params.file);
    if (asset === undefined) return next();
    const encoding = chooseEncoding(req.get('accept-encoding'), true);
    const body = encoding === null ? asset.body : await assets.compressed(asset, encoding);
    setAssetHeaders(res, { contentType: asset.contentType, etag: etagOf(asset.etag, encoding) });
    res.setHeader('Vary', 'Accept-Encoding');
    // Encoded here: the asset router is mounted before the compression middleware (app.ts).
    if (encoding !== null) res.setHeader('Content-Encoding', encoding);
    // res.send answers a matching If-None-Match with 304 and HEAD without a body.
    res.send(body);
  });
  // PNGs inside: compressing them again gains nothing.
  router.get(FAVICON_PATH, (_req, res) => {
    const { favicon } = assets;
    setAssetHeaders(res, { contentType: favicon.contentType, etag: favicon.etag });
    res.setHeader('Cache-Control', FAVICON_CACHE_CONTROL);
    res.send(favicon.body);
  });
  return router;
}
