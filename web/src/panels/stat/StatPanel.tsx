// The stat panel (`stat`): big reduced values, coloured through the field config engine
// (`colorMode`: value, background gradient, background_solid or none), with an optional
// sparkline (`graphMode: area`/`line`), Grafana's text modes (auto, value, value_and_name,
// name, none), orientation and justify mode. Several values share the panel in a grid.
import { useMemo } from 'react';
import { useTheme } from '../../app/theme';
import { mixColors, withAlpha } from '../../lib/fieldconfig';
import type { PanelProps } from '../types';
import { vizGrid } from '../shared/vizGrid';
import { percentChangeColor, sparklinePaths, statOptions, statValues, textParts, type StatOptions, type StatValue } from './values';
import './stat.css';

const GAP = 4;

export function StatPanel({ panel, data, width, height, timeRange }: PanelProps) {
  const { theme } = useTheme();
  const values = useMemo(() => statValues(panel, data, theme, timeRange.timeZone), [panel, data, theme, timeRange.timeZone]);
  const options = statOptions(panel);
  if (values.length === 0) return <div className="panel-no-data">No data</div>;
  const grid = vizGrid(width, height, values.length, options.orientation ?? 'auto', 2.2, GAP);
  const parts = textParts(options.textMode, values.length);
  return (
    <div className="stat" style={{ gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`, gridAutoRows: `${Math.max(grid.cellHeight, 0)}px`, gap: GAP }}>
      {values.map((value, index) => (
        <StatCell key={index} value={value} width={grid.cellWidth} height={grid.cellHeight} options={options} showName={parts.name} showValue={parts.value} />
      ))}
    </div>
  );
}

/** A font size that fits `text` into `width` (about 0.6 em per character). */
function fitFont(text: string, width: number, height: number, max: number): number {
  return Math.max(10, Math.min(height, (width / Math.max(text.length, 1)) * 1.7, max));
}

function StatCell(props: { value: StatValue; width: number; height: number; options: StatOptions; showName: boolean; showValue: boolean }) {
  const { value, width, height, options } = props;
  const colorMode = options.colorMode ?? 'value';
  const graphMode = options.graphMode ?? 'area';
  const text = `${value.display.prefix ?? ''}${value.display.text}${value.display.suffix ?? ''}`;
  const onBackground = colorMode === 'background' || colorMode === 'background_solid';
  // Wide cells with a name put it beside the value, as Grafana's wide layout does.
  const wide = props.showName && props.showValue && options.wideLayout !== false && width / Math.max(height, 1) > 2.5 && options.justifyMode !== 'center';
  const chartHeight = graphMode !== 'none' && value.sparkline && height > 50 ? (wide ? height * 0.5 : height * 0.4) : 0;
  const paths = chartHeight ? sparklinePaths(value.sparkline!, width, chartHeight) : undefined;
  const textHeight = height - (wide ? 0 : chartHeight) - 8;
  const titleSize = options.text?.titleSize ?? Math.max(12, Math.min(textHeight * (wide ? 0.3 : 0.18), wide ? 26 : 22));
  const valueWidth = wide ? width * 0.55 : width - 16;
  const valueHeight = (textHeight - (props.showName && !wide ? titleSize * 1.4 : 0)) * 0.8;
  const valueSize = options.text?.valueSize ?? fitFont(props.showValue ? text : value.name, valueWidth, valueHeight, 140);
  const background =
    colorMode === 'background'
      ? `linear-gradient(120deg, ${mixColors(value.color, '#000000', 0.25)}, ${mixColors(value.color, '#ffffff', 0.1)})`
      : colorMode === 'background_solid'
        ? value.color
        : undefined;
  const valueColor = colorMode === 'value' ? value.color : undefined;
  const stroke = onBackground ? 'rgba(255,255,255,0.55)' : value.color;
  return (
    <div
      className={`stat__cell${onBackground ? ' stat__cell--background' : ''}${wide ? ' stat__cell--wide' : ''}${options.justifyMode === 'center' ? ' stat__cell--center' : ''}`}
      style={{ background, paddingBottom: wide ? 0 : chartHeight }}
      data-testid="stat-cell"
    >
      {paths && (
        <svg className="stat__sparkline" width={width} height={chartHeight} viewBox={`0 0 ${width} ${chartHeight}`} preserveAspectRatio="none" aria-hidden="true">
          {graphMode === 'area' && <path d={paths.area} fill={onBackground ? 'rgba(255,255,255,0.15)' : withAlpha(value.color, 0.2)} />}
          <path d={paths.line} fill="none" stroke={stroke} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        </svg>
      )}
      <div className="stat__text">
        {props.showName && (
          <div className="stat__name" style={{ fontSize: props.showValue ? titleSize : valueSize, color: !props.showValue && colorMode === 'value' ? value.color : undefined }} data-testid="stat-name">
            {value.name}
          </div>
        )}
        {props.showValue && (
          <div className="stat__value" data-testid="stat-value" style={{ fontSize: valueSize, color: valueColor }}>
            {value.display.prefix}
            {value.display.text}
            {value.display.suffix && <span className="stat__suffix">{value.display.suffix}</span>}
          </div>
        )}
        {options.showPercentChange && value.percentChange !== undefined && (
          <div
            className="stat__change"
            style={{ fontSize: Math.max(11, valueSize * 0.3), color: onBackground ? undefined : percentChangeColor(value.percentChange, options.percentChangeColorMode, value.color) }}
            data-testid="stat-change"
          >
            {value.percentChange > 0 ? '↑' : value.percentChange < 0 ? '↓' : ''} {Math.abs(value.percentChange).toFixed(Math.abs(value.percentChange) < 10 ? 1 : 0)}%
          </div>
        )}
      </div>
    </div>
  );
}
