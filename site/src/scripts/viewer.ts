// The image viewer: a native modal <dialog>, so focus trapping, Escape and the backdrop come
// from the browser. Previous/Next (and the arrow keys) walk the gallery.
import type { ImageView } from '../../../core/api/contract.ts';
import { byId, element, link } from './dom.ts';
import { buildFrame } from './picture.ts';

export interface Viewer {
  /** Shows image `index`; `opener` gets the focus back when the viewer closes. */
  open(index: number, opener: HTMLElement): void;
}

/** Wires the page's `dialog#viewer` to `images`, which may grow as more pages load. */
export function createViewer(images: readonly ImageView[]): Viewer {
  const dialog = byId('viewer', HTMLDialogElement);
  const figure = byId('viewer-figure', HTMLElement);
  const count = byId('viewer-count', HTMLSpanElement);
  const previous = byId('viewer-prev', HTMLButtonElement);
  const next = byId('viewer-next', HTMLButtonElement);
  let index = 0;
  let opener: HTMLElement | undefined;

  /** Shows image `target`, wrapping at both ends so the arrows always do something. */
  function show(target: number): void {
    const total = images.length;
    index = ((target % total) + total) % total;
    const image = images[index];
    if (image === undefined) return;
    figure.replaceChildren(...figureContent(image));
    count.textContent = `${index + 1} of ${total}`;
    previous.hidden = total < 2;
    next.hidden = total < 2;
  }

  previous.addEventListener('click', () => show(index - 1));
  next.addEventListener('click', () => show(index + 1));
  byId('viewer-close', HTMLButtonElement).addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || images.length < 2) return;
    if (event.key === 'ArrowLeft') show(index - 1);
    else if (event.key === 'ArrowRight') show(index + 1);
    else return;
    event.preventDefault();
  });
  // However it closes (button, Escape, backdrop), focus goes back to where the user was.
  dialog.addEventListener('close', () => opener?.focus());

  return {
    open(target, from) {
      opener = from;
      show(target);
      if (!dialog.open) dialog.showModal();
    },
  };
}

/** The large picture, its caption and a link to where it was published. */
function figureContent(image: ImageView): Node[] {
  const frame = buildFrame(image, { sizes: '100vw', eager: true, highPriority: true });
  const caption = element('figcaption', 'viewer-caption');
  if (image.provenance.caption) caption.append(element('p', undefined, image.provenance.caption));
  const source =
    link(image.provenance.permalink, 'View source') ??
    link(image.provenance.pageUrl, 'View source');
  if (source !== undefined) {
    const line = element('p', 'viewer-source');
    line.append(source);
    caption.append(line);
  }
  return caption.childElementCount > 0 ? [frame, caption] : [frame];
}
