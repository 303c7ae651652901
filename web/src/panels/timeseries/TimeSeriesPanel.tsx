// The time series panel (`timeseries`): uPlot on a canvas, Grafana's legend (list or table,
// bottom or right, with calcs) and tooltip. Clicking a legend entry shows only that series;
// clicking it again shows all; ctrl/cmd-click hides or shows just that one. Dragging across
// the chart zooms the dashboard's time range.
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useElementSize } from '../../app/useElementSize';
import { useTheme } from '../../app/theme';
import type { PanelProps } from '../types';
import { legendRows, type LegendOptions, type LegendRow } from './legend';
import { buildTimeSeriesModel } from './model';
import { useAnnotationsPlugin } from './annotations';
import { buildChartOptions, chartTheme } from './options';
import { scaleGroups, scaleKey } from './scales';
import type { TooltipMode } from './tooltip';
import './timeseries.css';

const NO_LEGEND_OPTIONS: LegendOptions & { asTable?: boolean; show?: boolean } = {};

export function TimeSeriesPanel({ panel, data, timeRange, onChangeTimeRange }: PanelProps) {
  const { theme } = useTheme();
  const model = useMemo(() => buildTimeSeriesModel(panel, data, theme), [panel, data, theme]);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const options = (panel.options ?? {}) as { legend?: LegendOptions & { asTable?: boolean; show?: boolean }; tooltip?: { mode?: TooltipMode; sort?: 'none' | 'asc' | 'desc' } };
  const legend = options.legend ?? NO_LEGEND_OPTIONS;
  const showLegend = legend.showLegend !== false && legend.show !== false && legend.displayMode !== 'hidden';
  const tooltip = { mode: options.tooltip?.mode ?? 'single', sort: options.tooltip?.sort ?? 'none' };
  // The legend's rows (with their calculations) change with the data and options only.
  const rows = useMemo(() => {
    if (!showLegend) return [];
    const rightKeys = new Set(scaleGroups(model.series).filter((group) => group.side === 'right').map((group) => group.key));
    return legendRows(model.series, legend, (entry) => rightKeys.has(scaleKey(entry)));
  }, [model, legend, showLegend]);

  // A click shows only that series (again: all); ctrl/cmd-click hides or shows just it.
  const toggle = useCallback(
    (index: number, only: boolean) =>
      setHidden((current) => {
        if (!only) {
          const next = new Set(current);
          if (next.has(index)) next.delete(index);
          else next.add(index);
          return next;
        }
        const onlyThis = current.size === model.series.length - 1 && !current.has(index);
        return onlyThis ? new Set() : new Set(model.series.map((_, other) => other).filter((other) => other !== index));
      }),
    [model],
  );

  if (model.series.length === 0 || model.times.length === 0) {
    return <div className="panel-no-data">No data</div>;
  }

  const placement = legend.placement === 'right' ? 'right' : 'bottom';
  const mode = legend.displayMode === 'table' || legend.asTable ? 'table' : 'list';
  return (
    <div className={`timeseries timeseries--legend-${placement}`}>
      <Chart model={model} hidden={hidden} timeRange={timeRange} tooltip={tooltip} onZoom={onChangeTimeRange} />
      {showLegend && rows.length > 0 && <Legend rows={rows} hidden={hidden} mode={mode} width={placement === 'right' ? legend.width : undefined} onToggle={toggle} />}
    </div>
  );
}

function Chart(props: {
  model: ReturnType<typeof buildTimeSeriesModel>;
  hidden: ReadonlySet<number>;
  timeRange: PanelProps['timeRange'];
  tooltip: { mode: TooltipMode; sort: 'none' | 'asc' | 'desc' };
  onZoom: (from: number, to: number) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { width, height } = useElementSize(container);
  const { theme } = useTheme();
  const size = useRef({ width, height });
  const onZoom = useRef(props.onZoom);
  const { model, hidden, timeRange, tooltip } = props;
  const annotations = useAnnotationsPlugin(timeRange.timeZone);
  const ready = width > 0 && height > 0;

  useLayoutEffect(() => {
    onZoom.current = props.onZoom;
  }, [props.onZoom]);

  // Before the chart is made (effects run in order), so it starts at the right size.
  useLayoutEffect(() => {
    size.current = { width, height };
    if (ready) plot.current?.setSize({ width, height });
  }, [ready, width, height]);

  useLayoutEffect(() => {
    if (!ready || !container.current) return;
    const { data, ...options } = buildChartOptions({
      model,
      hidden,
      range: timeRange,
      width: size.current.width,
      height: size.current.height,
      tooltip,
      theme: chartTheme(theme),
      onZoom: (from, to) => onZoom.current(from, to),
    });
    const chart = new uPlot({ ...options, plugins: [...(options.plugins ?? []), annotations] }, data, container.current);
    plot.current = chart;
    return () => {
      chart.destroy();
      plot.current = null;
    };
    // `tooltip` is rebuilt each render; its fields are what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, model, hidden, timeRange, tooltip.mode, tooltip.sort, theme]);

  return <div className="timeseries__chart" ref={container} data-testid="uplot-container" />;
}

const Legend = memo(function Legend(props: { rows: LegendRow[]; hidden: ReadonlySet<number>; mode: 'list' | 'table'; width?: number; onToggle: (index: number, only: boolean) => void }) {
  const { rows } = props;
  const calcs = rows[0]?.calcs ?? [];
  const style = props.width ? { width: props.width, maxWidth: 'none' } : undefined;
  const name = (row: LegendRow) => (
    <button type="button" className="legend__item" onClick={(event) => props.onToggle(row.index, !(event.ctrlKey || event.metaKey))} title={row.name}>
      <span className="legend__swatch" style={{ background: row.color }} />
      <span className="legend__name">{row.name}</span>
      {row.axisRight && <span className="legend__axis">(right y-axis)</span>}
    </button>
  );
  if (props.mode === 'table') {
    return (
      <div className="legend legend--table" style={style} aria-label="Legend">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              {calcs.map((calc) => (
                <th key={calc.id}>{calc.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.index} className={props.hidden.has(row.index) ? 'is-hidden' : ''}>
                <td>{name(row)}</td>
                {row.calcs.map((calc) => (
                  <td key={calc.id}>{calc.text}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div className="legend legend--list" style={style} aria-label="Legend">
      {rows.map((row) => (
        <button key={row.index} type="button" className={`legend__item${props.hidden.has(row.index) ? ' is-hidden' : ''}`} onClick={(event) => props.onToggle(row.index, !(event.ctrlKey || event.metaKey))} title={row.name}>
          <span className="legend__swatch" style={{ background: row.color }} />
          <span className="legend__name">{row.name}</span>
          {row.axisRight && <span className="legend__axis">(right y-axis)</span>}
          {row.calcs.map((calc) => (
            <span key={calc.id} className="legend__calc">
              {calc.label}: <strong>{calc.text}</strong>
            </span>
          ))}
        </button>
      ))}
    </div>
  );
});
