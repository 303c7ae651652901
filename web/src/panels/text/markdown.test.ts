import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders headings, paragraphs and rules', () => {
    expect(renderMarkdown('# Title\n\nSome *text* here.\n\n---\n\nSub\n===')).toBe('<h1>Title</h1>\n<p>Some <em>text</em> here.</p>\n<hr>\n<h1>Sub</h1>');
    expect(renderMarkdown('### Closed ###')).toBe('<h3>Closed</h3>');
  });

  it('renders emphasis, strong, strikethrough and inline code without touching code', () => {
    expect(renderInline('**bold** and _it_ and ~~gone~~ and `a*b*c`')).toBe('<strong>bold</strong> and <em>it</em> and <del>gone</del> and <code>a*b*c</code>');
    expect(renderInline('snake_case_name and 2 * 3 * 4')).toBe('snake_case_name and 2 * 3 * 4');
    expect(renderInline('\\*not em\\*')).toBe('*not em*');
  });

  it('escapes text and keeps raw tags for the sanitiser', () => {
    expect(renderInline('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(renderInline('line<br>break')).toBe('line<br>break');
  });

  it('renders links, images and autolinks', () => {
    expect(renderInline('[Docs](https://example.com/docs "The docs")')).toBe('<a href="https://example.com/docs" title="The docs">Docs</a>');
    expect(renderInline('[**Home**](/d/home)')).toBe('<a href="/d/home"><strong>Home</strong></a>');
    expect(renderInline('![logo](/public/logo.png)')).toBe('<img src="/public/logo.png" alt="logo">');
    expect(renderInline('see https://grafana.com.')).toBe('see <a href="https://grafana.com">https://grafana.com</a>.');
    expect(renderInline('<https://a.example/x>')).toBe('<a href="https://a.example/x">https://a.example/x</a>');
  });

  it('never writes a script URL, however it is spelled', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'vbscript:x', 'data:text/html,<script>alert(1)</script>']) {
      const html = renderInline(`[click](${url.replace(/ /g, '%20')})`);
      expect(html).not.toMatch(/href/);
      expect(html).not.toMatch(/<a/);
    }
    expect(renderInline('![x](javascript:alert(1))')).not.toMatch(/<img/);
    expect(renderInline('[x](<javascript:alert(1)>)')).toBe('x');
  });

  it('does not let link text or titles break out of attributes', () => {
    expect(renderInline('[a](/x "t\\" onmouseover=\\"alert(1)")')).not.toMatch(/onmouseover="/);
    expect(renderInline('[a](/x"onclick="alert(1))')).toBe('<a href="/x&quot;onclick=&quot;alert(1)">a</a>');
  });

  it('renders bullet, ordered, nested and task lists', () => {
    expect(renderMarkdown('- one\n- two\n  - nested\n- three')).toBe('<ul>\n<li>one</li>\n<li>two\n<ul>\n<li>nested</li>\n</ul></li>\n<li>three</li>\n</ul>');
    expect(renderMarkdown('3. c\n4. d')).toBe('<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>');
    expect(renderMarkdown('- [x] done\n- [ ] todo')).toContain('<li class="task-list-item"><input type="checkbox" disabled checked> done</li>');
  });

  it('renders fenced and indented code escaped', () => {
    expect(renderMarkdown('```promql\nrate(x[5m]) > <b>\n```')).toBe('<pre><code class="language-promql">rate(x[5m]) &gt; &lt;b&gt;</code></pre>');
    expect(renderMarkdown('    indented\n    code')).toBe('<pre><code>indented\ncode</code></pre>');
  });

  it('renders pipe tables with alignment', () => {
    const html = renderMarkdown('| Name | Value |\n|:-----|------:|\n| cpu | **90%** |\n| a \\| b | 1 |');
    expect(html).toContain('<th style="text-align: left">Name</th><th style="text-align: right">Value</th>');
    expect(html).toContain('<tr><td style="text-align: left">cpu</td><td style="text-align: right"><strong>90%</strong></td></tr>');
    expect(html).toContain('<td style="text-align: left">a | b</td>');
  });

  it('renders block quotes and hard breaks', () => {
    expect(renderMarkdown('> quoted\n> text')).toBe('<blockquote>\n<p>quoted\ntext</p>\n</blockquote>');
    expect(renderMarkdown('one  \ntwo')).toBe('<p>one<br>\ntwo</p>');
  });

  it('passes HTML blocks through for the sanitiser', () => {
    expect(renderMarkdown('<div class="x">\n<b>hi</b>\n</div>\n\ntext')).toBe('<div class="x">\n<b>hi</b>\n</div>\n<p>text</p>');
  });
});
