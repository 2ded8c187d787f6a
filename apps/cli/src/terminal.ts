import { styleText } from 'node:util';

export type Style = Parameters<typeof styleText>[0];
/** Styles a piece of text, or leaves it as it is when colour is off. */
export type Paint = (style: Style, text: string) => string;

export const plain: Paint = (_style, text) => text;

/** Colour for a terminal. The caller decides whether colour is on (TTY, NO_COLOR, --no-color). */
export function paintFor(colour: boolean): Paint {
  return colour ? (style, text) => styleText(style, text, { validateStream: false }) : plain;
}

/**
 * Text from the node (and from other CIRTs through it) made safe for a terminal: control
 * characters, escape sequences and bidirectional overrides become visible placeholders or go.
 */
export function clean(text: string): string {
  return (
    text
      .replace(/[\r\n\t]+/g, ' ')
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD')
      .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}
