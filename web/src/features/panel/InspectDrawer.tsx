// The inspect drawer (`?inspect=<panelId>&inspectTab=data|query|json`): the panel's frames as
// a table with CSV download, the last query's request, response and stats, and the panel's
// JSON. It slides in from the right over the dashboard; Escape or the close button leave it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { PanelModel } from '../../api/types';
import { Icon } from '../../app/Icon';
import type { PanelData } from '../../lib/data/frames';
import { copyText, downloadText } from './clipboard';
import { INSPECT_TABS, columnNames, csvFileName, frameLabel, frameRows, frameToCsv, joinByTime, numberFormats, queryStats, rowCount, type InspectTab, type QueryTrace } from './inspect';

export interface InspectDrawerProps {
  panel: PanelModel;
  /** The panel's title with the dashboard's variables filled in. */
  title: string;
  data?: PanelData;
  trace: QueryTrace;
  loading: boolean;
  tab: InspectTab;
  /** The dashboard's time zone, for formatted times. */
  timeZone?: string;
  onTabChange: (tab: InspectTab) => void;
  onRefresh: () => void;
  onClose: () => void;
}

/** Rows drawn in the data table; the CSV always has all of them. */
const TABLE_ROWS = 1000;

export function InspectDrawer({ panel, title: panelTitle, data, trace, loading, tab, timeZone, onTabChange, onRefresh, onClose }: InspectDrawerProps) {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    dialog.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // A menu or picker open inside the drawer closes first.
      if (dialog.current?.querySelector('[role="menu"], [role="listbox"]')) return;
      event.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const frames = data?.frames ?? [];
  const stats = queryStats(frames, trace.requestTime);
  const title = panelTitle || 'Panel';
  return createPortal(
    <div className="inspect-drawer__backdrop" onPointerDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="inspect-drawer" role="dialog" aria-modal="true" aria-label={`Inspect: ${title}`} tabIndex={-1} ref={dialog}>
        <header className="inspect-drawer__header">
          <div className="inspect-drawer__heading">
            <h2>Inspect: {title}</h2>
            <div className="inspect-drawer__subtitle">
              {stats.frames} {stats.frames === 1 ? 'frame' : 'frames'}, {stats.rows} {stats.rows === 1 ? 'row' : 'rows'}
              {stats.requestTime !== undefined && ` · query took ${formatMs(stats.requestTime)}`}
            </div>
          </div>
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close inspector" title="Close (Esc)">
            <Icon name="close" size={18} />
          </button>
        </header>
        <div className="inspect-drawer__tabs" role="tablist">
          {INSPECT_TABS.map((entry) => (
            <button
              key={entry.id}
              type="button"
              role="tab"
              aria-selected={tab === entry.id}
              className={`inspect-drawer__tab${tab === entry.id ? ' is-active' : ''}`}
              onClick={() => onTabChange(entry.id)}
            >
              {entry.text}
            </button>
          ))}
        </div>
        <div className="inspect-drawer__body" role="tabpanel">
          {tab === 'data' && <DataTab panel={panel} data={data} loading={loading} timeZone={timeZone} />}
          {tab === 'query' && <QueryTab trace={trace} loading={loading} frames={stats.frames} rows={stats.rows} onRefresh={onRefresh} />}
          {tab === 'json' && <JsonTab panel={panel} data={data} />}
        </div>
      </div>
    </div>,
    document.body,
  );
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function DataTab({ panel, data, loading, timeZone }: { panel: PanelModel; data?: PanelData; loading: boolean; timeZone?: string }) {
  const frames = useMemo(() => data?.frames ?? [], [data]);
  const [selected, setSelected] = useState(0);
  const [formatted, setFormatted] = useState(true);
  const [joined, setJoined] = useState(false);
  const joinedFrame = useMemo(() => joinByTime(frames), [frames]);
  const index = selected < frames.length ? selected : 0;
  const frame = joined && joinedFrame ? joinedFrame : frames[index];
  const formats = useMemo(() => (frame ? numberFormats(frame, panel.fieldConfig, frames.length) : []), [frame, panel.fieldConfig, frames.length]);
  const rows = useMemo(() => (frame ? frameRows(frame, formatted, TABLE_ROWS, formats, timeZone) : []), [frame, formatted, formats, timeZone]);
  if (!frame) {
    return <div className="inspect-empty">{loading ? 'Loading…' : 'No data'}</div>;
  }
  const total = rowCount(frame);
  const names = columnNames(frame, frames.length);
  const download = () => downloadText(`\uFEFF${frameToCsv(frame, { formatted, frameCount: frames.length, formats, zone: timeZone })}`, csvFileName(panel.title, new Date()), 'text/csv;charset=utf-8');
  return (
    <div className="inspect-data">
      <div className="inspect-toolbar">
        {joinedFrame && (
          <label className="inspect-check">
            <input type="checkbox" checked={joined} onChange={(event) => setJoined(event.target.checked)} />
            Series joined by time
          </label>
        )}
        {frames.length > 1 && !(joined && joinedFrame) && (
          <label className="inspect-field">
            <span>Frame</span>
            <select className="input inspect-select" value={index} onChange={(event) => setSelected(Number(event.target.value))} aria-label="Frame">
              {frames.map((candidate, position) => (
                <option key={position} value={position}>
                  {frameLabel(candidate, position)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="inspect-check">
          <input type="checkbox" checked={formatted} onChange={(event) => setFormatted(event.target.checked)} />
          Formatted data
        </label>
        <button type="button" className="btn btn-primary inspect-toolbar__end" onClick={download}>
          <Icon name="download" /> Download CSV
        </button>
      </div>
      <div className="inspect-table-wrap">
        <table className="inspect-table" data-testid="inspect-table">
          <thead>
            <tr>
              {names.map((name, column) => (
                <th key={column} className={frame.fields[column]?.type === 'number' ? 'is-number' : undefined}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((cells, row) => (
              <tr key={row}>
                {cells.map((cell, column) => (
                  <td key={column} className={frame.fields[column]?.type === 'number' ? 'is-number' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="inspect-footnote">
        {total > TABLE_ROWS ? `Showing the first ${TABLE_ROWS} of ${total} rows; the CSV has them all.` : `${total} ${total === 1 ? 'row' : 'rows'}`}
      </div>
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button type="button" className="btn" onClick={() => void copyText(text).then(setCopied)}>
      <Icon name="copy" /> {copied ? 'Copied' : 'Copy to clipboard'}
    </button>
  );
}

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  const text = useMemo(() => JSON.stringify(value, null, 2) ?? 'undefined', [value]);
  return (
    <section className="inspect-json">
      <div className="inspect-json__header">
        <h3>{label}</h3>
        <CopyButton text={text} />
      </div>
      <pre className="inspect-json__code" aria-label={label}>
        {text}
      </pre>
    </section>
  );
}

function QueryTab({ trace, loading, frames, rows, onRefresh }: { trace: QueryTrace; loading: boolean; frames: number; rows: number; onRefresh: () => void }) {
  return (
    <div className="inspect-query">
      <div className="inspect-toolbar">
        <p className="inspect-query__hint">The request the panel sent to <code>/api/ds/query</code> and what came back.</p>
        <button type="button" className="btn inspect-toolbar__end" onClick={onRefresh} disabled={loading}>
          <Icon name="refresh" className={loading ? 'is-spinning' : undefined} /> Refresh
        </button>
      </div>
      <dl className="inspect-stats" aria-label="Query stats">
        <div>
          <dt>Total request time</dt>
          <dd>{trace.requestTime === undefined ? '-' : formatMs(trace.requestTime)}</dd>
        </div>
        <div>
          <dt>Queries</dt>
          <dd>{trace.request?.queries.length ?? 0}</dd>
        </div>
        <div>
          <dt>Data frames</dt>
          <dd>{frames}</dd>
        </div>
        <div>
          <dt>Rows</dt>
          <dd>{rows}</dd>
        </div>
      </dl>
      {trace.error && (
        <div className="inspect-error" role="alert">
          <Icon name="warning" /> {trace.error}
        </div>
      )}
      {trace.request ? <JsonBlock label="Request" value={trace.request} /> : <div className="inspect-empty">{loading ? 'Loading…' : 'This panel sent no query.'}</div>}
      {trace.response !== undefined && <JsonBlock label="Response" value={trace.response} />}
    </div>
  );
}

function JsonTab({ panel, data }: { panel: PanelModel; data?: PanelData }) {
  const [source, setSource] = useState<'panel' | 'frames'>('panel');
  return (
    <div className="inspect-panel-json">
      <div className="inspect-toolbar">
        <label className="inspect-field">
          <span>Select source</span>
          <select className="input inspect-select" value={source} onChange={(event) => setSource(event.target.value === 'frames' ? 'frames' : 'panel')}>
            <option value="panel">Panel JSON</option>
            <option value="frames">DataFrame JSON (from query)</option>
          </select>
        </label>
      </div>
      {source === 'panel' ? <JsonBlock label="Panel JSON" value={panel} /> : <JsonBlock label="DataFrame JSON" value={data?.frames ?? []} />}
    </div>
  );
}
