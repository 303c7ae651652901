// The two shapes Grafana has stored a binary operation's sides in: a string (a field name or a
// number) and, since Grafana 10.4, `{matcher: {id: 'byName', options}}` or `{fixed}`.
import { asNumber, asRecord, asString } from './fields';

export type Operand = { kind: 'number'; value: number; text: string } | { kind: 'field'; name: string; text: string };

export function asBinaryOperand(value: unknown): Operand | undefined {
  if (typeof value === 'number') return { kind: 'number', value, text: String(value) };
  const text = asString(value) ?? asString(asRecord(value).fixed) ?? asString(asRecord(asRecord(value).matcher).options);
  if (text === undefined || text === '') return undefined;
  const fixed = asRecord(value).fixed !== undefined || typeof value === 'string';
  const number = fixed ? asNumber(text) : undefined;
  return number === undefined ? { kind: 'field', name: text, text } : { kind: 'number', value: number, text };
}
