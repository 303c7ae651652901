import { describe, expect, it } from 'vitest';
import type { DashboardModel, PanelModel } from '../../api/types';
import { panelInterpolation } from '../../features/dashboard/queries';
import { interpolateText } from '../../features/variables/interpolate';
import { statesOf, variable } from '../../features/variables/testing';
import { textContent } from './content';
import { renderMarkdown } from './markdown';

const dashboard: DashboardModel = { uid: 'ops', title: 'Operations' };
const range = { raw: { from: 'now-1h', to: 'now' }, from: 1_700_000_000_000, to: 1_700_003_600_000, timeZone: 'utc' };
const variables = statesOf(
  variable({ name: 'env' }, [{ text: 'Production', value: 'prod' }, { text: 'Staging', value: 'stage' }], ['prod']),
  variable({ name: 'host', multi: true }, ['web-1', 'web-2', 'web-3'], ['web-1', 'web-2']),
  variable({ name: 'payload' }, ['<img src=x onerror=alert(1)>'], ['<img src=x onerror=alert(1)>']),
);

/** What PanelView hands the panel: the panel's interpolation, references written as text. */
function replacerFor(panel: PanelModel) {
  return (text: string) => interpolateText(text, panelInterpolation(panel, dashboard, variables, range));
}

function show(options: Record<string, unknown>, extra: Partial<PanelModel> = {}) {
  const panel: PanelModel = { type: 'text', options, ...extra };
  return textContent(panel, replacerFor(panel));
}

describe('text panel content', () => {
  it('fills in variables as text, with formats and built-ins', () => {
    expect(show({ content: 'Env: $env, hosts: ${host}, raw: ${env:raw}, csv: ${host:csv}' }).content).toBe('Env: Production, hosts: web-1 + web-2, raw: prod, csv: web-1,web-2');
    expect(show({ content: 'On ${__dashboard} from ${__from:date:seconds} to ${__to:date:seconds} ($__timezone)' }).content).toBe('On Operations from 1700000000 to 1700003600 (utc)');
    expect(show({ content: 'Unknown $nothing and [[env]]' }).content).toBe('Unknown $nothing and Production');
  });

  it('uses a repeated clone\'s scoped value', () => {
    expect(show({ content: 'Host $host' }, { scopedVars: { host: { text: 'web-3', value: 'web-3' } } }).content).toBe('Host web-3');
  });

  it('fills in before Markdown is rendered, so variables work inside links', () => {
    const { mode, content } = show({ content: '[Runbook](https://wiki.example/${env:raw})' });
    expect(mode).toBe('markdown');
    expect(renderMarkdown(content)).toContain('href="https://wiki.example/prod"');
  });

  it('leaves a value\'s markup for the sanitiser: it is not trusted', () => {
    // The value arrives as raw HTML; TextPanel passes every Markdown and HTML result
    // through sanitizeToFragment, which drops the handler (see e2e/followups.test.mjs).
    expect(show({ mode: 'html', content: '<p>$payload</p>' }).content).toBe('<p><img src=x onerror=alert(1)></p>');
  });

  it('reads the pre-Grafana 7 top-level mode and content', () => {
    expect(show({}, { mode: 'html', content: '<b>$env</b>' } as Partial<PanelModel>)).toEqual({ mode: 'html', content: '<b>Production</b>' });
    expect(show({ mode: 'code', content: 'no references' })).toEqual({ mode: 'code', content: 'no references' });
  });
});
