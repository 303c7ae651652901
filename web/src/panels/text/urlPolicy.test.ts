import { describe, expect, it } from 'vitest';
import { cleanAttribute, safeUrl } from './urlPolicy';

describe('safeUrl', () => {
  it('keeps web, mail and relative URLs', () => {
    for (const url of ['https://example.com/a?b=1', 'http://x', 'mailto:ops@example.com', 'tel:+123', '/d/abc', 'd/abc?var-x=1', '#top', '//cdn.example/x.png']) {
      expect(safeUrl(url, 'link')).toBe(url);
    }
  });

  it('refuses script and other schemes in every disguise', () => {
    const hostile = ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\nscript:alert(1)', 'java\u0000script:x', '\u0001javascript:x', 'vbscript:msgbox', 'data:text/html;base64,PHNjcmlwdD4=', 'file:///etc/passwd', 'blob:https://x/y', 'a:b/c'];
    for (const url of hostile) expect(safeUrl(url, 'link'), url).toBeUndefined();
  });

  it('allows base64 raster images as image sources only', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(safeUrl(png, 'image')).toBe(png);
    expect(safeUrl(png, 'link')).toBeUndefined();
    expect(safeUrl('data:image/svg+xml;base64,PHN2Zz4=', 'image')).toBeUndefined();
  });
});

describe('cleanAttribute', () => {
  it('drops event handlers, ids and unknown attributes', () => {
    expect(cleanAttribute('img', 'onerror', 'alert(1)')).toBeUndefined();
    expect(cleanAttribute('a', 'OnClick', 'alert(1)')).toBeUndefined();
    expect(cleanAttribute('div', 'id', 'location')).toBeUndefined();
    expect(cleanAttribute('img', 'srcset', 'x 1x')).toBeUndefined();
    expect(cleanAttribute('a', 'formaction', 'javascript:x')).toBeUndefined();
    expect(cleanAttribute('div', 'class', 'note')).toBe('note');
    expect(cleanAttribute('td', 'colspan', '2')).toBe('2');
    expect(cleanAttribute('span', 'aria-label', 'x')).toBe('x');
  });

  it('checks URLs and styles', () => {
    expect(cleanAttribute('a', 'href', 'javascript:alert(1)')).toBeUndefined();
    expect(cleanAttribute('a', 'href', 'https://ok.example')).toBe('https://ok.example');
    expect(cleanAttribute('img', 'src', 'jav\tascript:x')).toBeUndefined();
    expect(cleanAttribute('div', 'style', 'background: url(https://evil/x)')).toBeUndefined();
    expect(cleanAttribute('div', 'style', 'width: expression(alert(1))')).toBeUndefined();
    expect(cleanAttribute('div', 'style', 'position: fixed; inset: 0')).toBeUndefined();
    expect(cleanAttribute('div', 'style', 'color: red; font-weight: bold')).toBe('color: red; font-weight: bold');
    expect(cleanAttribute('a', 'target', '_blank')).toBe('_blank');
    expect(cleanAttribute('a', 'target', 'other')).toBeUndefined();
    expect(cleanAttribute('input', 'type', 'password')).toBeUndefined();
  });
});
