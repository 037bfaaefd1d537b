/**
 * `--list-platforms`: one platform a line for an archive of one image (what scripts read); for an archive of
 * several images, one image a line, named, with its platforms, so `--image` and `--platform` can be chosen.
 */
import { formatPlatform } from '../archive/formats/resolved.js';
import type { ArchiveImage } from '../archive/formats/detect.js';

export function renderImageList(images: readonly ArchiveImage[]): string {
  if (images.length === 0) return '';
  if (images.length === 1) return images[0].platforms.map(formatPlatform).join('\n') + '\n';
  const rows = images.map((image) => [imageLabel(image), [...new Set(image.platforms.map(formatPlatform))].join(', ')]);
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, platforms]) => `${name.padEnd(width)}  ${platforms}`).join('\n') + '\n';
}

/** The tags or reference names, else the short id `--image` also accepts. */
function imageLabel(image: ArchiveImage): string {
  if (image.names.length > 0) return image.names.join(', ');
  return image.id ? image.id.replace(/^sha256:/, '').slice(0, 12) : '(unnamed)';
}
