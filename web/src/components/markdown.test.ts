import { MantineProvider } from '@mantine/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown, safeUrl } from './markdown.js';

const render = (text: string) =>
  renderToStaticMarkup(createElement(MantineProvider, null, createElement(Markdown, null, text)));

describe('Markdown', () => {
  it('renders headings, lists, tables and links', () => {
    const html = render(
      '## Runbook\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee [docs](https://docs.example.com).',
    );
    expect(html).toContain('<h2>Runbook</h2>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<td>2</td>');
    expect(html).toMatch(/<a [^>]*href="https:\/\/docs\.example\.com"[^>]*>docs<\/a>/);
    expect(html).toMatch(/target="_blank"/);
    expect(html).toMatch(/rel="noopener noreferrer nofollow"/);
  });

  it('shows raw HTML as text, inline and as a block', () => {
    const html = render('Hi <script>alert(1)</script> there\n\n<div onclick="x()">block</div>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<div onclick');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<p>&lt;div onclick=&quot;x()&quot;&gt;block&lt;/div&gt;</p>');
  });

  it('drops script and data links but keeps their text', () => {
    const html = render('[click](javascript:alert(1)) [img](data:text/html,x) [JS](JAVASCRIPT:x)');
    expect(html).not.toMatch(/javascript:|data:/i);
    expect(html).toContain('click');
    expect(html).toContain('JS');
  });

  it('shows images as links, so nothing loads from elsewhere', () => {
    const html = render('![diagram](https://example.com/d.png)');
    expect(html).not.toContain('<img');
    expect(html).toMatch(/<a [^>]*href="https:\/\/example\.com\/d\.png"[^>]*>diagram<\/a>/);
  });
});

describe('safeUrl', () => {
  it('keeps http, https, mailto, anchors and relative paths; drops the rest', () => {
    expect(safeUrl('https://a.example/x')).toBe('https://a.example/x');
    expect(safeUrl('mailto:team@example.com')).toBe('mailto:team@example.com');
    expect(safeUrl('#section')).toBe('#section');
    expect(safeUrl('/components/default/x')).toBe('/components/default/x');
    expect(safeUrl('javascript:alert(1)')).toBe('');
    expect(safeUrl('vbscript:x')).toBe('');
    expect(safeUrl('data:text/html,x')).toBe('');
    expect(safeUrl('\u0000javascript:x')).toBe('');
  });
});
