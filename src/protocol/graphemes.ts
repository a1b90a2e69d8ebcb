// What a reader sees as one character: an emoji with its skin tone, a family joined by
// zero-width joiners, a letter with its combining accents. Cutting text anywhere else leaves a
// broken emoji, a lone surrogate (which git and GitHub show as "\uFFFD") or a stray accent.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest start of `text` that ends between graphemes and is at most `maxLength` UTF-16 units long. */
export function graphemePrefix(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = 0;
  for (const { index, segment } of segmenter.segment(text)) {
    if (index + segment.length > maxLength) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** The first boundary between graphemes at or after `index`. */
export function graphemeBoundaryFrom(text: string, index: number): number {
  if (index <= 0) return 0;
  if (index >= text.length) return text.length;
  const around = segmenter.segment(text).containing(index);
  if (around === undefined || around.index === index) return index;
  return around.index + around.segment.length;
}
