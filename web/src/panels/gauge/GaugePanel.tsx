// The gauge panel (`gauge`): each reduced value on a 240° arc between the field's min and
// max (configured, else the data's), the arc coloured by the value's colour, a thin ring of
// threshold colours around it (`showThresholdMarkers`) and the step values beside the ring
// (`showThresholdLabels`). Several values share the panel in a grid (`orientation`). SVG, so
// it is crisp at any size and takes the theme's colours.
import { useMemo } from 'react';
import { useTheme } from '../../app/theme';
import { displayText, fieldDisplayValues, formatStepLabel, type FieldDisplay, type ReduceOptions, type ThemeName } from '../../lib/fieldconfig';
import type { PanelProps } from '../types';
import { vizGrid, type Orientation } from '../shared/vizGrid';
import { arcPath, gaugeAngle, gaugeLayout, labelPosition, START_ANGLE, SWEEP, thresholdSegments } from './geometry';
import './gauge.css';

export interface GaugeOptions {
  reduceOptions?: ReduceOptions;
  showThresholdMarkers?: boolean;
  showThresholdLabels?: boolean;
  orientation?: Orientation;
  minVizWidth?: number;
  minVizHeight?: number;
  text?: { titleSize?: number; valueSize?: number };
}

const GAP = 8;

export function GaugePanel({ panel, data, width, height, timeRange }: PanelProps) {
  const { theme } = useTheme();
  const options = (panel.options ?? {}) as GaugeOptions;
  const values = useMemo(() => fieldDisplayValues(data, panel.fieldConfig, options.reduceOptions, { theme, defaultColorMode: 'thresholds', timeZone: timeRange.timeZone }), [data, panel.fieldConfig, options.reduceOptions, theme, timeRange.timeZone]);
  if (values.length === 0) return <div className="panel-no-data">No data</div>;
  const grid = vizGrid(width, height, values.length, options.orientation ?? 'auto', 1.3, GAP);
  const minWidth = options.minVizWidth ?? 75;
  const minHeight = options.minVizHeight ?? 75;
  const scroll = grid.cellWidth < minWidth || grid.cellHeight < minHeight;
  const cellWidth = Math.max(grid.cellWidth, minWidth);
  const cellHeight = Math.max(grid.cellHeight, minHeight);
  return (
    <div
      className={`gauge-panel${scroll ? ' gauge-panel--scroll' : ''}`}
      style={{ gridTemplateColumns: `repeat(${grid.columns}, ${scroll ? `${cellWidth}px` : 'minmax(0, 1fr)'})`, gridAutoRows: `${cellHeight}px`, gap: GAP }}
    >
      {values.map((value, index) => (
        <Gauge key={index} value={value} width={cellWidth} height={cellHeight} showTitle={values.length > 1} options={options} theme={theme} />
      ))}
    </div>
  );
}

function Gauge(props: { value: FieldDisplay; width: number; height: number; showTitle: boolean; options: GaugeOptions; theme: ThemeName }) {
  const { value, width, height, options, theme } = props;
  const markers = options.showThresholdMarkers !== false;
  const labels = options.showThresholdLabels === true;
  const text = displayText(value.display) || 'No data';
  const layout = gaugeLayout(width, height, {
    title: props.showTitle,
    markers,
    labels,
    valueText: text,
    titleSize: options.text?.titleSize,
    valueSize: options.text?.valueSize,
  });
  const { cx, cy } = layout;
  const field = value.field;
  const segments = thresholdSegments(field.config, field.range, theme);
  const percent = value.display.percent;
  const end = gaugeAngle(percent);
  const labelValues = labels ? [field.range.min, ...segments.flatMap((segment) => (segment.value !== undefined && segment.value > field.range.min && segment.value < field.range.max ? [segment.value] : [])), field.range.max] : [];
  return (
    <svg className="gauge" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${value.name}: ${text}`} data-testid="gauge">
      {props.showTitle && (
        <text className="gauge__title" x={cx} y={layout.titleY} fontSize={layout.titleSize} textAnchor="middle">
          {value.name}
        </text>
      )}
      {markers &&
        segments.map((segment, index) => (
          <path
            key={index}
            d={arcPath(cx, cy, layout.markerRadius, START_ANGLE + segment.from * SWEEP, START_ANGLE + segment.to * SWEEP)}
            stroke={segment.color}
            strokeWidth={layout.markerThickness}
            fill="none"
            data-testid="gauge-marker"
          />
        ))}
      <path className="gauge__track" d={arcPath(cx, cy, layout.radius, START_ANGLE, START_ANGLE + SWEEP)} strokeWidth={layout.thickness} fill="none" />
      {Number.isFinite(percent) && percent > 0 && (
        <path d={arcPath(cx, cy, layout.radius, START_ANGLE, end)} stroke={value.display.color} strokeWidth={layout.thickness} fill="none" data-testid="gauge-value-arc" />
      )}
      {labelValues.map((labelValue, index) => {
        const share = field.range.delta === 0 ? 0 : (labelValue - field.range.min) / field.range.delta;
        const label = formatStepLabel(labelValue, field.config);
        const [x, y] = labelPosition(cx, cy, layout.labelRadius, gaugeAngle(share), label.length * layout.labelSize * 0.58, layout.labelSize);
        return (
          <text key={index} className="gauge__label" x={x} y={y} fontSize={layout.labelSize} textAnchor="middle" dominantBaseline="central">
            {label}
          </text>
        );
      })}
      <text className="gauge__value" x={cx} y={cy} fontSize={layout.valueSize} textAnchor="middle" dominantBaseline="central" fill={value.display.color} data-testid="gauge-value">
        {text}
      </text>
    </svg>
  );
}
