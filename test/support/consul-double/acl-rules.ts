export type AclResource = 'key' | 'session' | 'node' | 'service' | 'agent';
export type AclAccess = 'read' | 'write';
type Policy = 'read' | 'write' | 'deny';

export interface AclRule {
  readonly resource: AclResource;
  /** The name (`key "a/b"`) or the prefix (`key_prefix "a/"`). */
  readonly name: string;
  readonly prefix: boolean;
  readonly policy: Policy;
}

/** What a request's token may do. */
export interface Authorizer {
  allows(resource: AclResource, name: string, access: AclAccess): boolean;
  /** Write on every key under a prefix (a recursive delete). */
  allowsKeyPrefixWrite(prefix: string): boolean;
  /** ACL management (acl/policy, acl/token). */
  readonly management: boolean;
}

export const allowAll: Authorizer = { allows: () => true, allowsKeyPrefixWrite: () => true, management: true };

const rulePattern = /\b(key|session|node|service|agent)(_prefix)?\s+"([^"]*)"\s*\{\s*policy\s*=\s*"(read|write|deny)"\s*\}/g;

/** The subset of Consul's HCL rules docker-flow's policies use: `<resource>[_prefix] "<name>" { policy = "read|write|deny" }`, `#` comments. */
export function parseAclRules(text: string): readonly AclRule[] {
  const withoutComments = text.replace(/#[^\n]*/g, '');
  return [...withoutComments.matchAll(rulePattern)].map((match) => ({
    resource: resourceOf(match[1] ?? ''),
    prefix: match[2] !== undefined,
    name: match[3] ?? '',
    policy: policyOf(match[4] ?? ''),
  }));
}

/**
 * Rules as Consul applies them with default policy deny: an exact rule wins, else the longest
 * matching prefix rule, else nothing is allowed. `write` implies `read`.
 */
export function authorizerOf(rules: readonly AclRule[]): Authorizer {
  const effective = (resource: AclResource, name: string): Policy => {
    const mine = rules.filter((rule) => rule.resource === resource);
    const exact = mine.filter((rule) => !rule.prefix && rule.name === name);
    if (exact.length > 0) return strongest(exact);
    const prefixes = mine.filter((rule) => rule.prefix && name.startsWith(rule.name));
    const longest = Math.max(-1, ...prefixes.map((rule) => rule.name.length));
    return longest < 0 ? 'deny' : strongest(prefixes.filter((rule) => rule.name.length === longest));
  };
  const grants = (policy: Policy, access: AclAccess): boolean => policy === 'write' || (policy === 'read' && access === 'read');
  return {
    management: false,
    allows: (resource, name, access) => grants(effective(resource, name), access),
    allowsKeyPrefixWrite: (prefix) =>
      grants(effective('key', prefix), 'write') && rules.every((rule) => rule.resource !== 'key' || !rule.name.startsWith(prefix) || rule.policy === 'write'),
  };
}

/** Several policies on one token: deny beats write beats read, for the same rule. */
function strongest(rules: readonly AclRule[]): Policy {
  if (rules.some((rule) => rule.policy === 'deny')) return 'deny';
  return rules.some((rule) => rule.policy === 'write') ? 'write' : 'read';
}

function resourceOf(text: string): AclResource {
  if (text === 'key' || text === 'session' || text === 'node' || text === 'service' || text === 'agent') return text;
  throw new Error(`unknown ACL resource ${text}`);
}

function policyOf(text: string): Policy {
  if (text === 'read' || text === 'write' || text === 'deny') return text;
  throw new Error(`unknown ACL policy ${text}`);
}
