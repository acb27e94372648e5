/**
 * The settings form: observer (named site, coordinates, or the browser's location), what to list
 * (visible, radio, chosen satellites with the picker), days, time zone and start. It reads and
 * writes `Settings` (state.ts) and hands checked settings to the page; it keeps no settings of
 * its own.
 */
import { ApiError, type CatalogInfo, type NamedObserver } from './api.js';
import { byId, h } from './dom.js';
import { browserZone, isZone } from './format.js';
import { SatellitePicker } from './sat-picker.js';
import { DEFAULT_GROUP, DEFAULTS, type Mode, type Settings } from './state.js';

/** What the form asks of the page. */
export interface FormHooks {
  /** The settings in use (switching mode back keeps that mode's group). */
  current(): Settings;
  observers(): NamedObserver[];
  catalog(): CatalogInfo | null;
  /** Checked settings from the form: use them. */
  use(st: Settings): void;
  showError(error: unknown): void;
}

const numberOf = (input: HTMLInputElement): number | null => {
  const v = input.value.trim();
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
};

export class SettingsForm {
  private readonly form = byId<HTMLFormElement>('settings');
  private readonly box = byId<HTMLDetailsElement>('settings-box');
  private readonly field = {
    named: byId<HTMLSelectElement>('obs-named'),
    namedRow: byId('named-row'),
    lat: byId<HTMLInputElement>('lat'),
    lon: byId<HTMLInputElement>('lon'),
    alt: byId<HTMLInputElement>('alt'),
    group: byId<HTMLSelectElement>('group'),
    mag: byId<HTMLInputElement>('mag'),
    minEl: byId<HTMLInputElement>('min-el'),
    minPeakEl: byId<HTMLInputElement>('min-peak-el'),
    days: byId<HTMLSelectElement>('days'),
    tz: byId<HTMLInputElement>('tz'),
    start: byId<HTMLInputElement>('start'),
    search: byId<HTMLInputElement>('sat-search'),
  };
  /** The form field of each API query parameter (problem+json names them). */
  private readonly fieldOf: Record<string, HTMLElement> = {
    lat: this.field.lat,
    lon: this.field.lon,
    alt: this.field.alt,
    observer: this.field.named,
    group: this.field.group,
    maxMagnitude: this.field.mag,
    minElevation: this.field.minEl,
    minPeakElevation: this.field.minPeakEl,
    days: this.field.days,
    end: this.field.days,
    tz: this.field.tz,
    start: this.field.start,
    ids: this.field.search,
  };
  readonly picker: SatellitePicker;

  constructor(private readonly hooks: FormHooks) {
    this.picker = new SatellitePicker(this.field.search, () => this.submit(), hooks.showError);
    this.listen();
  }

  /** Mark the field of API parameter `parameter` as invalid. */
  markInvalid(parameter: string): void {
    this.fieldOf[parameter]?.setAttribute('aria-invalid', 'true');
  }

  clearInvalid(): void {
    for (const el of this.form.querySelectorAll('[aria-invalid]'))
      el.removeAttribute('aria-invalid');
  }

  /** Fold the settings away on a narrow screen once there is something to read. */
  foldOnNarrowScreen(): void {
    if (matchMedia('(max-width: 760px)').matches) this.box.open = false;
  }

  write(st: Settings): void {
    const { field, form } = this;
    const o = st.observer;
    field.named.value = o?.kind === 'named' ? o.name : '';
    if (o?.kind === 'named' && field.named.value !== o.name) {
      field.named.append(h('option', { value: o.name }, o.name));
      field.named.value = o.name;
    }
    const coords =
      o?.kind === 'coords'
        ? o
        : this.hooks.observers().find((n) => o?.kind === 'named' && n.name === o.name);
    field.lat.value = coords ? String(coords.lat) : '';
    field.lon.value = coords ? String(coords.lon) : '';
    field.alt.value = coords ? String(coords.alt) : '';
    for (const r of form.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
      r.checked = r.value === st.mode;
    }
    this.showModeFields(st.mode);
    const groups =
      this.hooks.catalog()?.groups.map((g) => g.name) ??
      [...field.group.options].map((x) => x.value);
    if (st.mode !== 'chosen') this.setGroupOptions(groups, st.group);
    field.mag.value = String(st.maxMagnitude);
    field.minEl.value = st.minElevation === null ? '' : String(st.minElevation);
    field.minPeakEl.value = st.minPeakElevation === null ? '' : String(st.minPeakElevation);
    if (![...field.days.options].some((x) => x.value === String(st.days))) {
      field.days.append(h('option', { value: st.days }, String(st.days)));
    }
    field.days.value = String(st.days);
    field.tz.value = st.tz;
    field.tz.placeholder = `${browserZone()} (browser)`;
    field.start.value = st.start;
    this.picker.renderChips();
  }

  /** The server's named observers arrived: offer them (one site only: choose it). */
  setObservers(observers: NamedObserver[]): void {
    const { field } = this;
    field.namedRow.hidden = observers.length === 0;
    const current = field.named.value;
    field.named.replaceChildren(
      h('option', { value: '' }, 'Coordinates below'),
      ...observers.map((o) => h('option', { value: o.name }, o.name)),
    );
    field.named.value = current;
    const st = this.hooks.current();
    if (!st.observer && observers.length === 1) {
      // One configured site: that is where this server's users are.
      field.named.value = observers[0]!.name;
      field.named.dispatchEvent(new Event('change'));
    } else if (st.observer?.kind === 'named') {
      this.write(st);
    }
  }

  /** The catalog's groups arrived: offer them. */
  setGroups(names: string[]): void {
    if (this.mode() !== 'chosen') {
      this.setGroupOptions(names, this.field.group.value || this.hooks.current().group);
    } else this.setGroupOptions(names, DEFAULT_GROUP.visible);
  }

  /** Read and check the form; use the settings or say what keeps them from being used. */
  submit(): void {
    const { st, problem } = this.read();
    if (problem) {
      this.hooks.showError(new ApiError(0, 'Check the settings', problem, ''));
      return;
    }
    this.hooks.use(st);
  }

  private mode(): Mode {
    const checked = this.form.querySelector<HTMLInputElement>('input[name="mode"]:checked');
    return (checked?.value as Mode | undefined) ?? 'visible';
  }

  private showModeFields(m: Mode): void {
    for (const el of this.form.querySelectorAll<HTMLElement>('[data-modes]')) {
      el.hidden = !(el.dataset.modes ?? '').split(' ').includes(m);
    }
  }

  private setGroupOptions(names: string[], selected: string): void {
    const all = names.includes(selected) || !selected ? names : [selected, ...names];
    this.field.group.replaceChildren(...all.map((g) => h('option', { value: g }, g)));
    this.field.group.value = selected;
  }

  /** Settings from the form; `problem` says what keeps them from being used. */
  private read(): { st: Settings; problem: string | null } {
    const { field } = this;
    const m = this.mode();
    const named = field.named.value;
    const lat = numberOf(field.lat);
    const lon = numberOf(field.lon);
    const alt = numberOf(field.alt) ?? 0;
    let problem: string | null = null;
    let observer: Settings['observer'] = null;
    if (named) observer = { kind: 'named', name: named };
    else if (lat !== null || lon !== null) {
      if (
        lat === null ||
        lon === null ||
        Number.isNaN(lat) ||
        Number.isNaN(lon) ||
        Number.isNaN(alt)
      ) {
        problem = 'Give both latitude and longitude as decimal degrees (north and east positive).';
      } else observer = { kind: 'coords', lat, lon, alt };
    }
    const minEl = numberOf(field.minEl);
    const minPeakEl = numberOf(field.minPeakEl);
    const mag = numberOf(field.mag);
    const st: Settings = {
      observer,
      mode: m,
      group: m === 'chosen' ? '' : field.group.value || DEFAULT_GROUP[m],
      maxMagnitude: mag === null || Number.isNaN(mag) ? DEFAULTS.maxMagnitude : mag,
      minElevation: minEl === null || Number.isNaN(minEl) ? null : minEl,
      minPeakElevation: minPeakEl === null || Number.isNaN(minPeakEl) ? null : minPeakEl,
      ids: this.picker.chosen.map((c) => c.noradId),
      days: Number(field.days.value) || 1,
      tz: field.tz.value.trim(),
      start: field.start.value.trim(),
    };
    if (!problem && st.tz && !isZone(st.tz)) {
      problem = `"${st.tz}" is not a time zone this browser knows; use a name such as Europe/Amsterdam or UTC.`;
    }
    if (!problem && m === 'chosen' && st.ids.length === 0) {
      problem = 'Add at least one satellite (search by name or NORAD id).';
    }
    return { st, problem };
  }

  private listen(): void {
    const { field, form } = this;

    // Observer: a named site fills in its coordinates; typing coordinates leaves the site.
    field.named.addEventListener('change', () => {
      const n = this.hooks.observers().find((o) => o.name === field.named.value);
      if (n) {
        field.lat.value = String(n.lat);
        field.lon.value = String(n.lon);
        field.alt.value = String(n.alt);
      }
      this.submit();
    });
    for (const input of [field.lat, field.lon, field.alt]) {
      input.addEventListener('input', () => {
        field.named.value = '';
      });
    }
    byId('locate').addEventListener('click', () => this.locate());

    // What to list.
    for (const r of form.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
      r.addEventListener('change', () => {
        const m = this.mode();
        this.showModeFields(m);
        if (m !== 'chosen') {
          const groups = [...field.group.options].map((x) => x.value);
          const current = this.hooks.current();
          this.setGroupOptions(groups, m === current.mode ? current.group : DEFAULT_GROUP[m]);
        }
        if (m === 'chosen' && this.picker.chosen.length === 0) {
          field.search.focus();
          return;
        }
        this.submit();
      });
    }
    for (const el of [field.group, field.days]) el.addEventListener('change', () => this.submit());

    // Time zone names, listed the first time the field is used.
    field.tz.addEventListener(
      'focus',
      () => {
        const list = byId('zones');
        if (list.childElementCount) return;
        const zones = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.(
          'timeZone',
        ) ?? ['UTC'];
        list.replaceChildren(...['UTC', ...zones].map((z) => h('option', { value: z })));
      },
      { once: true },
    );

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  /** The browser's location as the observer. */
  private locate(): void {
    const { field } = this;
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      this.hooks.showError(
        new ApiError(
          0,
          'Location not available',
          'Browsers share their location only with https:// pages or localhost; type the coordinates instead.',
          '',
        ),
      );
      return;
    }
    const button = byId<HTMLButtonElement>('locate');
    button.disabled = true;
    button.textContent = 'Locating…';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        button.disabled = false;
        button.textContent = 'Use my location';
        field.named.value = '';
        field.lat.value = pos.coords.latitude.toFixed(4);
        field.lon.value = pos.coords.longitude.toFixed(4);
        field.alt.value = String(Math.round(pos.coords.altitude ?? 0));
        this.submit();
      },
      (err) => {
        button.disabled = false;
        button.textContent = 'Use my location';
        this.hooks.showError(
          new ApiError(0, 'Location not available', err.message || 'permission denied', ''),
        );
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 600_000 },
    );
  }
}
