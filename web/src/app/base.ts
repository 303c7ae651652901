// The app's root path, from the <base href> the server writes for [server] root_url sub
// paths: "" at the host's root, "/grafana" under https://host/grafana/.

export function basePath(): string {
  // Only a real <base>: without one, baseURI is the page's own URL.
  if (!document.querySelector('base[href]')) return '';
  const path = new URL(document.baseURI).pathname.replace(/\/+$/, '');
  return path === '/' ? '' : path;
}

/** An app route from a server URL (`/d/uid/slug` or `/grafana/d/uid/slug`). */
export function routeFromUrl(url: string): string {
  const base = basePath();
  return base && url.startsWith(`${base}/`) ? url.slice(base.length) : url;
}
