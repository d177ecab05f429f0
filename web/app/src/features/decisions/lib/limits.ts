/* How long a typed text may be: a purpose or reason is a sentence or two, a duty basis may cite a law at length. */
export const MAX_TEXT = 200;
export const MAX_LONG_TEXT = 500;
