// Tag colours as Grafana picks them: a hash of the tag's name into a fixed palette, so a tag
// has the same colour everywhere.
const TAG_COLORS = [
  '#D32D20', '#1E72B8', '#B240A2', '#705DA0', '#466803', '#497A3C', '#3D71AA', '#B15415',
  '#890F02', '#6E6E6E', '#0A437C', '#6D1F62', '#584477', '#4C7A3F', '#2F4F4F', '#BF1B00',
  '#7662B1', '#8A2EB8', '#517A00', '#000000', '#3F6833', '#2F575E', '#99440A', '#AE561A',
  '#0E4AB4', '#58140C', '#052B51', '#511749', '#3F2B5B',
];

export function tagColor(name: string): string {
  let hash = 0;
  for (let index = 0; index < name.length; index++) {
    hash = (hash << 5) - hash + name.charCodeAt(index);
    hash |= 0;
  }
  return TAG_COLORS[Math.abs(hash) % TAG_COLORS.length]!;
}
