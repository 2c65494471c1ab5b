/**
 * What Go's http.ServeMux does with a request path before Consul's handlers see it: decodes it
 * once (`%2F` becomes `/`), then cleans it (`//` → `/`, `..` resolved, a trailing `/` kept).
 * When cleaning changed it, the agent answers 301 to the clean path and stores nothing.
 */
export function decodeAndClean(rawPath: string): { readonly decoded: string; readonly clean: string } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  const rooted = decoded.startsWith('/') ? decoded : `/${decoded}`;
  const parts: string[] = [];
  for (const part of rooted.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  let clean = `/${parts.join('/')}`;
  if (rooted.endsWith('/') && clean !== '/') clean += '/';
  return { decoded, clean };
}

/** Go's http.Redirect: a Location, and for GET and HEAD a small HTML body. */
export function redirectBody(location: string): string {
  const escaped = location.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
  return `<a href="${escaped}">Moved Permanently</a>.\n\n`;
}
