/**
 * Display preferences chosen in the page and kept in storage: the colour theme (dark, red for
 * night vision, light) and the sky charts' orientation.
 */
import { byId } from './dom.js';
import { chartView } from './sky-chart.js';
import { safeStorage } from './storage.js';

const THEME_KEY = 'passwatch.theme';
const THEME_COLORS: Record<string, string> = { dark: '#0b1020', red: '#000000', light: '#f4f6fb' };

const themeSelect = byId<HTMLSelectElement>('theme');

function setTheme(theme: string): void {
  const t = theme in THEME_COLORS ? theme : 'dark';
  document.documentElement.dataset.theme = t;
  themeSelect.value = t;
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', THEME_COLORS[t]!);
}

const CHART_KEY = 'passwatch.chartEastRight';

/**
 * Sky charts east on the left (looking up, the default) or on the right (as on a map, the
 * `#chart-map` box); `redraw` draws the charts on show again after a change.
 */
export function startChartOrientation(redraw: () => void): void {
  const box = byId<HTMLInputElement>('chart-map');
  box.checked = safeStorage.get(CHART_KEY) === '1';
  chartView.eastLeft = !box.checked;
  box.addEventListener('change', () => {
    chartView.eastLeft = !box.checked;
    safeStorage.set(CHART_KEY, box.checked ? '1' : '0');
    redraw();
  });
}

/** Apply the stored theme (else the system's light/dark preference) and follow the selector. */
export function startTheme(): void {
  themeSelect.addEventListener('change', () => {
    setTheme(themeSelect.value);
    safeStorage.set(THEME_KEY, themeSelect.value);
  });
  setTheme(
    safeStorage.get(THEME_KEY) ??
      (matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark'),
  );
}
