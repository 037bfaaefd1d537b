/**
 * A hostile image for the HTML and tree views, crafted on purpose (no real build tool writes these names):
 * file names, a history line and a label that would run script or inject markup if shown unescaped.
 */
import { craftDockerArchive } from '../archive/craft.js';

export const HOSTILE_NAMES = [
  '<script>window.pwned=true</script>.txt',
  'evil/<img src=x onerror="window.pwned=true">',
  'evil/it\'s "quoted" & <b>bold',
  'evil/--><!--',
];

/** A name that would clear a terminal and fake a line if printed raw (the tree command shows it as \\xNN). */
export const TERMINAL_HOSTILE_NAME = 'evil/\x1b[2J\nfake line\x07';

export const HOSTILE_HISTORY = '/bin/sh -c echo "<script>window.pwned=true</script>" > /evil/run.txt';

export function hostileArchive(): Promise<Buffer> {
  return craftDockerArchive([
    { entries: [{ name: 'evil/', type: 'directory' }, ...HOSTILE_NAMES.map((name, i) => ({ name, content: 'x'.repeat(100 * (i + 1)) })), { name: TERMINAL_HOSTILE_NAME, content: 'y' }] },
    { entries: [{ name: 'evil/run.txt', content: '<script>' }] },
  ], {
    config: (config) => ({
      ...config,
      config: { Labels: { 'org.example.note': '"><script>window.pwned=true</script>' }, Env: ['PATH=/bin'] },
      history: [{ created_by: '/bin/sh -c #(nop) ADD file:<b>x</b> in / ' }, { created_by: HOSTILE_HISTORY }],
    }),
  });
}
