// The directory's filters: each artist is found under their city, under each of their styles,
// and under both, through index items in a partition of their own (DIRECTORY#<slug>), one per
// filter, in the collection `ARTISTS#<filter>` sorted by slug. A filtered directory page is then
// one Query of that collection and a GetItem per artist listed: never a Scan. The entry is made
// again from the profile and the shown images whenever either changes (refresh), so it cannot
// drift from them for long.
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TableItems } from '../store/table-items.ts';
import { itemKeys, primaryKey, TABLE } from '../store/table-schema.ts';
import { artistStyles, foldText, type Style, stylesOf } from '../vocabulary/styles.ts';
import { ArtistRegistry } from './artists.ts';

/** Longest a city's key may be. */
const MAX_CITY_KEY = 60;

/**
 * A city as the directory matches it: case and accents aside, words joined by hyphens
 * ("São Paulo" and "sao-paulo" are one city); undefined when nothing is left or it is too long.
 */
export function cityKey(city: string): string | undefined {
  const key = foldText(city)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return key.length > 0 && key.length <= MAX_CITY_KEY ? key : undefined;
}

/** A city of the directory: its key, its name as first registered, how many artists are there. */
export interface DirectoryCity {
  key: string;
  name: string;
  artists: number;
}

/** Folds the cities collection's items (sorted by city key) into one entry per city. */
export function citiesOf(items: readonly Record<string, unknown>[]): DirectoryCity[] {
  const cities: DirectoryCity[] = [];
  for (const item of items) {
    const sort = String(item[TABLE.indexes.byCollection.sortKey] ?? '');
    const key = sort.slice(0, sort.lastIndexOf('#'));
    const last = cities.at(-1);
    if (last?.key === key) last.artists++;
    else if (key) cities.push({ key, name: String(item.city ?? key), artists: 1 });
  }
  return cities;
}

/** What a visitor filters the directory by; both optional. */
export interface DirectoryFilter {
  /** A city key (cityKey). */
  city?: string | undefined;
  style?: Style | undefined;
}

/** The filter's name in its collection and its item's sort key: `city=lyon&style=blackwork`. */
export function filterName(filter: DirectoryFilter): string | undefined {
  const parts = [
    ...(filter.city ? [`city=${filter.city}`] : []),
    ...(filter.style ? [`style=${filter.style}`] : []),
  ];
  return parts.length > 0 ? parts.join('&') : undefined;
}

/** Every filter an artist in `city` with `styles` is found under. */
export function filtersOf(city: string | undefined, styles: readonly Style[]): string[] {
  const key = city === undefined ? undefined : cityKey(city);
  const filters: DirectoryFilter[] = [
    ...(key ? [{ city: key }] : []),
    ...styles.flatMap((style) => [{ style }, ...(key ? [{ city: key, style }] : [])]),
  ];
  return filters.flatMap((filter) => filterName(filter) ?? []);
}

export class DirectoryIndex extends TableItems {
  /**
   * Makes the artist's directory entry agree with their profile and shown images: their styles
   * on the profile (for the cards), and one index item per filter they are found under.
   * @returns the artist's styles; undefined (and no entry left) when there is no such artist.
   */
  async refresh(slug: string): Promise<Style[] | undefined> {
    return (await this.update(slug)).styles;
  }

  /**
   * Refreshes the artist's entry as `refresh` does.
   * @returns the artist's styles, and how many of the entry's items (and the profile's styles)
   *   had to be written or deleted: none when it agreed already.
   */
  async update(slug: string): Promise<{ styles: Style[] | undefined; changed: number }> {
    let changed = 0;
    const registry = new ArtistRegistry(this.dynamo, this.tableName, () => {});
    const profile = await registry.getWithStyles(slug, { consistent: true });
    const artist = profile?.artist;
    const styles = artist ? artistStyles(await this.imageStyles(slug)) : [];
    const index = TABLE.indexes.byCollection;
    const pk = itemKeys.directoryPk(slug);
    const city = artist?.city === undefined ? undefined : cityKey(artist.city);
    // Each item by its sort key: one per filter, and the artist's place among the cities.
    const wanted = new Map<string, Record<string, unknown>>(
      (artist ? filtersOf(artist.city, styles) : []).map((filter) => [
        filter,
        {
          [index.partitionKey]: itemKeys.filteredArtistsCollection(filter),
          [index.sortKey]: slug,
        },
      ]),
    );
    if (artist?.city !== undefined && city !== undefined) {
      wanted.set(itemKeys.citySk, {
        [index.partitionKey]: itemKeys.citiesCollection,
        [index.sortKey]: `${city}#${slug}`,
        city: artist.city,
      });
    }
    // Only what changed is written: most images change none of an artist's filters.
    const held = await this.itemsHeld(slug);
    for (const sk of held.keys()) {
      if (wanted.has(sk)) continue;
      changed++;
      await this.dynamo.send(
        new DeleteCommand({ TableName: this.tableName, Key: primaryKey(pk, sk) }),
      );
    }
    for (const [sk, attributes] of wanted) {
      const item = held.get(sk);
      if (item && Object.entries(attributes).every(([name, value]) => item[name] === value))
        continue;
      changed++;
      await this.dynamo.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...primaryKey(pk, sk), ...attributes, type: 'directory' },
        }),
      );
    }
    if (!artist) return { styles: undefined, changed };
    if (!sameStyles(profile?.styles, styles)) {
      changed++;
      await registry.setOnProfile(slug, { styles });
    }
    return { styles, changed };
  }

  /**
   * The styles of each of the artist's shown images, read from their own partition (a
   * consistent read: the index may not hold the image the optimizer just wrote).
   */
  private async imageStyles(slug: string): Promise<Style[][]> {
    const styles: Style[][] = [];
    for await (const item of this.partition(
      itemKeys.artistPk(slug),
      itemKeys.imageSkPrefix,
      true,
    )) {
      if (item.status !== 'ok') continue;
      const caption = (item.provenance as { caption?: unknown } | undefined)?.caption;
      styles.push(stylesOf(typeof caption === 'string' ? caption : undefined));
    }
    return styles;
  }

  /** The items the artist's entry holds now, by sort key. */
  private async itemsHeld(slug: string): Promise<Map<string, Record<string, unknown>>> {
    const held = new Map<string, Record<string, unknown>>();
    for await (const item of this.partition(itemKeys.directoryPk(slug))) {
      held.set(String(item[TABLE.sortKey]), item);
    }
    return held;
  }
}

/** Whether the profile's styles (absent on older profiles) are `styles`, in the same order. */
function sameStyles(held: readonly Style[] | undefined, styles: readonly Style[]): boolean {
  return (
    held !== undefined && held.length === styles.length && held.every((s, k) => s === styles[k])
  );
}
