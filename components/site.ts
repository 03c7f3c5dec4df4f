// The static site: every file of the Astro build uploaded to the site bucket with its content
// type and cache lifetime. Hashed assets are immutable; pages are revalidated, so a deployment
// shows within a few minutes without an invalidation.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import mime from 'mime';
import { siteCacheControl } from '../core/edge/cdn-policy.ts';

export interface SiteArgs {
  siteBucket: aws.s3.Bucket;
  /** The build directory (`npm run build:site` writes `site/dist`). */
  buildDir: string;
}

export interface SiteFile {
  /** The object key: the path inside the build, with forward slashes. */
  key: string;
  path: string;
  contentType: string;
  cacheControl: string;
}

/**
 * Every file of `buildDir` as it is uploaded.
 * @throws {Error} when the directory is missing or has no index.html (the site was not built).
 */
export function siteFiles(buildDir: string): SiteFile[] {
  const root = resolve(buildDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(
      `No site build at ${root} (index.html missing): run \`npm run build:site\` before \`pulumi up\``,
    );
  }
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const key = relative(root, path).split(sep).join('/');
      return {
        key,
        path,
        contentType: mime.getType(path) ?? 'application/octet-stream',
        cacheControl: siteCacheControl(key),
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export class Site extends pulumi.ComponentResource {
  /** Bytes uploaded, for the deployment's report. */
  public readonly bytes: number;

  constructor(name: string, args: SiteArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('portfolio:site:Site', name, {}, opts);
    const files = siteFiles(args.buildDir);
    for (const file of files) {
      new aws.s3.BucketObjectv2(
        `${name}/${file.key}`,
        {
          bucket: args.siteBucket.id,
          key: file.key,
          source: new pulumi.asset.FileAsset(file.path),
          contentType: file.contentType,
          cacheControl: file.cacheControl,
        },
        { parent: this },
      );
    }
    this.bytes = files.reduce((total, file) => total + statSync(file.path).size, 0);
    this.registerOutputs({ files: files.length, bytes: this.bytes });
  }
}
