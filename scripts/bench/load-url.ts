import { ConfigError } from '../../src/errors';

const allowed = 'http:// on 127.0.0.0/8 (loopback) or 10.77.0.0/24 (the simulated hosts of scripts/hosts.sh)';

/**
 * The network rule: load only ever goes to loopback or to the simulated hosts our own scripts
 * create. Accepts an http:// URL whose host is an IPv4 literal in 127.0.0.0/8 or 10.77.0.0/24
 * (or `localhost`, which is sent to 127.0.0.1); throws ConfigError for anything else.
 */
export function checkLoadUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigError('url', `"${url}" is not a URL; accepted: ${allowed}`, { hint: 'pass e.g. http://127.0.0.1:18180/bench/', cause: error });
  }
  if (parsed.protocol !== 'http:') {
    throw new ConfigError('url', `"${url}" uses ${parsed.protocol}; accepted: ${allowed}`, { hint: 'use plain http:// to a local address' });
  }
  if (parsed.hostname === 'localhost') parsed.hostname = '127.0.0.1';
  const octets = ipv4Octets(parsed.hostname);
  const inLoopback = octets !== undefined && octets[0] === 127;
  const inSimulatedHosts = octets !== undefined && octets[0] === 10 && octets[1] === 77 && octets[2] === 0;
  if (!inLoopback && !inSimulatedHosts) {
    throw new ConfigError('url', `host "${parsed.hostname}" of "${url}" is outside the allowed networks; accepted: ${allowed}`, {
      hint: 'benchmarks never send load anywhere else; point the URL at 127.0.0.1 or a simulated host',
    });
  }
  return parsed;
}

function ipv4Octets(host: string): readonly number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (match === null) return undefined;
  const octets = match.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}
