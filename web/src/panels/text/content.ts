// What the text panel shows: its mode and its content with the dashboard's variables filled
// in. Variables go in before the Markdown is rendered (so a `$var` inside a link's URL works)
// and before the sanitiser runs, so whatever a value carries is cleaned with the rest.
import type { PanelModel } from '../../api/types';

export type TextMode = 'markdown' | 'html' | 'code' | 'text';

export interface TextOptions {
  mode?: TextMode;
  content?: string;
  code?: { language?: string; showLineNumbers?: boolean };
}

export interface TextContent {
  mode: TextMode;
  /** The content, variables filled in. */
  content: string;
}

export function textContent(panel: PanelModel, replaceVariables: (text: string) => string): TextContent {
  const options = (panel.options ?? {}) as TextOptions;
  // Dashboards from before Grafana 7 keep `mode` and `content` at the panel's top level.
  const mode = options.mode ?? (panel.mode as TextMode | undefined) ?? 'markdown';
  const raw = options.content ?? (typeof panel.content === 'string' ? panel.content : '');
  return { mode, content: raw.includes('$') || raw.includes('[[') ? replaceVariables(raw) : raw };
}
