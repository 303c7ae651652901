import { describe, expect, it } from 'vitest';
import { applyFormat, escapeLucene, escapeRegex, FORMAT_IDS, isFormatId, sqlString, type FormatContext, type FormatId } from './formats';

const single: FormatContext = { name: 'host', text: 'web 1', multi: false, includeAll: false, allSelected: false };
const several: FormatContext = { name: 'host', text: 'web 1 + db', multi: true, includeAll: false, allSelected: false };
const format = (id: FormatId, value: string | string[] | number, args: string[] = [], context = Array.isArray(value) ? several : single) => applyFormat(id, value, args, context);

describe('formats', () => {
  it('knows every Grafana format id', () => {
    for (const id of ['csv', 'pipe', 'regex', 'glob', 'json', 'lucene', 'raw', 'sqlstring', 'singlequote', 'doublequote', 'percentencode', 'queryparam', 'text']) {
      expect(isFormatId(id), id).toBe(true);
    }
    expect(FORMAT_IDS).toHaveLength(18);
    expect(isFormatId('nope')).toBe(false);
  });

  it('writes one value and several values', () => {
    const cases: [FormatId, string, string][] = [
      ['csv', 'a', 'a,b'],
      ['raw', 'a', 'a,b'],
      ['pipe', 'a', 'a|b'],
      ['glob', 'a', '{a,b}'],
      ['regex', 'a', '(a|b)'],
      ['lucene', 'a', '("a" OR "b")'],
      ['json', '"a"', '["a","b"]'],
      ['sqlstring', "'a'", "'a','b'"],
      ['singlequote', "'a'", "'a','b'"],
      ['doublequote', '"a"', '"a","b"'],
      ['percentencode', 'a', '%7Ba%2Cb%7D'],
      ['queryparam', 'var-host=a', 'var-host=a&var-host=b'],
      ['distributed', 'a', 'a,host=b'],
      ['join', 'a', 'a,b'],
    ];
    for (const [id, one, many] of cases) {
      expect(format(id, 'a'), id).toBe(one);
      expect(format(id, ['a', 'b']), id).toBe(many);
    }
  });

  it('writes the text of the selection with `text`', () => {
    expect(format('text', 'web-1')).toBe('web 1');
    expect(format('text', ['a', 'b'])).toBe('web 1 + db');
  });

  it('keeps a single value of a list as it is for glob and regex', () => {
    expect(format('glob', ['a'])).toBe('a');
    expect(format('regex', ['a.b'])).toBe('a\\.b');
  });

  it('escapes regex metacharacters so a value matches only itself', () => {
    const hostile = 'a.b*(c)|d/e\\f^$[x]{2}+?';
    const escaped = escapeRegex(hostile);
    expect(escaped).toBe('a\\.b\\*\\(c\\)\\|d\\/e\\\\f\\^\\$\\[x\\]\\{2\\}\\+\\?');
    expect(new RegExp(`^${escaped}$`).test(hostile)).toBe(true);
    expect(new RegExp(`^${escaped}$`).test('aXb*(c)|d/e\\f^$[x]{2}+?')).toBe(false);
    const alternation = format('regex', ['.*', 'a|b']);
    expect(alternation).toBe('(\\.\\*|a\\|b)');
    expect(new RegExp(`^${alternation}$`).test('anything')).toBe(false);
    expect(new RegExp(`^${alternation}$`).test('a|b')).toBe(true);
  });

  it('never lets a value close its SQL literal', () => {
    expect(sqlString("O'Brien")).toBe("'O''Brien'");
    expect(sqlString("x'; DROP TABLE users; --")).toBe("'x''; DROP TABLE users; --'");
    // A trailing backslash would escape the closing quote in MySQL: it is doubled.
    expect(sqlString('x\\')).toBe("'x\\\\'");
    expect(sqlString('\\\'; DROP TABLE t; --')).toBe("'\\\\''; DROP TABLE t; --'");
    expect(sqlString('say "hi"')).toBe("'say \\\"hi\\\"'");
    expect(format('sqlstring', ["a'", 'b\\'])).toBe("'a''','b\\\\'");
    // Whatever the value, the literal's quotes stay balanced: strip the escapes and the
    // inner text has no lone quote.
    for (const hostile of ["'", "''", "\\'", "a\\' OR 1=1 --", "'); DELETE FROM x; --"]) {
      const inner = sqlString(hostile).slice(1, -1).replace(/\\./g, '').replace(/''/g, '');
      expect(inner.includes("'"), hostile).toBe(false);
    }
  });

  it('escapes quotes and backslashes in the quote formats', () => {
    expect(format('singlequote', "it's \\")).toBe("'it\\'s \\\\'");
    expect(format('doublequote', 'say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
  });

  it('escapes Lucene syntax but leaves numbers', () => {
    expect(escapeLucene('a b:c-"d"')).toBe('a\\ b\\:c\\-\\"d\\"');
    expect(escapeLucene('-12.5')).toBe('-12.5');
    expect(escapeLucene(' 1')).toBe('\\ 1');
    expect(format('lucene', [])).toBe('__empty__');
  });

  it('percent-encodes like encodeURIComponent and more', () => {
    expect(format('percentencode', "a b&c=d/é!*'()~")).toBe('a%20b%26c%3Dd%2F%C3%A9%21%2A%27%28%29~');
    expect(format('queryparam', 'a b&c')).toBe('var-host=a%20b%26c');
    expect(applyFormat('queryparam', ['a', 'b'], [], { ...several, allSelected: true })).toBe('var-host=$__all');
    expect(format('customqueryparam', ['a', 'b'], ['h', 'p-'])).toBe('h=p-a&h=p-b');
  });

  it('writes JSON that parses back to the value', () => {
    const hostile = 'a"b\\c\n';
    expect(JSON.parse(format('json', hostile))).toBe(hostile);
    expect(JSON.parse(format('json', [hostile, 'x']))).toEqual([hostile, 'x']);
  });

  it('escapes HTML', () => {
    expect(format('html', `<a href='x'>&"`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;');
  });

  it('writes dates', () => {
    const millis = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    expect(format('date', millis)).toBe('2024-01-02T03:04:05.678Z');
    expect(format('date', millis, ['seconds'])).toBe(String(Math.round(millis / 1000)));
    expect(format('date', millis, ['ms'])).toBe(String(millis));
    const local = new Date(millis);
    expect(format('date', millis, ['YYYY-MM-DD HH', 'mm'])).toBe(
      `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')} ${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`,
    );
    expect(format('date', 'not a date')).toBe('NaN');
  });
});
