// Reads Cache-Control into directives, so tests check its grammar and values, not a copied string.

export function parseCacheControl(header: string | undefined): Map<string, string | true> {
  const directives = new Map<string, string | true>();
  for (const part of (header ?? '').split(',')) {
    const [name, value] = part.trim().split('=');
    if (!name) continue;
    if (!/^[a-z-]+$/.test(name)) throw new Error(`bad directive ${name}`);
    directives.set(name, value === undefined ? true : value);
  }
  return directives;
}
