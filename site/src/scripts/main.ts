// The entry of the site's single script bundle: <body data-page> says which page this is.
// One bundle keeps each page to one script request, with nothing chained behind it.
import { startArtist } from './artist.ts';
import { startDirectory } from './directory.ts';

const page = document.body.dataset.page;
if (page === 'directory') startDirectory();
else if (page === 'artist') startArtist();
