/** What the views share: the current settings and observer, errors, and the server's clock. */
import type { CatalogInfo, MaskPoint, NamedObserver, PassesResponse } from './api.js';
import type { Settings } from './state.js';

export interface ObserverInfo {
  lat: number;
  lon: number;
  label: string;
  mask: MaskPoint[] | null;
}

export interface AppContext {
  settings(): Settings;
  /** IANA zone times are shown in. */
  zone(): string;
  /** Observer query parameters, or null when none is chosen. */
  observerParams(): Record<string, string | number> | null;
  /** Where the observer is (for maps and charts), when known. */
  observerInfo(): ObserverInfo | null;
  catalog(): CatalogInfo | null;
  observers(): NamedObserver[];
  passes(): PassesResponse | null;
  showError(error: unknown): void;
  clearError(): void;
  /** The server's current time as well as known (its clock may differ from the browser's). */
  nowMs(): number;
  noteServerTime(ms: number): void;
  /** Switch to the map of a satellite, its footprint at `focusMs` when given. */
  openMap(noradId: number, focusMs: number | null): void;
}

/**
 * A view of the page: its tab `tab-<id>` and panel `view-<id>` in index.html, `#<id>` in the
 * address. main.ts lists the views; the tabs show one at a time.
 */
export interface PageView {
  readonly id: string;
  /** Shown (true) or hidden (false): start or stop what runs only while shown. */
  activate(shown: boolean): void;
  /** The settings changed (observer, what to list, zone, start). */
  refresh(): void;
}
