import { isAlias, isMap, isPair, isScalar, isSeq, parse } from 'yaml';
import type { Document, Node } from 'yaml';
import { ComposeLocation } from './compose-location';

/** A place in a compose document: `['services', 'app', 'ports']`. */
export type TagPath = readonly string[];

const mergeTags = new Set(['!reset', '!override']);

/**
 * Compose's merge tags (compose-go loader/reset.go): a value tagged `!reset` is dropped from its
 * file and its path is cleared in what the earlier -f files (or the base of an `extends:`) set;
 * a value tagged `!override` replaces what they set instead of merging with it. Both paths are
 * returned (each clears the earlier value); `!reset` nodes are removed from the document and
 * `!override` tags taken off, so the document then reads as plain YAML. Through a `<<` merge key
 * or an alias a tag counts at the place it is used, as in Compose. Any other local tag (`!foo`)
 * is refused: neither Compose nor docker-flow gives it a meaning. A plain integer with a leading 0
 * is read as octal, as go-yaml reads it for Compose.
 */
export function takeMergeTags(document: Document, file: string): readonly TagPath[] {
  const paths: TagPath[] = [];
  const stack = new Set<Node>();
  const collect = (node: unknown, path: TagPath): void => {
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (target === undefined || stack.has(target)) return;
      stack.add(target);
      collect(target, path);
      stack.delete(target);
      return;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return;
    if (node.tag !== undefined && mergeTags.has(node.tag)) {
      paths.push(path);
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair.key);
        collect(pair.value, key === '<<' ? path : [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => collect(item, key(path, index)));
    }
  };
  collect(document.contents, []);
  strip(document.contents, document, file, []);
  return paths;
}

/** A map key as text; the `<<` merge key is a symbol to the parser. */
function keyText(key: unknown): string {
  const value: unknown = isScalar(key) ? key.value : key;
  return typeof value === 'symbol' ? value.description ?? '' : String(value);
}

function key(path: TagPath, index: number): TagPath {
  return [...path, `[${index}]`];
}

/** Removes `!reset` nodes (and aliases of them), takes `!override` tags off; refuses unknown local tags. */
function strip(node: unknown, document: Document, file: string, path: TagPath): void {
  const reset = (value: unknown): boolean => {
    const target = isAlias(value) ? value.resolve(document) : value;
    return (isScalar(target) || isMap(target) || isSeq(target)) && target.tag === '!reset';
  };
  if (isMap(node)) {
    node.items = node.items.filter((pair) => !(isPair(pair) && reset(pair.value)));
    for (const pair of node.items) strip(pair.value, document, file, [...path, keyText(pair.key)]);
  } else if (isSeq(node)) {
    node.items = node.items.filter((item) => !reset(item));
    node.items.forEach((item, index) => strip(item, document, file, key(path, index)));
  }
  if (!isScalar(node) && !isMap(node) && !isSeq(node)) return;
  // go-yaml (compose-go) reads a plain integer with a leading 0 as octal (strconv.ParseInt base 0): 01777 is 1023
  if (isScalar(node) && node.type === 'PLAIN' && typeof node.value === 'number' && typeof node.source === 'string' && /^[-+]?0[0-7]+$/.test(node.source)) {
    node.value = Number.parseInt(node.source, 8);
  }
  if (node.tag === '!override') {
    delete node.tag;
    // the parser read a tagged plain scalar as a string: read it again as the untagged value it is (3, true, null)
    if (isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string') node.value = parse(node.source);
  } else if (node.tag !== undefined && node.tag.startsWith('!') && !node.tag.startsWith('!!') && !mergeTags.has(node.tag)) {
    throw new ComposeLocation(file, path.join('.').replace(/\.\[/g, '[')).error(`has the tag ${node.tag}, which Compose does not define`,
      'remove the tag; Compose files know only !reset (clear what earlier files set) and !override (replace it instead of merging)');
  }
}
