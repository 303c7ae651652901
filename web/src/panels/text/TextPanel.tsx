// The text panel (`text`): `options.content` as Markdown (the default), HTML or code
// (`options.mode`), with the dashboard's variables filled in (`content.ts`). Markdown and
// HTML reach the page only through the sanitiser, so neither a dashboard nor a variable's
// value can run script or load a `javascript:` link in a viewer's browser.
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { PanelProps } from '../types';
import { textContent, type TextOptions } from './content';
import { renderMarkdown } from './markdown';
import { sanitizeToFragment } from './sanitize';
import './text.css';

export function TextPanel({ panel, replaceVariables }: PanelProps) {
  const options = (panel.options ?? {}) as TextOptions;
  const { mode, content } = useMemo(() => textContent(panel, replaceVariables), [panel, replaceVariables]);
  if (mode === 'code') return <CodeView content={content} language={options.code?.language} lineNumbers={options.code?.showLineNumbers ?? false} />;
  if (mode === 'text') return <div className="text-panel text-panel--plain">{content}</div>;
  return <RichText html={mode === 'html' ? content : renderMarkdown(content)} markdown={mode !== 'html'} />;
}

function RichText({ html, markdown }: { html: string; markdown: boolean }) {
  const container = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    container.current?.replaceChildren(sanitizeToFragment(html));
  }, [html]);
  return <div ref={container} className={`text-panel${markdown ? ' text-panel--markdown' : ''}`} data-testid="text-panel" />;
}

function CodeView({ content, language, lineNumbers }: { content: string; language?: string; lineNumbers: boolean }) {
  const lines = useMemo(() => content.replace(/\r\n?/g, '\n').split('\n'), [content]);
  return (
    <pre className="text-panel__code" data-language={language} data-testid="text-panel">
      {lines.map((line, index) => (
        <div className="text-panel__code-line" key={index}>
          {lineNumbers && <span className="text-panel__line-number">{index + 1}</span>}
          <code>{line || ' '}</code>
        </div>
      ))}
    </pre>
  );
}
