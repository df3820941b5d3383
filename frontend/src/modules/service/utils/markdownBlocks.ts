/** A small, safe subset of Markdown: headings, paragraphs, lists, bold, italic and inline code, as data. */

export type MarkdownInline = {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
};

export type MarkdownBlock =
  | { kind: "heading"; level: 1 | 2 | 3; inlines: MarkdownInline[] }
  | { kind: "paragraph"; inlines: MarkdownInline[] }
  | { kind: "list"; ordered: boolean; items: MarkdownInline[][] };

const INLINE = /(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;

/** Bold (**x**, __x__), italic (*x*, _x_) and code (`x`); everything else is plain text. */
export const parseInlines = (text: string): MarkdownInline[] => {
  const inlines: MarkdownInline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const token = match[0];
    const index = match.index;
    if (index > last) inlines.push({ text: text.slice(last, index) });
    if (token.startsWith("**") || token.startsWith("__")) inlines.push({ text: token.slice(2, -2), bold: true });
    else if (token.startsWith("`")) inlines.push({ text: token.slice(1, -1), code: true });
    else inlines.push({ text: token.slice(1, -1), italic: true });
    last = index + token.length;
  }
  if (last < text.length) inlines.push({ text: text.slice(last) });
  return inlines;
};

const ORDERED_ITEM = /^\s*\d+[.)]\s+(.*)$/;
const UNORDERED_ITEM = /^\s*[-*+]\s+(.*)$/;
const HEADING = /^(#{1,6})\s+(.*)$/;

/** Splits Markdown into blocks; links, images and raw HTML stay literal text (nothing is ever interpreted as HTML). */
export const parseMarkdown = (source: string): MarkdownBlock[] => {
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: MarkdownInline[][] } | null = null;

  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", inlines: parseInlines(paragraph.join(" ")) });
    paragraph = [];
  };
  const flushList = () => {
    if (list) blocks.push({ kind: "list", ...list });
    list = null;
  };

  for (const rawLine of source.replace(/\r\n?/g, "\n").split("\n")) {
    const line = rawLine.trimEnd();
    if (line.trim() === "") {
      flushParagraph();
      flushList();
      continue;
    }
    const heading = HEADING.exec(line);
    const ordered = ORDERED_ITEM.exec(line);
    const unordered = ordered ? null : UNORDERED_ITEM.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      const level = Math.min(heading[1]?.length ?? 1, 3) as 1 | 2 | 3;
      blocks.push({ kind: "heading", level, inlines: parseInlines(heading[2] ?? "") });
    } else if (ordered || unordered) {
      flushParagraph();
      const isOrdered = Boolean(ordered);
      if (list && list.ordered !== isOrdered) flushList();
      list ??= { ordered: isOrdered, items: [] };
      list.items.push(parseInlines((ordered ?? unordered)?.[1] ?? ""));
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return blocks;
};
