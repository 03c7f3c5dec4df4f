// DOM helpers shared by the pages. API data only ever reaches the page through `textContent`
// and attributes set here, never through HTML parsing.

/** A new element with an optional class and text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The element with this id. The page's own HTML provides it, so a miss is a build mistake;
 * failing loudly here beats a silent blank page.
 */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} is missing`);
  return node;
}

/**
 * An href for a link the API supplied, or undefined. Only http(s) passes, which keeps out
 * `javascript:` and `data:` URLs; relative paths resolve against this page first.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link with text, or undefined when the URL is not safe to link to. */
export function link(url: string | undefined, text: string): HTMLAnchorElement | undefined {
  const href = safeHref(url);
  if (href === undefined) return undefined;
  const anchor = element('a', undefined, text);
  anchor.href = href;
  return anchor;
}

/** Removes the status line (loading or error text, and the no-script note) from a grid. */
export function clearStatus(container: HTMLElement): void {
  for (const status of container.querySelectorAll(':scope > .status, :scope > noscript')) {
    status.remove();
  }
}

/**
 * Replaces a grid's status line. It is always a fresh node: a node that appears is not a
 * layout shift, whereas an existing one that moves or grows pushes what follows it.
 */
export function showStatus(container: HTMLElement, ...content: (string | Node)[]): void {
  clearStatus(container);
  const status = element('p', 'status');
  status.setAttribute('role', 'status');
  status.append(...content);
  container.prepend(status);
}
