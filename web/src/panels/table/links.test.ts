import { describe, expect, it } from 'vitest';
import { firstLink, linkUrl, type LinkContext } from './links';

const context: LinkContext = {
  raw: 'web 01',
  text: 'web 01',
  fieldName: 'host',
  rowValue: (name) => ({ region: 'eu-west', cpu: 42.5 })[name],
};

describe('table data links', () => {
  it('picks the first link with a URL', () => {
    expect(firstLink([{ title: 'none' }, { title: 'Host', url: '/d/host' }])).toEqual({ title: 'Host', url: '/d/host' });
    expect(firstLink(undefined)).toBeUndefined();
  });

  it('fills in the cell and its row', () => {
    expect(linkUrl({ url: '/d/host?var-host=${__value.raw:percentencode}&var-region=${__data.fields.region}' }, context)).toBe('/d/host?var-host=web%2001&var-region=eu-west');
    expect(linkUrl({ url: 'https://x.example/${__field.name}/${__data.fields["cpu"]}' }, context)).toBe('https://x.example/host/42.5');
  });

  it('drops script URLs, also when a value would make one', () => {
    expect(linkUrl({ url: 'javascript:alert(1)' }, context)).toBeUndefined();
    expect(linkUrl({ url: '${__value.raw}' }, { ...context, raw: 'javascript:alert(1)' })).toBeUndefined();
  });
});
