/** localStorage that never throws: private mode or storage turned off just forgets. */
export const safeStorage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Private mode or storage off: the address still keeps the view.
    }
  },
};
