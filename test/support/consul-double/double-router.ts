import { handleAcl } from './acl-handlers';
import { handleAgentService } from './agent-services';
import { handleCatalogRead } from './catalog-reads';
import { handleCatalogDeregister, handleCatalogRegister } from './catalog-writes';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { empty, json, methodNotAllowed, permissionDenied } from './double-http';
import type { DoubleState } from './double-state';
import { agentNodeName, serverAddress } from './double-state';
import { handleHealthService } from './health-reads';
import { handleKv } from './kv-handlers';
import { handleSession } from './session-handlers';

/** Sends a request (path after `/v1`, decoded and cleaned) to its endpoint; unknown ones answer an empty 404, as the agent does. */
export async function route(state: DoubleState, request: DoubleRequest, secret: string | undefined): Promise<DoubleResponse> {
  const path = request.path;
  if (path === '/kv' || path.startsWith('/kv/')) return handleKv(state, { ...request, path: path === '/kv' ? '/kv/' : path });
  if (path.startsWith('/session/')) return handleSession(state, request);
  if (path === '/catalog/register') return handleCatalogRegister(state, request);
  if (path === '/catalog/deregister') return handleCatalogDeregister(state, request);
  if (path.startsWith('/health/service/')) return handleHealthService(state, request);
  if (/^\/catalog\/(services|nodes|service\/|node\/)/.test(path) || /^\/health\/(node|checks)\//.test(path)) return handleCatalogRead(state, request);
  if (path === '/agent/services' || path === '/agent/service/register' || path.startsWith('/agent/service/deregister/')) return handleAgentService(state, request);
  if (path.startsWith('/acl/')) return handleAcl(state, request, secret);
  if (path === '/agent/self') {
    if (request.method !== 'GET') return methodNotAllowed(request.method, ['GET']);
    if (!request.authz.allows('agent', agentNodeName, 'read')) return permissionDenied();
    return json({ Config: { Datacenter: 'dc1', NodeName: agentNodeName, Version: '1.10.12' } });
  }
  if (path === '/status/leader') return json(serverAddress);
  if (path === '/status/peers') return json([serverAddress]);
  return empty(404);
}
