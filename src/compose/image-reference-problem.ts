/**
 * Docker's image reference grammar (distribution/reference):
 * `[registry[:port]/]path[/path...][:tag][@algorithm:hex]`, path parts of lower-case letters and
 * digits joined by `.`, `_`, `__` or dashes. Checked when the compose file is read, so a typo is
 * bad input (exit 2) rather than an engine refusing to inspect or pull it mid-deploy.
 */
const alphanumeric = '[a-z0-9]+';
const pathPart = `${alphanumeric}(?:(?:[._]|__|-+)${alphanumeric})*`;
const domainPart = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = String.raw`(?:${domainPart}(?:\.${domainPart})*|\[[0-9a-fA-F:]+\])(?::\d+)?`;
const namePattern = new RegExp(`^(?:${domain}/)?${pathPart}(?:/${pathPart})*$`);
const tagPattern = /^\w[\w.-]{0,127}$/;
const digestPattern = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;

export const imageReferenceForms = 'write image: [registry[:port]/]name[:tag][@sha256:<64 hex digits>], e.g. docker-flow-demo:v1 or registry.example.com:5000/shop/app:1.2';

/** Why `reference` is not a valid image reference, or undefined when it is one. */
export function imageReferenceProblem(reference: string): string | undefined {
  if (/\s/.test(reference)) return 'it contains whitespace';
  const at = reference.indexOf('@');
  const nameAndTag = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  if (digest !== undefined && (!digestPattern.test(digest) || (digest.startsWith('sha256:') && digest.length !== 'sha256:'.length + 64))) {
    return `the digest "${digest}" is not <algorithm>:<hex digits> (sha256: and 64 hex digits)`;
  }
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;
  if (tag === '') return 'the tag after ":" is empty (a variable in it may be unset)';
  if (tag !== undefined && !tagPattern.test(tag)) {
    return `the tag "${tag}" may hold only letters, digits, "_", "." and "-" (at most 128, not starting with "." or "-")`;
  }
  if (name === '') return 'the repository name is empty';
  if (name.length > 255) return 'the repository name is longer than 255 characters';
  if (namePattern.test(name)) return undefined;
  if (namePattern.test(name.toLowerCase())) return 'repository names must be lower case';
  return `"${name}" is not a repository name: lower-case letters and digits joined by ".", "_" or "-", path parts joined by "/", after an optional registry[:port]/`;
}
