// What a page tells the frame around it: its breadcrumbs (which also make the document title).
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export interface Crumb {
  text: string;
  /** An app route; the last crumb usually has none. */
  to?: string;
}

const CrumbsContext = createContext<{ crumbs: Crumb[]; setCrumbs: (crumbs: Crumb[]) => void }>({
  crumbs: [],
  setCrumbs: () => {},
});

export function ChromeProvider({ children }: { children: ReactNode }) {
  const [crumbs, setCrumbs] = useState<Crumb[]>([]);
  return <CrumbsContext.Provider value={{ crumbs, setCrumbs }}>{children}</CrumbsContext.Provider>;
}

export function useCrumbs(): Crumb[] {
  return useContext(CrumbsContext).crumbs;
}

/** Sets the page's breadcrumbs and title while the page is shown. */
export function usePageCrumbs(crumbs: Crumb[]): void {
  const { setCrumbs } = useContext(CrumbsContext);
  const key = JSON.stringify(crumbs);
  useEffect(() => {
    const parsed = JSON.parse(key) as Crumb[];
    setCrumbs(parsed);
    const last = parsed[parsed.length - 1];
    document.title = last ? `${last.text} - Sightline` : 'Sightline';
  }, [key, setCrumbs]);
}
