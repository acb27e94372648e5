/**
 * The chosen satellites of the "chosen" mode: removable chips, and a search box that asks
 * /v1/satellites as the user types (arrow keys move through the results, Escape closes them).
 */
import { getJson, query, type SatelliteSummary, type SatellitesPage } from './api.js';
import { byId, h } from './dom.js';

export interface ChosenSatellite {
  noradId: number;
  name: string;
}

export class SatellitePicker {
  chosen: ChosenSatellite[] = [];
  private readonly results = byId<HTMLUListElement>('sat-results');
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private searchAbort: AbortController | null = null;

  /** `onChange` runs when a satellite is added or removed. */
  constructor(
    private readonly search: HTMLInputElement,
    private readonly onChange: () => void,
    private readonly showError: (error: unknown) => void,
  ) {
    const results = this.results;
    search.addEventListener('input', () => this.typed());
    search.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        results.querySelector<HTMLButtonElement>('button')?.focus();
        e.preventDefault();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        results.querySelector<HTMLButtonElement>('button')?.click();
      } else if (e.key === 'Escape') this.closeResults();
    });
    results.addEventListener('keydown', (e) => {
      const buttons = [...results.querySelectorAll<HTMLButtonElement>('button')];
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (e.key === 'ArrowDown') buttons[Math.min(buttons.length - 1, i + 1)]?.focus();
      else if (e.key === 'ArrowUp') (i <= 0 ? search : buttons[i - 1])?.focus();
      else if (e.key === 'Escape') {
        this.closeResults();
        search.focus();
      } else return;
      e.preventDefault();
    });
  }

  /** Start from these ids (from the address or storage); their names arrive later. */
  set(ids: number[]): void {
    this.chosen = ids.map((id) => ({ noradId: id, name: `#${id}` }));
  }

  /** Ask the server for the names of the chosen satellites that only have ids. */
  fetchNames(): void {
    for (const c of this.chosen) {
      getJson<SatelliteSummary>(`/v1/satellites/${c.noradId}`)
        .then((s) => {
          c.name = s.name;
          this.renderChips();
        })
        .catch(() => {});
    }
  }

  renderChips(): void {
    byId('chosen').replaceChildren(
      ...this.chosen.map((c) => {
        const b = h('button', { type: 'button', 'aria-label': `Remove ${c.name}` }, `${c.name} ✕`);
        b.addEventListener('click', () => {
          this.chosen = this.chosen.filter((x) => x.noradId !== c.noradId);
          this.renderChips();
          this.onChange();
        });
        return h('li', {}, b);
      }),
    );
  }

  private closeResults(): void {
    this.results.hidden = true;
  }

  private choose(sat: ChosenSatellite): void {
    if (!this.chosen.some((c) => c.noradId === sat.noradId)) this.chosen.push(sat);
    this.search.value = '';
    this.closeResults();
    this.renderChips();
    this.onChange();
    this.search.focus();
  }

  private typed(): void {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    const text = this.search.value.trim();
    if (!text) {
      this.closeResults();
      return;
    }
    this.searchTimer = setTimeout(async () => {
      this.searchAbort?.abort();
      const abort = new AbortController();
      this.searchAbort = abort;
      try {
        const page = await getJson<SatellitesPage>(
          `/v1/satellites${query({ search: text, limit: 8 })}`,
          abort.signal,
        );
        this.results.replaceChildren(
          ...(page.items.length
            ? page.items.map((s) => {
                const b = h('button', { type: 'button' }, `${s.name} (#${s.noradId})`);
                b.addEventListener('click', () =>
                  this.choose({ noradId: s.noradId, name: s.name }),
                );
                return h('li', {}, b);
              })
            : [h('li', { class: 'none' }, 'no match')]),
        );
        this.results.hidden = false;
      } catch (error) {
        if (!abort.signal.aborted) this.showError(error);
      }
    }, 180);
  }
}
