import { isIP } from 'node:net';
import type { PortSpec } from '../domain/service-spec';
import type { ComposeLocation } from './compose-location';
import { describeValue, expectList, expectScalar, isRawMap } from './raw-value';

type Protocol = PortSpec['protocol'];
interface PortRange { readonly start: number; readonly end: number }

export const acceptedPortForms =
  'accepted forms: "8080", "80:8080", "127.0.0.1:80:8080", "127.0.0.1::8080", "8080/udp", "8000-8001:8000-8001", "6005-6015:80", ' +
  'or a map {target: 8080, published: 80, host_ip: 127.0.0.1, protocol: tcp}';
const acceptedExposeForms = 'accepted forms: 3000, "3000", "3000/tcp", "3000-3005"';

/** `ports:` in short ("127.0.0.1:80:8080/tcp", ranges expanded) and long (map) syntax. */
export function parsePorts(value: unknown, where: ComposeLocation): PortSpec[] {
  return expectList(value, where, acceptedPortForms).flatMap((item, index) =>
    isRawMap(item) ? [parseLongPort(item, where.item(index))] : parseShortPort(expectScalar(item, where.item(index), acceptedPortForms), where.item(index)),
  );
}

/** `expose:` container ports ("3000", "3000/udp", "3000-3005"). */
export function parseExpose(value: unknown, where: ComposeLocation): number[] {
  return expectList(value, where, acceptedExposeForms).flatMap((item, index) => {
    const at = where.item(index);
    const text = expectScalar(item, at, acceptedExposeForms);
    const [ports = '', protocol] = text.split('/');
    parseProtocol(protocol, text, at, acceptedExposeForms);
    return expand(parseRange(ports, text, at, acceptedExposeForms));
  });
}

function parseShortPort(text: string, where: ComposeLocation): PortSpec[] {
  const bad = (why: string): Error => where.error(`"${text}" is not a port mapping: ${why}`, acceptedPortForms);
  const slash = text.lastIndexOf('/');
  const protocol = parseProtocol(slash === -1 ? undefined : text.slice(slash + 1), text, where, acceptedPortForms);
  let rest = slash === -1 ? text : text.slice(0, slash);
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:');
    if (close === -1) throw bad('an IPv6 address in [ ] must be followed by :');
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  if (hostIp === undefined && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2 || (hostIp !== undefined && parts.length !== 2)) throw bad('too many ":" (write an IPv6 host address in [ ])');
  if (hostIp !== undefined && isIP(hostIp) === 0) throw bad(`"${hostIp}" is not an IP address`);
  const container = parseRange(parts[parts.length - 1] ?? '', text, where, acceptedPortForms);
  const hostText = parts.length === 2 ? parts[0] ?? '' : '';
  const host = hostText === '' ? undefined : parseRange(hostText, text, where, acceptedPortForms);
  return pairPorts(container, host, protocol, hostIp, bad);
}

const longPortKeys = new Set(['target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol']);

function parseLongPort(map: Readonly<Record<string, unknown>>, where: ComposeLocation): PortSpec {
  const unknown = Object.keys(map).find((key) => !longPortKeys.has(key));
  if (unknown !== undefined) throw where.child(unknown).error('is not a key of a port mapping', `use ${[...longPortKeys].join(', ')}`);
  checkPortMode(map['mode'], where.child('mode'));
  if (map['target'] === undefined || map['target'] === null) throw where.error(`${describeValue(map)} needs target: (the container port)`, acceptedPortForms);
  const target = parseRange(expectScalar(map['target'], where.child('target'), acceptedPortForms), undefined, where.child('target'), acceptedPortForms);
  if (target.start !== target.end) throw where.child('target').error('must be a single port', acceptedPortForms);
  const protocol = parseProtocol(map['protocol'] === undefined ? undefined : expectScalar(map['protocol'], where.child('protocol'), acceptedPortForms), describeValue(map), where.child('protocol'), acceptedPortForms);
  const hostIp = map['host_ip'] === undefined ? undefined : expectScalar(map['host_ip'], where.child('host_ip'), acceptedPortForms);
  if (hostIp !== undefined && isIP(hostIp) === 0) throw where.child('host_ip').error(`"${hostIp}" is not an IP address`, acceptedPortForms);
  const publishedText = map['published'] === undefined || map['published'] === null ? '' : expectScalar(map['published'], where.child('published'), acceptedPortForms);
  const published = publishedText === '' ? undefined : parseRange(publishedText, undefined, where.child('published'), acceptedPortForms);
  const bad = (why: string): Error => where.error(`${describeValue(map)} is not a port mapping: ${why}`, acceptedPortForms);
  const [port] = pairPorts(target, published, protocol, hostIp, bad);
  if (port === undefined) throw bad('no port');
  return port;
}

/**
 * `mode: host` is what docker-flow always does (each instance publishes on its own host);
 * `ingress` is Swarm's routing mesh, which docker-flow does not have: the proxy balances instead.
 */
function checkPortMode(value: unknown, where: ComposeLocation): void {
  if (value === undefined || value === null || value === 'host') return;
  if (value === 'ingress') {
    throw where.error('is ingress, the Swarm routing mesh (any node forwards to any instance); docker-flow publishes each instance on its own host and its proxy balances across hosts',
      'write mode: host (or leave mode out), and route through the proxy (--service-path, --flow=proxy)');
  }
  throw where.error(`must be host or ingress, found ${describeValue(value)}`, 'write mode: host (or leave mode out)');
}

function pairPorts(container: PortRange, host: PortRange | undefined, protocol: Protocol, hostIp: string | undefined, bad: (why: string) => Error): PortSpec[] {
  const containerPorts = expand(container);
  const hostPorts = host === undefined ? undefined : expand(host);
  const [single] = containerPorts;
  if (host !== undefined && host.end > host.start && containerPorts.length === 1 && single !== undefined) {
    // Compose: "6005-6015:80" publishes 80 on a free port of the range, one per instance.
    return [{ containerPort: single, protocol, hostPort: host.start, hostPortEnd: host.end, ...(hostIp === undefined ? {} : { hostIp }) }];
  }
  if (hostPorts !== undefined && hostPorts.length !== containerPorts.length) {
    throw bad(`the host range has ${hostPorts.length} ports but the container range has ${containerPorts.length}; give as many host ports as container ports, one host port, a host range for one container port, or none`);
  }
  return containerPorts.map((containerPort, index) => {
    const hostPort = hostPorts?.[index];
    return { containerPort, protocol, ...(hostPort === undefined ? {} : { hostPort }), ...(hostIp === undefined ? {} : { hostIp }) };
  });
}

/** `whole` is the short-syntax entry the text came from, for the message; absent in the long syntax. */
function parseRange(text: string, whole: string | undefined, where: ComposeLocation, accepted: string): PortRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  const start = Number(match?.[1]);
  const end = match?.[2] === undefined ? start : Number(match[2]);
  if (match === null || !validPort(start) || !validPort(end) || end < start) {
    const prefix = whole === undefined || whole === text ? '' : `"${whole}" is not a port mapping: `;
    throw where.error(`${prefix}"${text}" is not a port (1-65535) or a range of ports (8000-8001)`, accepted);
  }
  return { start, end };
}

function parseProtocol(text: string | undefined, whole: string, where: ComposeLocation, accepted: string): Protocol {
  if (text === undefined || text === 'tcp') return 'tcp';
  if (text === 'udp') return 'udp';
  throw where.error(`"${whole}" has protocol "${text}"; docker-flow supports tcp and udp`, accepted);
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

function expand(range: PortRange): number[] {
  return Array.from({ length: range.end - range.start + 1 }, (_, offset) => range.start + offset);
}
