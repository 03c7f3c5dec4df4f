// The artist directory is a static shell: every page is built once and fills itself from
// the same-origin /api at run time, so new artists and images appear without a rebuild.
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  // `artists/index.html` serves every /artists/<slug>/ through the CDN rewrite.
  build: { format: 'directory' },
  // The toolbar only exists in dev, and the site sends nothing to third parties.
  devToolbar: { enabled: false },
});
