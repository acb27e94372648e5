/** The view tabs (passes, now, map, station): arrow-key navigation and the view kept in the address hash. */
import { byId } from './dom.js';

export type View = 'passes' | 'now' | 'map' | 'transits' | 'station';

const VIEWS: View[] = ['passes', 'now', 'map', 'transits', 'station'];
const tab = (v: View) => byId<HTMLButtonElement>(`tab-${v}`);

export class Tabs {
  /** `onSelect` starts and stops the views as they are shown and hidden. */
  constructor(private readonly onSelect: (view: View) => void) {
    for (const v of VIEWS) {
      tab(v).addEventListener('click', () => this.select(v));
      tab(v).addEventListener('keydown', (e) => {
        const i = VIEWS.indexOf(v);
        const next =
          e.key === 'ArrowRight'
            ? VIEWS[(i + 1) % VIEWS.length]
            : e.key === 'ArrowLeft'
              ? VIEWS[(i + VIEWS.length - 1) % VIEWS.length]
              : e.key === 'Home'
                ? VIEWS[0]
                : e.key === 'End'
                  ? VIEWS.at(-1)
                  : undefined;
        if (next) {
          e.preventDefault();
          this.select(next, true);
        }
      });
    }
  }

  /** The view the address names (`#now`, `#map`, `#transits`, `#station`), else passes. */
  static fromHash(): View {
    const initial = location.hash.slice(1);
    return VIEWS.includes(initial as View) ? (initial as View) : 'passes';
  }

  select(view: View, focus = false): void {
    for (const v of VIEWS) {
      const on = v === view;
      tab(v).setAttribute('aria-selected', String(on));
      tab(v).tabIndex = on ? 0 : -1;
      byId(`view-${v}`).hidden = !on;
    }
    if (focus) tab(view).focus();
    this.onSelect(view);
    const hash = view === 'passes' ? '' : `#${view}`;
    if (location.hash !== hash)
      history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  }
}
