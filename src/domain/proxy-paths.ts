import { ConfigError } from '../errors';

/** ASCII characters a routed path may hold as they are (RFC 3986 pchar and `/`, minus what HAProxy's config parser treats specially). */
const plainCharacter = /^[A-Za-z0-9\-._~!&()*+,;=:@/]$/;
const percentTriplet = /^%[0-9A-Fa-f]{2}$/;

/**
 * A service path as HAProxy will match it: non-ASCII characters percent-encoded (UTF-8), a trailing
 * slash dropped (`/demo/` routes like `/demo`), everything that would break the configuration or is not
 * part of a URL path (spaces, quotes, `#`, `?`, backslash, `$`, braces...) rejected with ConfigError.
 */
export function normaliseProxyPath(raw: string, serviceName: string): string {
  const reject = (reason: string, hint: string): never => {
    throw new ConfigError('--service-path', `${JSON.stringify(raw)} of service ${serviceName} cannot be routed: ${reason}`, { hint });
  };
  if (!raw.startsWith('/')) reject('a path must start with "/"', `use "/${raw}"`);
  let encoded = '';
  for (let index = 0; index < raw.length; index += 1) {
    const character = raw.charAt(index);
    if (character === '%') {
      const triplet = raw.slice(index, index + 3);
      if (!percentTriplet.test(triplet)) reject(`"%" at position ${index + 1} does not start a %XX escape`, 'write a literal percent sign as %25');
      encoded += triplet.toUpperCase();
      index += 2;
    } else if (plainCharacter.test(character)) {
      encoded += character;
    } else if (character.charCodeAt(0) > 0x7f) {
      const codePoint = raw.codePointAt(index) ?? 0;
      const whole = String.fromCodePoint(codePoint);
      encoded += encodeURIComponent(whole);
      index += whole.length - 1;
    } else {
      reject(`character ${JSON.stringify(character)} at position ${index + 1} is not allowed in a routed path`, 'percent-encode it (a space is %20, a quote %22) or choose a path of letters, digits, "-", "_", "." and "/"');
    }
  }
  return encoded.length > 1 ? encoded.replace(/\/+$/, '') || '/' : encoded;
}

/** `/demo` matches `/demo` and everything under `/demo/`; `/` matches everything. */
export function pathPrefix(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}
