// Typo tolerance, one home for both engines: the folded keys one edit away from what was typed
// (Damerau–Levenshtein distance 1: a character missing, one extra, one changed, or two neighbours
// swapped). The stores look them up as exact keys through the name indexes search already reads,
// so the fallback needs no index of its own and costs imports nothing.

/** Characters tried for an insertion or a change: what names are mostly made of. The key's own are tried too. */
const TYPO_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-_.';
/** Shorter keys are one edit away from too many unrelated names to suggest any. */
export const MIN_TYPO_CHARS = 3;
/** Longer keys are not looked up: the variants grow with the length (about 80 per character). */
export const MAX_TYPO_CHARS = 40;

/**
 * Every key at distance exactly 1 from `key` (a folded name, last segment or alias), once each;
 * none for keys outside MIN_TYPO_CHARS…MAX_TYPO_CHARS characters (code points).
 */
export function nearKeys(key: string): string[] {
  const chars = [...key];
  const n = chars.length;
  if (n < MIN_TYPO_CHARS || n > MAX_TYPO_CHARS) return [];
  const alphabet = [...new Set([...TYPO_ALPHABET, ...chars])];
  const near = new Set<string>();
  const joined = (parts: string[]): string => parts.join('');
  for (let i = 0; i < n; i++) {
    near.add(joined([...chars.slice(0, i), ...chars.slice(i + 1)]));
    if (i + 1 < n) near.add(joined([...chars.slice(0, i), chars[i + 1]!, chars[i]!, ...chars.slice(i + 2)]));
    for (const c of alphabet) near.add(joined([...chars.slice(0, i), c, ...chars.slice(i + 1)]));
  }
  for (let i = 0; i <= n; i++) {
    for (const c of alphabet) near.add(joined([...chars.slice(0, i), c, ...chars.slice(i)]));
  }
  near.delete(key);
  return [...near];
}
