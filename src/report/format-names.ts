/**
 * The report formats, in `--format` order. Its own module so `--help` lists them without loading a renderer;
 * index.ts maps each name to its renderer, and the compiler refuses a name without one or a renderer without a name.
 */
const FORMATS = ['text', 'json', 'sarif', 'markdown', 'github', 'junit', 'gitlab', 'checkstyle', 'html'] as const;
export type FormatName = (typeof FORMATS)[number];
export const formatNames: FormatName[] = [...FORMATS];
