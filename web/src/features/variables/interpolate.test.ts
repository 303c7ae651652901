import { describe, expect, it } from 'vitest';
import { autoInterval, defaultFormatFor, findReferences, formatInterval, interpolate, interpolateModel, interpolateText, type InterpolationContext } from './interpolate';
import { AUTO_VALUE } from './model';
import { statesOf, variable } from './testing';

const variables = statesOf(
  variable({ name: 'host', multi: true, includeAll: true }, ['web-1', 'web.2', "o'neil"], ['web-1', 'web.2']),
  variable({ name: 'region' }, [{ text: 'Europe', value: 'eu' }, { text: 'US', value: 'us' }], ['eu']),
  variable({ name: 'everything', includeAll: true, multi: true }, ['a', 'b', 'c'], 'all'),
  variable({ name: 'custom_all', includeAll: true, allValue: '.*', multi: true }, ['a', 'b'], 'all'),
  variable({ name: 'nested_all', includeAll: true, allValue: '$region-*' }, ['x'], 'all'),
  variable({ name: 'secret' }, ['${region}'], ['${region}']),
  variable({ name: 'step', type: 'interval', auto: true, auto_count: 10, auto_min: '1m' }, ['1m', '1h'], [AUTO_VALUE]),
  variable({ name: 'empty', multi: true }, [], []),
);
const range = { raw: { from: 'now-6h', to: 'now' }, from: 1_700_000_000_000, to: 1_700_000_000_000 + 6 * 3_600_000 };
const context: InterpolationContext = { variables, range, intervalMs: 30_000, dashboard: { uid: 'd1', title: 'My board' }, timezone: 'Europe/Paris' };
const glob = (template: string, extra: Partial<InterpolationContext> = {}) => interpolate(template, { ...context, ...extra });

describe('reference syntax', () => {
  it('finds $var, ${var}, ${var:format}, ${var.path} and [[var]]', () => {
    expect(findReferences('$a ${b} ${c:csv} ${d.text} ${__from:date:YYYY-MM} [[e]] [[f:regex]]').map((r) => [r.name, r.fieldPath, r.format])).toEqual([
      ['a', undefined, undefined],
      ['b', undefined, undefined],
      ['c', undefined, 'csv'],
      ['d', 'text', undefined],
      ['__from', undefined, 'date:YYYY-MM'],
      ['e', undefined, undefined],
      ['f', undefined, 'regex'],
    ]);
  });

  it('leaves what is not a reference, and unknown names, as written', () => {
    for (const text of ['$', '${}', '${x', '${x:}', '[[x:]]', 'price: 5$', '$unknown', '${unknown:csv}', '$__rate_interval', '$__timeFilter(time)', '$__range']) {
      expect(glob(text), text).toBe(text);
    }
  });

  it('reads the longest name', () => {
    expect(glob('$region_x $region-x')).toBe('$region_x eu-x');
  });
});

describe('interpolate', () => {
  it('writes every syntax in the default glob format', () => {
    expect(glob('$region ${region} [[region]]')).toBe('eu eu eu');
    expect(glob('$host')).toBe('{web-1,web.2}');
  });

  it('applies explicit formats', () => {
    expect(glob('${host:csv}')).toBe('web-1,web.2');
    expect(glob('${host:pipe}')).toBe('web-1|web.2');
    expect(glob('${host:regex}')).toBe('(web-1|web\\.2)');
    expect(glob('${host:sqlstring}')).toBe("'web-1','web.2'");
    expect(glob('${region:text}')).toBe('Europe');
    expect(glob('${host:text}')).toBe('web-1 + web.2');
    expect(glob('[[host:pipe]]')).toBe('web-1|web.2');
    expect(glob('${host:nonsense}')).toBe('{web-1,web.2}');
  });

  it('reads .text and .value', () => {
    expect(glob('${region.text} ${region.value} ${region.other}')).toBe('Europe eu ');
  });

  it('expands All to every option, or to the custom all value unformatted', () => {
    expect(glob('$everything')).toBe('{a,b,c}');
    expect(glob('${everything:csv}')).toBe('a,b,c');
    expect(glob('${everything:text}')).toBe('All');
    expect(glob('${everything:queryparam}')).toBe('var-everything=$__all');
    expect(glob('$custom_all ${custom_all:regex} ${custom_all:sqlstring}')).toBe('.* .* .*');
    expect(glob('${custom_all:text}')).toBe('All');
    expect(glob('${custom_all:percentencode}')).toBe('.%2A');
    expect(glob('$nested_all')).toBe('eu-*');
  });

  it('never reads a value again for references', () => {
    expect(glob('$secret')).toBe('${region}');
  });

  it('uses a repeated clone scoped value before the variable', () => {
    expect(glob('$host ${host:text}', { scopedVars: { host: { text: 'Web one', value: 'web-1' } } })).toBe('web-1 Web one');
  });

  it('resolves the built-ins the browser knows', () => {
    expect(glob('$__interval $__interval_ms')).toBe('30s 30000');
    expect(glob('$__from ${__to:date:seconds}')).toBe(`${range.from} ${Math.round(range.to / 1000)}`);
    expect(glob('${__from:date}')).toBe(new Date(range.from).toISOString());
    expect(glob('${__dashboard} ${__dashboard.uid} $__timezone')).toBe('My board d1 Europe/Paris');
    expect(glob('$__interval', { intervalMs: undefined })).toBe('$__interval');
    expect(glob('$__user ${__org.name}')).toBe('$__user ${__org.name}');
  });

  it('resolves an interval variable on auto against the range', () => {
    // 6h / 10 = 36m → rounded to 30m, above the 1m floor.
    expect(glob('$step')).toBe('30m');
    expect(autoInterval({ from: 0, to: 60_000 }, 30, '10s')).toBe('10s');
    expect(formatInterval(86_400_000)).toBe('1d');
    expect(formatInterval(500)).toBe('500ms');
  });

  it('writes an empty multi-value selection as nothing', () => {
    expect(glob('[$empty]')).toBe('[]');
  });
});

describe('data source defaults', () => {
  it('writes PromQL: escaped strings, regex alternations for several values', () => {
    const prom = defaultFormatFor('prometheus');
    expect(interpolate('up{instance=~"$host"}', context, prom)).toBe('up{instance=~"(web-1|web\\\\.2)"}');
    expect(interpolate('up{region="$region"}', context, prom)).toBe('up{region="eu"}');
    const hostile = statesOf(variable({ name: 'job' }, ['a"} or vector(1) or {x="'], ['a"} or vector(1) or {x="']));
    expect(interpolate('up{job="$job"}', { variables: hostile }, prom)).toBe('up{job="a\\"} or vector(1) or {x=\\""}');
    const one = statesOf(variable({ name: 'h', multi: true }, ['a.b'], ['a.b']));
    expect(interpolate('up{h=~"$h"}', { variables: one }, prom)).toBe('up{h=~"a\\\\.b"}');
  });

  it('writes SQL: literal content for one value, quoted lists for several', () => {
    const postgres = defaultFormatFor('grafana-postgresql-datasource');
    expect(interpolate("WHERE host IN ($host) AND region = '$region'", context, postgres)).toBe("WHERE host IN ('web-1','web.2') AND region = 'eu'");
    const hostile = statesOf(variable({ name: 'name' }, ["x' OR '1'='1"], ["x' OR '1'='1"]), variable({ name: 'many', multi: true }, ["a'", 'b\\'], ["a'", 'b\\']));
    expect(interpolate("name = '$name'", { variables: hostile }, postgres)).toBe("name = 'x'' OR ''1''=''1'");
    expect(interpolate('IN ($many)', { variables: hostile }, postgres)).toBe("IN ('a''','b\\\\')");
    const mysql = defaultFormatFor('mysql');
    const slash = statesOf(variable({ name: 'v' }, ["\\'; DROP TABLE t; --"], ["\\'; DROP TABLE t; --"]));
    expect(interpolate("x = '$v'", { variables: slash }, mysql)).toBe("x = '\\\\''; DROP TABLE t; --'");
  });

  it('uses glob for other data sources', () => {
    expect(interpolate('$host', context, defaultFormatFor('grafana-testdata-datasource'))).toBe('{web-1,web.2}');
  });
});

describe('interpolateModel', () => {
  it('interpolates every string but refId and datasource', () => {
    const model = { refId: '$region', datasource: { uid: '$region' }, alias: '$region', nested: { list: ['$host', 3] }, hide: false };
    expect(interpolateModel(model, context, defaultFormatFor(undefined))).toEqual({
      refId: '$region',
      datasource: { uid: '$region' },
      alias: 'eu',
      nested: { list: ['{web-1,web.2}', 3] },
      hide: false,
    });
  });
});

describe('interpolateText', () => {
  it('writes the selected texts, as Grafana writes titles', () => {
    expect(interpolateText('CPU $host in $region (${region})', context)).toBe('CPU web-1 + web.2 in Europe (Europe)');
    expect(interpolateText('$everything', context)).toBe('All');
    expect(interpolateText('Host $host', { ...context, scopedVars: { host: { text: 'Web one', value: 'web-1' } } })).toBe('Host Web one');
    expect(interpolateText('${region:raw}', context)).toBe('eu');
  });
});
