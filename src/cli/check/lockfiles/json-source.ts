// JSON read with momoa, so the JSON readers can point at the line of each entry and of each syntax
// error. Walks the syntax tree only; what the nodes mean is each reader's business.

import { parse, type ValueNode } from '@humanwhocodes/momoa';
import { InputError } from '../check-report.js';

export type { ValueNode };

/** The document's top value; a syntax error is an InputError at the line momoa names. */
export function parseJson(file: string, text: string, what: string): ValueNode {
  try {
    return parse(text, { mode: 'json' }).body;
  } catch (error) {
    const line = error instanceof Error && 'line' in error && typeof error.line === 'number' ? error.line : null;
    throw new InputError(`not valid JSON, so not a readable ${what}: ${error instanceof Error ? error.message : String(error)}`, file, line);
  }
}

export interface JsonMember {
  key: string;
  node: ValueNode;
  /** 1-based line of the member's key. */
  line: number;
}

/** An object's members in file order; none when the node is not an object. */
export function membersOf(node: ValueNode | undefined): JsonMember[] {
  if (node?.type !== 'Object') return [];
  return node.members.map((member) => ({
    key: member.name.type === 'String' ? member.name.value : member.name.name,
    node: member.value,
    line: member.loc?.start.line ?? member.name.loc?.start.line ?? 0,
  }));
}

/** The value of an object's member, when the node is an object that has it (the last one, as JSON.parse). */
export function memberOf(node: ValueNode | undefined, key: string): ValueNode | undefined {
  return membersOf(node).findLast((member) => member.key === key)?.node;
}

export function elementsOf(node: ValueNode | undefined): ValueNode[] {
  return node?.type === 'Array' ? node.elements.map((element) => element.value) : [];
}

export function stringOf(node: ValueNode | undefined): string | null {
  return node?.type === 'String' ? node.value : null;
}

export function lineOf(node: ValueNode | undefined): number | null {
  return node?.loc?.start.line ?? null;
}
