// The bar gauge panel (`bargauge`): each reduced value as a bar between the field's min and
// max — `displayMode` basic (a translucent bar with a solid end), gradient (the threshold or
// scheme colours along the bar) or lcd (cells lit in their own colour) — horizontal bars
// stacked or vertical bars side by side (`orientation`, auto by the panel's shape), the
// unfilled rest shown on request (`showUnfilled`), names above/left, values coloured.
import { useMemo, type CSSProperties } from 'react';
import { useTheme } from '../../app/theme';
import { displayText, fieldDisplayValues, withAlpha, type FieldDisplay, type ReduceOptions, type ThemeName } from '../../lib/fieldconfig';
import type { PanelProps } from '../types';
import { fillShare, gradientStops, lcdCellCount, lcdCells } from './bars';
import './bargauge.css';

export interface BarGaugeOptions {
  reduceOptions?: ReduceOptions;
  displayMode?: 'basic' | 'gradient' | 'lcd';
  orientation?: 'auto' | 'horizontal' | 'vertical';
  showUnfilled?: boolean;
  valueMode?: 'color' | 'text' | 'hidden';
  namePlacement?: 'auto' | 'top' | 'left' | 'hidden';
  minVizWidth?: number;
  minVizHeight?: number;
  maxVizHeight?: number;
  text?: { titleSize?: number; valueSize?: number };
}

const GAP = 8;

export function BarGaugePanel({ panel, data, width, height, timeRange }: PanelProps) {
  const { theme } = useTheme();
  const options = (panel.options ?? {}) as BarGaugeOptions;
  const values = useMemo(() => fieldDisplayValues(data, panel.fieldConfig, options.reduceOptions, { theme, defaultColorMode: 'thresholds', timeZone: timeRange.timeZone }), [data, panel.fieldConfig, options.reduceOptions, theme, timeRange.timeZone]);
  if (values.length === 0) return <div className="panel-no-data">No data</div>;
  const orientation = options.orientation === 'horizontal' || options.orientation === 'vertical' ? options.orientation : width > height ? 'vertical' : 'horizontal';
  const count = values.length;
  const showTitle = options.namePlacement !== 'hidden' && (count > 1 || options.namePlacement === 'top' || options.namePlacement === 'left');
  if (orientation === 'horizontal') {
    const minHeight = options.minVizHeight ?? 16;
    const maxHeight = options.maxVizHeight ?? 300;
    const rowHeight = Math.min(Math.max((height - GAP * (count - 1)) / count, minHeight), maxHeight);
    return (
      <div className="bargauge bargauge--horizontal" style={{ gap: GAP }}>
        {values.map((value, index) => (
          <Bar key={index} value={value} orientation="horizontal" width={width} height={rowHeight} showTitle={showTitle} options={options} theme={theme} />
        ))}
      </div>
    );
  }
  const minWidth = options.minVizWidth ?? 8;
  const columnWidth = Math.max((width - GAP * (count - 1)) / count, minWidth);
  return (
    <div className="bargauge bargauge--vertical" style={{ gap: GAP }}>
      {values.map((value, index) => (
        <Bar key={index} value={value} orientation="vertical" width={columnWidth} height={height} showTitle={showTitle} options={options} theme={theme} />
      ))}
    </div>
  );
}

function Bar(props: { value: FieldDisplay; orientation: 'horizontal' | 'vertical'; width: number; height: number; showTitle: boolean; options: BarGaugeOptions; theme: ThemeName }) {
  const { value, orientation, width, height, options, theme } = props;
  const horizontal = orientation === 'horizontal';
  const mode = options.displayMode ?? 'gradient';
  const showUnfilled = options.showUnfilled !== false;
  const valueMode = options.valueMode ?? 'color';
  const text = displayText(value.display) || 'No data';
  const field = value.field;
  const color = value.display.color;

  // Text sizes follow the bar's thickness (or the column's width), within readable limits.
  const titleLeft = horizontal && props.showTitle && (options.namePlacement === 'left' || (options.namePlacement !== 'top' && width / Math.max(height, 1) > 8 && height < 48));
  const titleSize = options.text?.titleSize ?? Math.max(11, Math.min(horizontal ? height * 0.3 : width * 0.15, 16));
  const titleSpace = props.showTitle && !titleLeft ? titleSize * 1.5 : 0;
  const thickness = horizontal ? height - titleSpace : width;
  const valueSize = options.text?.valueSize ?? Math.max(10, Math.min(horizontal ? thickness * 0.65 : width / Math.max(text.length * 0.62, 1), 36));
  const valueSpace = valueMode === 'hidden' ? 0 : horizontal ? Math.max(text.length * valueSize * 0.62 + 10, 30) : valueSize * 1.5;
  const titleWidth = titleLeft ? Math.min(width * 0.3, 200) : 0;
  const barLength = Math.max(horizontal ? width - titleWidth - valueSpace : height - titleSpace - valueSpace, 4);
  const share = fillShare(value.display.numeric, field.range);
  const filled = barLength * share;

  const track: CSSProperties = horizontal ? { width: barLength, height: thickness } : { width: thickness, height: barLength };
  let fill: CSSProperties | undefined;
  let cells: { color: string; lit: boolean }[] = [];
  if (mode === 'lcd') {
    cells = lcdCells(lcdCellCount(barLength, Math.max(Math.min(thickness * 0.4, 14), 6)), value.display.numeric, field.config, field.range, theme);
  } else if (mode === 'basic') {
    fill = {
      [horizontal ? 'width' : 'height']: filled,
      background: withAlpha(color, 0.35),
      [horizontal ? 'borderRight' : 'borderTop']: filled > 0 ? `2px solid ${color}` : undefined,
    };
  } else {
    const stops = gradientStops(field.config, field.range, theme, color);
    fill = {
      [horizontal ? 'width' : 'height']: filled,
      backgroundImage: `linear-gradient(${horizontal ? 'to right' : 'to top'}, ${stops.join(', ')})`,
      backgroundSize: horizontal ? `${barLength}px 100%` : `100% ${barLength}px`,
      backgroundPosition: horizontal ? 'left' : 'bottom',
    };
  }

  const title = props.showTitle && (
    <div className="bargauge__title" style={{ fontSize: titleSize, width: titleLeft ? titleWidth : undefined }} title={value.name}>
      {value.name}
    </div>
  );
  const valueText = valueMode !== 'hidden' && (
    <div className="bargauge__value" style={{ fontSize: valueSize, color: valueMode === 'color' ? color : undefined, width: horizontal ? valueSpace : undefined }} data-testid="bargauge-value">
      {text}
    </div>
  );
  return (
    <div
      className={`bargauge__item bargauge__item--${orientation}${titleLeft ? ' bargauge__item--title-left' : ''} bargauge__item--${mode}`}
      style={{ width: horizontal ? '100%' : width, height: horizontal ? height : '100%' }}
      data-testid="bargauge-bar"
      data-mode={mode}
    >
      {horizontal && title}
      {!horizontal && valueText}
      <div className={`bargauge__row${horizontal ? '' : ' bargauge__row--vertical'}`}>
        <div className={`bargauge__track${showUnfilled && mode !== 'lcd' ? ' bargauge__track--unfilled' : ''}`} style={track}>
          {fill && <div className="bargauge__fill" style={fill} />}
          {mode === 'lcd' && (
            <div className="bargauge__cells" style={{ gap: Math.max(thickness * 0.1, 2) }}>
              {cells.map((cell, index) => (
                <div
                  key={index}
                  className="bargauge__cell"
                  style={{
                    background: cell.lit ? cell.color : showUnfilled ? withAlpha(cell.color, 0.15) : 'transparent',
                    boxShadow: cell.lit ? `0 0 4px ${withAlpha(cell.color, 0.6)}` : undefined,
                  }}
                />
              ))}
            </div>
          )}
        </div>
        {horizontal && valueText}
      </div>
      {!horizontal && title}
    </div>
  );
}
