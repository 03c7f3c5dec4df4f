// Instagram's rule for handles, the one definition: the registry's schema, the scraper and
// the site (which links only a handle that passes) all use it. No imports: the site bundles it.

/** Letters, digits, periods and underscores, up to 30; no leading, trailing or double period. Lower-case, as the registry stores it. */
export const INSTAGRAM_HANDLE = /^(?!.*\.\.)(?!\.)[a-z0-9._]{1,30}(?<!\.)$/;
