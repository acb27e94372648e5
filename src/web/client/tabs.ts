/** The view tabs: one per view main.ts lists, arrow-key navigation, the view kept in the address hash. */
import { byId } from './dom.js';

const tab = (v: string) => byId<HTMLButtonElement>(`tab-${v}`);

export class Tabs {
  /**
   * `views` are the ids of the page's views in tab order, the first the default (each has
   * `tab-<id>` and `view-<id>` in index.html); `onSelect` starts and stops them as they are
   * shown and hidden.
   */
  constructor(
    private readonly views: readonly string[],
    private readonly onSelect: (view: string) => void,
  ) {
    const VIEWS = views;
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

  /** The view the address names (`#now`, `#map`, …), else the first. */
  fromHash(): string {
    const initial = location.hash.slice(1);
    return this.views.includes(initial) ? initial : this.views[0]!;
  }

  select(view: string, focus = false): void {
    for (const v of this.views) {
      const on = v === view;
      tab(v).setAttribute('aria-selected', String(on));
      tab(v).tabIndex = on ? 0 : -1;
      byId(`view-${v}`).hidden = !on;
    }
    if (focus) tab(view).focus();
    this.onSelect(view);
    const hash = view === this.views[0] ? '' : `#${view}`;
    if (location.hash !== hash)
      history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  }
}
