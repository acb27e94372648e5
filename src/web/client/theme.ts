/** The colour theme (dark, red for night vision, light): chosen in the page, kept in storage. */
import { byId } from './dom.js';
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
