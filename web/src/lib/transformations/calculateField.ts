// `calculateField`: a new field from each row — `reduceRow` (a reducer over the row's number
// fields, or those `include` names), `binary` (field or number, operator, field or number),
// `unary` (abs, exp, ln, floor, ceil of a field) or `index` (the row number). Time series are
// joined on time first (unless `timeSeries: false`); `alias` names the field, else Grafana's
// default name; `replaceFields` keeps only the time fields and the new one.
import type { Field, Frame } from '../data/frames';
import { calculate, reducerName } from './calcs';
import { asBinaryOperand, type Operand } from './operands';
import { asRecord, asString, asStrings, displayName, rowCount } from './fields';
import { joinFrames } from './join';
import type { Transformer } from './types';

const BINARY: Record<string, (left: number, right: number) => number> = {
  '+': (left, right) => left + right,
  '-': (left, right) => left - right,
  '*': (left, right) => left * right,
  '/': (left, right) => left / right,
  '%': (left, right) => left % right,
  '^': (left, right) => left ** right,
};

const UNARY: Record<string, (value: number) => number> = {
  abs: Math.abs,
  exp: Math.exp,
  ln: Math.log,
  floor: Math.floor,
  ceil: Math.ceil,
};

const asNumberCell = (value: unknown): number | null => (typeof value === 'number' && !Number.isNaN(value) ? value : null);

interface Calculation {
  name: string;
  values: unknown[];
}

function findField(frame: Frame, frames: readonly Frame[], name: string): Field | undefined {
  return frame.fields.find((field) => displayName(field, frame, frames) === name) ?? frame.fields.find((field) => field.name === name);
}

function operandValues(operand: Operand, frame: Frame, frames: readonly Frame[], length: number): (number | null)[] | undefined {
  if (operand.kind === 'number') return new Array<number | null>(length).fill(operand.value);
  const field = findField(frame, frames, operand.name);
  return field ? Array.from({ length }, (_, row) => asNumberCell(field.values[row])) : undefined;
}

function calculation(frame: Frame, frames: readonly Frame[], options: Record<string, unknown>): Calculation | undefined {
  const mode = asString(options.mode) ?? 'reduceRow';
  const length = rowCount(frame);
  switch (mode) {
    case 'reduceRow': {
      const reduce = asRecord(options.reduce);
      const reducer = asString(reduce.reducer) ?? 'sum';
      const include = new Set(asStrings(reduce.include));
      const sources = frame.fields.filter((field) => field.type === 'number' && (include.size === 0 || include.has(displayName(field, frame, frames)) || include.has(field.name)));
      const values = Array.from({ length }, (_, row) => calculate(sources.map((field) => field.values[row] ?? null), reducer));
      return { name: reducerName(reducer), values };
    }
    case 'binary': {
      const binary = asRecord(options.binary);
      const operator = asString(binary.operator) ?? '+';
      const apply = BINARY[operator];
      const left = asBinaryOperand(binary.left);
      const right = asBinaryOperand(binary.right);
      if (!apply || !left || !right) return undefined;
      const leftValues = operandValues(left, frame, frames, length);
      const rightValues = operandValues(right, frame, frames, length);
      if (!leftValues || !rightValues) return undefined;
      const values = leftValues.map((value, row) => {
        const other = rightValues[row];
        return value === null || other === null || other === undefined ? null : apply(value, other);
      });
      return { name: `${left.text} ${operator} ${right.text}`, values };
    }
    case 'unary': {
      const unary = asRecord(options.unary);
      const operator = asString(unary.operator) ?? 'abs';
      const apply = UNARY[operator];
      const fieldName = asString(unary.fieldName);
      const source = fieldName ? findField(frame, frames, fieldName) : undefined;
      if (!apply || !source || !fieldName) return undefined;
      const values = Array.from({ length }, (_, row) => {
        const value = asNumberCell(source.values[row]);
        return value === null ? null : apply(value);
      });
      return { name: `${operator}(${fieldName})`, values };
    }
    case 'index': {
      const percent = asRecord(options.index).asPercentile === true;
      const values = Array.from({ length }, (_, row) => (percent && length > 1 ? row / (length - 1) : row));
      return { name: 'Row', values };
    }
    default:
      return undefined;
  }
}

export const calculateFieldTransformer: Transformer = (input, options) => {
  const timeSeries = options.timeSeries !== false && input.length > 1 && input.every((frame) => frame.fields.some((field) => field.type === 'time'));
  const frames = timeSeries ? joinFrames(input, undefined, 'outer') : input;
  const alias = asString(options.alias);
  return frames.map((frame) => {
    const result = calculation(frame, frames, options);
    if (!result) return frame;
    const field: Field = { name: alias || result.name, type: 'number', values: result.values, config: {} };
    const kept = options.replaceFields === true ? frame.fields.filter((candidate) => candidate.type === 'time') : frame.fields;
    return { ...frame, fields: [...kept, field] };
  });
};
