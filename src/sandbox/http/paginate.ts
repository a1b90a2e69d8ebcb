import { unprocessable } from './http-error.js';
import type { RouteReply } from './router.js';

export interface Page<T> {
  items: T[];
  /** RFC 8288 `Link` header with first/prev/next/last, absent when everything fits on one page. */
  link?: string;
}

/** Slices `items` the way GitHub does for `per_page` (default 30, max 100) and `page` (from 1). */
export function paginate<T>(items: T[], requestUrl: URL): Page<T> {
  const perPage = Math.min(numberParam(requestUrl, 'per_page', 30), 100);
  const page = numberParam(requestUrl, 'page', 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (last === 1) return { items: slice };
  const at = (n: number): string => {
    const url = new URL(requestUrl);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(n));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${at(page - 1)}>; rel="prev"`);
  if (page < last) links.push(`<${at(page + 1)}>; rel="next"`);
  links.push(`<${at(last)}>; rel="last"`, `<${at(1)}>; rel="first"`);
  return { items: slice, link: links.join(', ') };
}

function numberParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw unprocessable(`Invalid value for parameter '${name}': ${raw}`);
  return value;
}

/** A list answer: one page of `items` with its `Link` header. */
export function listed<T>(items: T[], url: URL): RouteReply {
  const page = paginate(items, url);
  return { json: page.items, ...(page.link && { headers: { link: page.link } }) };
}
