import { createHash, randomUUID } from 'node:crypto';
import type { AclRule, Authorizer } from './acl-rules';
import { allowAll, authorizerOf, parseAclRules } from './acl-rules';

export interface AclPolicyRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly rules: string;
  readonly parsed: readonly AclRule[];
  readonly createIndex: number;
}

export interface AclTokenRecord {
  readonly accessorId: string;
  readonly secretId: string;
  readonly description: string;
  readonly policyIds: readonly string[];
  readonly createTime: string;
  readonly createIndex: number;
}

/** No token: Consul's anonymous token, which (default deny, no policy) may do nothing. */
const anonymous = authorizerOf([]);

/**
 * ACLs as an agent with `default_policy = "deny"` has them: a management token given at start,
 * policies and tokens made through the ACL API, each token allowed what its policies' rules say.
 */
export class AclStore {
  readonly policies = new Map<string, AclPolicyRecord>();
  readonly tokens = new Map<string, AclTokenRecord>();

  constructor(readonly managementToken: string) {}

  /** The authorizer of a request's token; undefined for a token the agent does not know ("ACL not found"). */
  resolve(secret: string | undefined): Authorizer | undefined {
    if (secret === undefined || secret === '') return anonymous;
    if (secret === this.managementToken) return allowAll;
    const token = this.tokens.get(secret);
    if (token === undefined) return undefined;
    return authorizerOf(token.policyIds.flatMap((id) => this.policies.get(id)?.parsed ?? []));
  }

  addPolicy(name: string, description: string, rules: string, index: number): AclPolicyRecord {
    const policy = { id: randomUUID(), name, description, rules, parsed: parseAclRules(rules), createIndex: index };
    this.policies.set(policy.id, policy);
    return policy;
  }

  addToken(description: string, policyIds: readonly string[], index: number): AclTokenRecord {
    const token = { accessorId: randomUUID(), secretId: randomUUID(), description, policyIds, createTime: new Date().toISOString(), createIndex: index };
    this.tokens.set(token.secretId, token);
    return token;
  }

  policyByName(name: string): AclPolicyRecord | undefined {
    return [...this.policies.values()].find((policy) => policy.name === name);
  }
}

/** Consul's Hash fields: a digest of the object, base64. */
export function aclHash(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('base64');
}
