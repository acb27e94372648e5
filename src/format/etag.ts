/** HTTP entity tags, shared by the API's cached answers and the page's files. */

/** Does an If-None-Match header match this ETag? */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
