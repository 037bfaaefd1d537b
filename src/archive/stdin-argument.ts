/** How the CLI passes a lone `-` through its argument parser; a module of its own so the parser need not load the readers. */
export const STDIN_ARGUMENT = '<stdin>';
