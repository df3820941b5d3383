import { Typography } from "antd";
import { Fragment, useMemo, type ReactNode } from "react";

import { parseMarkdown, type MarkdownInline } from "../utils/markdownBlocks";

const renderInlines = (inlines: MarkdownInline[]): ReactNode =>
  inlines.map((inline, index) => {
    if (inline.code) return <Typography.Text key={index} code>{inline.text}</Typography.Text>;
    if (inline.bold) return <strong key={index}>{inline.text}</strong>;
    if (inline.italic) return <em key={index}>{inline.text}</em>;
    return <Fragment key={index}>{inline.text}</Fragment>;
  });

/**
 * Knowledge-base Markdown as React elements: headings, paragraphs, lists, bold, italic and code. Text is
 * only ever rendered as text nodes, so an article can hold no markup or script of its own.
 */
export const SafeMarkdown = ({ source }: { source: string }) => {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <Typography data-testid="markdown">
      {blocks.map((block, index) => {
        if (block.kind === "heading") {
          return (
            <Typography.Title key={index} level={(block.level + 2) as 3 | 4 | 5}>
              {renderInlines(block.inlines)}
            </Typography.Title>
          );
        }
        if (block.kind === "list") {
          const items = block.items.map((item, itemIndex) => <li key={itemIndex}>{renderInlines(item)}</li>);
          return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
        }
        return <Typography.Paragraph key={index}>{renderInlines(block.inlines)}</Typography.Paragraph>;
      })}
    </Typography>
  );
};
