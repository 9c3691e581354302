// The one escaping of text for XML and HTML, in element content and in quoted attribute values:
// the five characters that can end a text or an attribute become entities, nothing else changes.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
