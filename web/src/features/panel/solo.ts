// The `/d-solo/` page's reading of its URL beyond what the dashboard reads (time range,
// `var-*`): the `theme` an embedding page asks for.

/** `?theme=light|dark` for an embedded panel; anything else keeps the user's theme. */
export function themeParam(params: URLSearchParams): 'light' | 'dark' | undefined {
  const theme = params.get('theme');
  return theme === 'light' || theme === 'dark' ? theme : undefined;
}
