import { Anchor, Typography } from '@mantine/core';
import type { Nodes, Parent, Root } from 'mdast';
import type { ComponentProps } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import classes from './markdown.module.css';

/**
 * Raw HTML in a description is shown as the text it is: never run, never dropped without a
 * trace (a reader sees that the author typed `<script>`). Block HTML becomes a paragraph.
 */
export function remarkHtmlAsText() {
  const walk = (parent: Parent) => {
    parent.children = parent.children.map((child): Nodes => {
      if (child.type === 'html') {
        const text = { type: 'text' as const, value: child.value, position: child.position };
        return parent.type === 'paragraph' ||
          parent.type === 'heading' ||
          parent.type === 'emphasis' ||
          parent.type === 'strong' ||
          parent.type === 'delete' ||
          parent.type === 'link' ||
          parent.type === 'tableCell'
          ? text
          : { type: 'paragraph', children: [text], position: child.position };
      }
      if ('children' in child) walk(child);
      return child;
    }) as Parent['children'];
  };
  return (tree: Root) => walk(tree);
}

/**
 * Links keep the schemes a stored link may have (http, https, mailto: LINK_SCHEMES on the
 * server) and in-page anchors and relative paths; anything else (`javascript:`, `data:`, ...)
 * is removed, leaving the link text.
 */
export function safeUrl(url: string): string {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return /^[\s\p{Cc}]/u.test(url) ? '' : url;
  return ['http', 'https', 'mailto'].includes(scheme) ? url : '';
}

const components: Components = {
  // Links open in a new tab that cannot reach back into Argus (noopener) or learn where it came from.
  a: ({ href, children }) =>
    href ? (
      <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow" size="sm">
        {children}
      </Anchor>
    ) : (
      <span>{children}</span>
    ),
  // Images would load from anywhere the author chose (and the CSP refuses them): show a link.
  img: ({ src, alt }) =>
    typeof src === 'string' && src ? (
      <Anchor href={src} target="_blank" rel="noopener noreferrer nofollow" size="sm">
        {alt || src}
      </Anchor>
    ) : null,
};

/**
 * A description, release notes or any other Markdown written by people (GitHub flavour: tables,
 * task lists, strikethrough, autolinks). Safe to show anyone's text: no raw HTML, no script links.
 */
export function Markdown({
  children,
  ...rest
}: { children: string } & Omit<ComponentProps<typeof Typography>, 'children'>) {
  return (
    <Typography fz="sm" className={classes.markdown} {...rest}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkHtmlAsText]}
        urlTransform={safeUrl}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </Typography>
  );
}
