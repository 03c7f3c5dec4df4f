// The "More" button both pages put after their grid to follow `nextCursor`.

/** What loading one more page added, or undefined when it failed. */
export interface PageLoaded {
  /** The first new item, which takes the focus from the button that disappears. */
  first: HTMLElement | undefined;
  nextCursor: string | undefined;
}

export type LoadPage = (cursor: string) => Promise<PageLoaded | undefined>;

/**
 * Puts a "More" button after `grid` when there is a next page. Each page gets a new button
 * in the same task as the new items: the old one would be moved down by them, which counts
 * as a layout shift, while a new node does not.
 */
export function offerMore(
  grid: HTMLElement,
  label: string,
  cursor: string | undefined,
  load: LoadPage,
): void {
  document.getElementById('more')?.remove();
  if (cursor === undefined) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'more';
  button.className = 'more';
  button.textContent = label;
  button.addEventListener('click', () => void loadMore(button, grid, label, cursor, load));
  grid.after(button);
}

async function loadMore(
  button: HTMLButtonElement,
  grid: HTMLElement,
  label: string,
  cursor: string,
  load: LoadPage,
): Promise<void> {
  // Read before disabling it: a disabled button drops the focus.
  const hadFocus = document.activeElement === button;
  button.disabled = true;
  button.textContent = 'Loading…';
  let page: PageLoaded | undefined;
  try {
    page = await load(cursor);
  } catch {
    page = undefined;
  }
  if (page === undefined) {
    // The button stays where it is, so trying again is one more press.
    button.disabled = false;
    button.textContent = 'Could not load. Try again';
    if (hadFocus) button.focus();
    return;
  }
  offerMore(grid, label, page.nextCursor, load);
  // Keyboard users continue from the first new item rather than from the top of the page.
  if (hadFocus) (page.first ?? document.getElementById('more'))?.focus();
}
