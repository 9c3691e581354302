// Loads the pages' static assets (public/) once at start and names each by a hash of its bytes,
// so a URL never changes meaning and may be cached for a year. Nothing is read from disk per request.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Router } from 'express';
import { setAssetHeaders } from '../response/headers.js';

export const ASSET_PREFIX = '/assets/';
export const ASSET_NAMES = ['site.css', 'builder.js', 'icon.svg'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
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
}

/** Throws at start when a file is missing, so a broken deploy never serves unstyled pages. */
export function loadSiteAssets(dir: string): SiteAssets {
  const byName = new Map<AssetName, Asset>();
  const byHashedName = new Map<string, Asset>();
  for (const name of ASSET_NAMES) {
    const body = readFileSync(join(dir, name));
    const digest = createHash('sha256').update(body).digest('hex');
    const extension = extname(name);
    const asset: Asset = {
      hashedName: `${name.slice(0, -extension.length)}.${digest.slice(0, 16)}${extension}`,
      contentType: CONTENT_TYPES[extension]!,
      etag: `"${digest.slice(0, 32)}"`,
      body,
    };
    byName.set(name, asset);
    byHashedName.set(asset.hashedName, asset);
  }
  return {
    url: (name) => `${ASSET_PREFIX}${byName.get(name)!.hashedName}`,
    find: (hashedName) => byHashedName.get(hashedName),
  };
}

/** Unknown names (an old hash included) fall through to the JSON 404. */
export function createAssetRouter(assets: SiteAssets): Router {
  const router = Router();
  router.get(`${ASSET_PREFIX}:file`, (req, res, next) => {
    const asset = assets.find(req.params.file);
    if (asset === undefined) return next();
    setAssetHeaders(res, asset);
    // res.send answers a matching If-None-Match with 304 and HEAD without a body.
    res.send(asset.body);
  });
  return router;
}
