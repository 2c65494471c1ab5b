import { aclHash } from './acl-store';
import type { AclPolicyRecord, AclStore, AclTokenRecord } from './acl-store';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { empty, field, isResponse, json, methodNotAllowed, parseBodyObject, permissionDenied, recordList, stringField, text } from './double-http';
import type { DoubleState } from './double-state';

/** `PUT /v1/acl/policy`, `PUT /v1/acl/token` (management token only) and `GET /v1/acl/token/self`. */
export function handleAcl(state: DoubleState, request: DoubleRequest, secret: string | undefined): DoubleResponse {
  const acl = state.acl;
  if (acl === undefined) return text(401, 'ACL support disabled');
  if (request.path === '/acl/token/self') {
    if (request.method !== 'GET') return methodNotAllowed(request.method, ['GET']);
    const token = secret === undefined ? undefined : acl.tokens.get(secret);
    const index = state.index('acl-tokens');
    return token === undefined ? text(403, 'ACL not found', index) : json(tokenJson(acl, token), index);
  }
  if (request.path !== '/acl/policy' && request.path !== '/acl/token') return empty(404);
  if (request.method !== 'PUT') return methodNotAllowed(request.method, ['PUT']);
  if (!request.authz.management) return permissionDenied();
  const body = parseBodyObject(request);
  if (isResponse(body)) return body;
  const index = state.nextIndex();
  if (request.path === '/acl/policy') {
    const policy = acl.addPolicy(stringField(body, 'Name') ?? '', stringField(body, 'Description') ?? '', stringField(body, 'Rules') ?? '', index);
    state.bump('acl-policies', index);
    return json(policyJson(policy));
  }
  const ids = recordList(field(body, 'Policies')).flatMap((link) => stringField(link, 'ID') ?? acl.policyByName(stringField(link, 'Name') ?? '')?.id ?? []);
  const token = acl.addToken(stringField(body, 'Description') ?? '', ids, index);
  state.bump('acl-tokens', index);
  return json(tokenJson(acl, token));
}

function policyJson(policy: AclPolicyRecord): Readonly<Record<string, unknown>> {
  return {
    ID: policy.id,
    Name: policy.name,
    Description: policy.description,
    Rules: policy.rules,
    Hash: aclHash(policy.name, policy.rules),
    CreateIndex: policy.createIndex,
    ModifyIndex: policy.createIndex,
  };
}

function tokenJson(acl: AclStore, token: AclTokenRecord): Readonly<Record<string, unknown>> {
  return {
    AccessorID: token.accessorId,
    SecretID: token.secretId,
    Description: token.description,
    Policies: token.policyIds.map((id) => ({ ID: id, Name: acl.policies.get(id)?.name ?? '' })),
    Local: false,
    CreateTime: token.createTime,
    Hash: aclHash(token.secretId, ...token.policyIds),
    CreateIndex: token.createIndex,
    ModifyIndex: token.createIndex,
  };
}
