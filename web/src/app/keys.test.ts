import { describe, expect, it } from 'vitest';
import { keyName, platformKey, ShortcutMatcher } from './keys';

describe('keyName', () => {
  it('names keys as shortcuts do', () => {
    expect(keyName({ key: 'z' })).toBe('z');
    expect(keyName({ key: 'Z', shiftKey: true })).toBe('z');
    expect(keyName({ key: 'ArrowLeft' })).toBe('left');
    expect(keyName({ key: 'Escape' })).toBe('esc');
    expect(keyName({ key: 'k', ctrlKey: true })).toBe('ctrl+k');
    expect(keyName({ key: 'k', metaKey: true })).toBe('meta+k');
    expect(keyName({ key: '/' })).toBe('/');
  });

  it('spells mod for the platform', () => {
    expect(platformKey('mod+k', true)).toBe('meta+k');
    expect(platformKey('mod+k', false)).toBe('ctrl+k');
    expect(platformKey('t z', false)).toBe('t z');
  });
});

describe('ShortcutMatcher', () => {
  const on = (mac: boolean) => new Set(['t z', 't left', 't right', 'mod+k', '/', 'ctrl+z'].map((name) => platformKey(name, mac)));

  it('matches single keys and modifier chords', () => {
    const matcher = new ShortcutMatcher();
    const bindings = on(false);
    expect(matcher.feed('/', 0, bindings)).toBe('/');
    expect(matcher.feed('ctrl+k', 10, bindings)).toBe('ctrl+k');
    expect(matcher.feed('meta+k', 20, bindings)).toBeUndefined();
    expect(matcher.feed('x', 30, bindings)).toBeUndefined();
  });

  it('matches a sequence when the second key follows in time', () => {
    const matcher = new ShortcutMatcher();
    const bindings = on(true);
    expect(matcher.feed('t', 0, bindings)).toBeUndefined();
    expect(matcher.feed('left', 400, bindings)).toBe('t left');
    expect(matcher.feed('t', 1000, bindings)).toBeUndefined();
    expect(matcher.feed('z', 3000, bindings)).toBeUndefined();
    expect(matcher.feed('t', 4000, bindings)).toBeUndefined();
    expect(matcher.feed('z', 4100, bindings)).toBe('t z');
    expect(matcher.feed('meta+k', 5000, bindings)).toBe('meta+k');
  });

  it('forgets the first key after another key', () => {
    const matcher = new ShortcutMatcher();
    const bindings = on(false);
    matcher.feed('t', 0, bindings);
    matcher.feed('x', 100, bindings);
    expect(matcher.feed('z', 200, bindings)).toBeUndefined();
    // A new sequence may start right after a broken one.
    matcher.feed('t', 300, bindings);
    expect(matcher.feed('right', 400, bindings)).toBe('t right');
  });

  it('keeps a started sequence when the bindings change between its keys', () => {
    const matcher = new ShortcutMatcher();
    matcher.feed('t', 0, on(false));
    expect(matcher.feed('z', 100, new Set(['t z']))).toBe('t z');
  });
});
