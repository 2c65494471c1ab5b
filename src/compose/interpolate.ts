import type { ComposeLocation } from './compose-location';
import { isRawMap } from './raw-value';

/** Looks a variable up; undefined when it is not set. */
export type VariableLookup = (name: string) => string | undefined;

/** Called once per reference to a variable that is not set and has no default. */
export type UnsetVariableHandler = (name: string, where: ComposeLocation) => void;

const namePattern = /^[_a-zA-Z][_a-zA-Z0-9]*/;
const bracedPattern = /^([_a-zA-Z][_a-zA-Z0-9]*)(?:(:-|-|:\?|\?|:\+|\+)([\s\S]*))?$/;
const acceptedForms = 'use $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}, ${VAR:+alt}, ${VAR+alt}, or $$ for a literal $';

/**
 * Applies Compose variable interpolation to every string value of a parsed compose document
 * (keys are left alone). Numbers, booleans and null pass through unchanged. A `$` that starts
 * no substitution is kept, as Compose keeps it; `${` must form a valid one.
 */
export function interpolate(value: unknown, lookup: VariableLookup, where: ComposeLocation, onUnset: UnsetVariableHandler): unknown {
  if (typeof value === 'string') return interpolateString(value, lookup, where, onUnset);
  if (Array.isArray(value)) return value.map((item: unknown, index) => interpolate(item, lookup, where.item(index), onUnset));
  if (isRawMap(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = interpolate(item, lookup, where.child(key), onUnset);
    return result;
  }
  return value;
}

/** Interpolates one string; `where` names the value in errors (`:?` failures, bad syntax). */
export function interpolateString(text: string, lookup: VariableLookup, where: ComposeLocation, onUnset: UnsetVariableHandler): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = findClosingBrace(text, dollar + 2);
      if (close === -1) throw where.error(`"${text}" has an unterminated \${`, acceptedForms);
      out += substituteBraced(text.slice(dollar + 2, close), lookup, where, onUnset);
      i = close + 1;
    } else {
      // compose-go's template: a $ that starts no substitution ("a $ string", "^REGEX$", "$5") stays as written
      const name = namePattern.exec(text.slice(dollar + 1))?.[0];
      out += name === undefined ? '$' : valueOrWarn(name, lookup, where, onUnset);
      i = dollar + 1 + (name?.length ?? 0);
    }
  }
  return out;
}

function findClosingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function substituteBraced(inner: string, lookup: VariableLookup, where: ComposeLocation, onUnset: UnsetVariableHandler): string {
  const match = bracedPattern.exec(inner);
  const name = match?.[1];
  if (match === null || name === undefined) throw where.error(`"\${${inner}}" is not a valid substitution`, acceptedForms);
  const operator = match[2];
  const rest = (): string => interpolateString(match[3] ?? '', lookup, where, onUnset);
  const value = lookup(name);
  const empty = value === undefined || value === '';
  switch (operator) {
    case undefined:
      return valueOrWarn(name, lookup, where, onUnset);
    case ':-':
      return empty ? rest() : value;
    case '-':
      return value ?? rest();
    case ':?':
    case '?':
      if (operator === ':?' ? empty : value === undefined) {
        const message = rest();
        throw where.error(`required variable ${name} is missing a value${message === '' ? '' : `: ${message}`}`, `set ${name} in the environment or in the .env file of the project directory`);
      }
      return value ?? '';
    case ':+':
      return empty ? '' : rest();
    default:
      return value === undefined ? '' : rest();
  }
}

function valueOrWarn(name: string, lookup: VariableLookup, where: ComposeLocation, onUnset: UnsetVariableHandler): string {
  const value = lookup(name);
  if (value !== undefined) return value;
  onUnset(name, where);
  return '';
}
