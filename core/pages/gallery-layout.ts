// The gallery grid of the site, in numbers the markup needs: the `sizes` attribute of every
// portfolio image and how many images make the first row (eager, high priority).

/**
 * The site's grid (site/src/styles/site.css: `main` has 1rem of padding each side, columns a
 * 1rem gap): from each minimum viewport width, its columns and the width of one. The
 * `sizes` attribute and the count of images on the first row both come from it.
 */
export const GALLERY_LAYOUTS = [
  { minWidth: 1100, columns: 3, slot: '360px' },
  { minWidth: 700, columns: 2, slot: 'calc(50vw - 1.5rem)' },
  { minWidth: 0, columns: 1, slot: 'calc(100vw - 2rem)' },
] as const;

/** The `sizes` attribute matching the site's gallery grid. */
export const GALLERY_SIZES = GALLERY_LAYOUTS.map((layout) =>
  layout.minWidth > 0 ? `(min-width: ${layout.minWidth}px) ${layout.slot}` : layout.slot,
).join(', ');
