/**
 * `text` without its HTML comments (`<!-- ... -->`, across lines; an unclosed one runs to the
 * end), which GitHub renders as nothing: text a reader of the issue never sees must neither run
 * a command nor reach an agent. It errs on the side of removing: a comment-like run inside a
 * code span goes too.
 */
export function stripHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$(?![\s\S]))/g, '');
}
