import { blockingRead } from './blocking-query';
import { healthEntryJson } from './catalog-entries';
import { nodeMetaFilter } from './catalog-reads';
import { checksOf, instancesOf, serviceIndex } from './catalog-store';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { json, methodNotAllowed, text } from './double-http';
import type { DoubleState } from './double-state';

/**
 * `GET /v1/health/service/<name>` (?passing, ?tag, ?node-meta): the instances with their node's
 * and their own checks. `?passing` as Consul parses it: no value or a Go true filters, a Go false
 * does not, anything else is a 400. A blocking read with a node-meta key that is not a plain
 * identifier fails as 1.10's streaming backend does (it turns the filter into an expression).
 */
export async function handleHealthService(state: DoubleState, request: DoubleRequest): Promise<DoubleResponse> {
  if (request.method !== 'GET') return methodNotAllowed(request.method, ['GET']);
  const name = request.path.slice('/health/service/'.length);
  if (name === '') return text(400, 'Missing service name');
  const { query, authz } = request;
  const blocking = Number(query.get('index') ?? '0') > 0;
  const oddKey = query.getAll('node-meta').map((filter) => filter.split(':')[0] ?? '').find((key) => !/^[A-Za-z0-9_]+$/.test(key));
  if (blocking && oddKey !== undefined) {
    const offset = 'Node.Meta.'.length + oddKey.length + 2;
    return text(500, `1:${offset + 1} (${offset}): no match found, expected: ".", "[", [ \\t\\r\\n], [a-zA-Z0-9_] or EOF`);
  }
  const passing = parsePassing(query);
  const onNode = nodeMetaFilter(query);
  const tags = query.getAll('tag');
  return blockingRead(state, request, () => {
    const all = instancesOf(state, name).map(({ node, service }) => ({ node, service, checks: checksOf(state, service) }));
    const entries = all
      .filter(({ node, service }) => onNode(node) && tags.every((tag) => service.tags.includes(tag)))
      .filter(({ node }) => authz.allows('node', node.node, 'read') && authz.allows('service', name, 'read'))
      .filter(({ checks }) => passing !== true || checks.every((check) => check.status === 'passing'));
    const index = serviceIndex(state, name);
    const watch = JSON.stringify(all);
    if (passing === 'invalid') return { index, response: text(400, 'Invalid value for ?passing'), watch };
    return { index, response: json(entries.map(({ node, service, checks }) => healthEntryJson(node, service, checks))), watch };
  });
}

function parsePassing(query: URLSearchParams): boolean | 'invalid' {
  if (!query.has('passing')) return false;
  const value = query.get('passing') ?? '';
  if (value === '' || ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  return ['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value) ? false : 'invalid';
}
