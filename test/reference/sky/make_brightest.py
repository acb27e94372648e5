#!/usr/bin/python3
"""Build test/reference/sky/brightest.json: the visible segments of a week of ISS passes and the
brightest magnitude inside each, computed independently of passwatch.

Run with the system Python (python3-ephem, python3-skyfield, python3-sgp4):

    /usr/bin/python3 test/reference/sky/make_brightest.py

Independent pieces (no passwatch code):
- satellite: python-sgp4 TEME positions at UTC (UT1 = UTC), rotated to Earth-fixed by GMST 1982;
- observer: WGS84 geodetic -> Earth-fixed, own east/north/up, geometric elevation (no refraction);
- Sun: PyEphem's geocentric apparent position at the true instant rotated into TEME with Skyfield's
  equation of the equinoxes (`sun_teme_km` of make_sky.py); the darkness condition uses PyEphem's
  own topocentric Sun altitude (`pressure = 0`) at or below -6 deg;
- sunlit: the Sun's centre seen from the satellite clears the WGS84 ellipsoid (`margin_km` of
  make_sky.py);
- magnitude: the documented model of src/core/sky (standard magnitude at 1000 km and 90 deg phase,
  diffuse sphere phase function, minus 2.5 log10 of the visible share of the Sun's disc: circle
  overlap of the Sun's and the z-scaled Earth's apparent discs), written again here.

Segments: satellite above 0 deg, sunlit and dark sky. Passes are found on a 10 s scan, segment edges
by bisection to 10 ms; the brightest point by a 1 s scan over the segment (edges included) refined
by golden-section search to 10 ms around the best scan point.
"""

import datetime as dt
import importlib.metadata
import json
import math
import os
import sys

import ephem
from sgp4.api import Satrec

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_sky import (  # noqa: E402
    DJD_EPOCH_JD,
    WGS84_A,
    WGS84_F,
    Z_SCALE,
    iso,
    jd_of_ms,
    margin_km,
    sun_teme_km,
)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'brightest.json')

NAME = 'ISS (ZARYA)'
LINE1 = '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9995'
LINE2 = '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884'
STD_MAGNITUDE = -1.0  # assets/magnitudes/satvisor-stdmag.json, key 25544
OBSERVER = {'name': 'Netherlands', 'latitudeDeg': 52.0, 'longitudeDeg': 5.0, 'altitudeM': 0.0}
START_MS = int(dt.datetime(2026, 8, 21, 12, tzinfo=dt.timezone.utc).timestamp() * 1000)
END_MS = START_MS + 7 * 86_400_000
MAX_SUN_ALT_DEG = -6.0
MIN_EL_DEG = 0.0
SUN_RADIUS_KM = 695_700.0

sat = Satrec.twoline2rv(LINE1, LINE2)


def gmst1982(ms):
    jd = jd_of_ms(ms)
    tut1 = (jd - 2451545.0) / 36525.0
    temp = (-6.2e-6 * tut1 ** 3 + 0.093104 * tut1 ** 2
            + (876600.0 * 3600 + 8640184.812866) * tut1 + 67310.54841)
    temp = math.fmod(temp * math.pi / 180.0 / 240.0, 2 * math.pi)
    return temp + 2 * math.pi if temp < 0 else temp


def sat_teme(ms):
    jd = jd_of_ms(ms)
    whole = math.floor(jd)
    err, r, _v = sat.sgp4(whole, jd - whole)
    assert err == 0, err
    return r


lat = math.radians(OBSERVER['latitudeDeg'])
lon = math.radians(OBSERVER['longitudeDeg'])
h = OBSERVER['altitudeM'] / 1000.0
e2 = WGS84_F * (2 - WGS84_F)
nrad = WGS84_A / math.sqrt(1 - e2 * math.sin(lat) ** 2)
OBS_ECF = ((nrad + h) * math.cos(lat) * math.cos(lon), (nrad + h) * math.cos(lat) * math.sin(lon),
           (nrad * (1 - e2) + h) * math.sin(lat))
UP = (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def look(ms):
    """Elevation (deg), range (km), satellite and observer TEME positions."""
    r = sat_teme(ms)
    th = gmst1982(ms)
    c, s = math.cos(th), math.sin(th)
    x, y, z = c * r[0] + s * r[1], -s * r[0] + c * r[1], r[2]
    d = (x - OBS_ECF[0], y - OBS_ECF[1], z - OBS_ECF[2])
    rng = math.sqrt(sum(v * v for v in d))
    el = math.degrees(math.asin(sum(u * v for u, v in zip(UP, d)) / rng))
    obs_teme = (c * OBS_ECF[0] - s * OBS_ECF[1], s * OBS_ECF[0] + c * OBS_ECF[1], OBS_ECF[2])
    return el, rng, r, obs_teme


def sun_alt(ms):
    o = ephem.Observer()
    o.lat = str(OBSERVER['latitudeDeg'])
    o.lon = str(OBSERVER['longitudeDeg'])
    o.elevation = OBSERVER['altitudeM']
    o.pressure = 0
    o.date = ephem.Date(jd_of_ms(ms) - DJD_EPOCH_JD)
    s = ephem.Sun()
    s.compute(o)
    return math.degrees(float(s.alt))


def visible(ms):
    el = look(ms)[0]
    return el >= MIN_EL_DEG and margin_km(sat, ms) > 0 and sun_alt(ms) <= MAX_SUN_ALT_DEG


def hidden_fraction(a, b, c):
    if c >= a + b:
        return 0.0
    if c <= b - a:
        return 1.0
    if c <= a - b:
        return b * b / (a * a)
    x = (c * c + a * a - b * b) / (2 * c)
    y = math.sqrt(max(0.0, a * a - x * x))
    area = (a * a * math.acos(max(-1.0, min(1.0, x / a)))
            + b * b * math.acos(max(-1.0, min(1.0, (c - x) / b))) - c * y)
    return max(0.0, min(1.0, area / (math.pi * a * a)))


def magnitude(ms):
    _el, rng, r, o = look(ms)
    p = sun_teme_km(ms)
    # phase angle at the satellite between the Sun and the observer
    a = [p[i] - r[i] for i in range(3)]
    b = [o[i] - r[i] for i in range(3)]
    cross = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    phase = math.atan2(math.sqrt(sum(v * v for v in cross)), sum(u * v for u, v in zip(a, b)))
    f = (math.sin(phase) + (math.pi - phase) * math.cos(phase)) / math.pi
    if f <= 0:
        return math.inf
    mag = STD_MAGNITUDE + 5 * math.log10(rng / 1000) - 2.5 * math.log10(math.pi * f)
    # penumbra: z-scaled space, apparent radii and separation seen from the satellite
    s = (r[0], r[1], r[2] * Z_SCALE)
    d = (p[0] - s[0], p[1] - s[1], p[2] * Z_SCALE - s[2])
    rs = math.sqrt(sum(v * v for v in s))
    rd = math.sqrt(sum(v * v for v in d))
    ra = math.asin(min(1.0, SUN_RADIUS_KM / rd))
    rb = math.asin(min(1.0, WGS84_A / rs))
    cc = -sum(u * v for u, v in zip(s, d)) / (rs * rd)
    sep = math.acos(max(-1.0, min(1.0, cc)))
    hid = hidden_fraction(ra, rb, sep)
    return mag - 2.5 * math.log10(max(1e-6, 1 - hid))


def bisect(f, lo, hi, tol=10):
    flo = f(lo)
    while hi - lo > tol:
        mid = (lo + hi) / 2
        if f(mid) == flo:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def passes():
    """[aos, los] spans (ms) with elevation >= 0, from a 10 s scan and bisection."""
    out = []
    t = START_MS
    up = look(t)[0] >= MIN_EL_DEG
    start = t if up else None
    while t < END_MS:
        t2 = min(END_MS, t + 10_000)
        up2 = look(t2)[0] >= MIN_EL_DEG
        if up2 != up:
            c = bisect(lambda m: look(m)[0] >= MIN_EL_DEG, t, t2)
            if up2:
                start = c
            else:
                out.append((start, c))
        t, up = t2, up2
    if up:
        out.append((start, END_MS))
    return out


def segments(aos, los):
    out = []
    step = 1000
    t = aos + 20  # just inside the pass
    vis = visible(t)
    seg_start = t if vis else None
    while t < los - 20:
        t2 = min(los - 20, t + step)
        v2 = visible(t2)
        if v2 != vis:
            c = bisect(visible, t, t2)
            if v2:
                seg_start = c
            else:
                out.append((seg_start, c))
        t, vis = t2, v2
    if vis:
        out.append((seg_start, t))
    return out


def brightest(a, b):
    n = max(2, int(math.ceil((b - a) / 1000)))
    ts_ = [a + (b - a) * i / n for i in range(n + 1)]
    ms_ = [magnitude(t) for t in ts_]
    k = min(range(len(ms_)), key=lambda i: ms_[i])
    lo, hi = ts_[max(0, k - 1)], ts_[min(n, k + 1)]
    g = (math.sqrt(5) - 1) / 2
    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
    f1, f2 = magnitude(x1), magnitude(x2)
    while hi - lo > 10:
        if f1 < f2:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - g * (hi - lo)
            f1 = magnitude(x1)
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + g * (hi - lo)
            f2 = magnitude(x2)
    t = (lo + hi) / 2
    cands = [(magnitude(t), t), (ms_[k], ts_[k])]
    return min(cands)


def main():
    rows = []
    for aos, los in passes():
        for a, b in segments(aos, los):
            m, t = brightest(a, b)
            rows.append({
                'startMs': round(a, 1), 'start': iso(a),
                'endMs': round(b, 1), 'end': iso(b),
                'brightestMagnitude': round(m, 4), 'brightestMs': round(t, 1),
                'brightest': iso(t),
                'startMagnitude': round(magnitude(a), 4), 'endMagnitude': round(magnitude(b), 4),
            })
            print('%s .. %s  %5.1f s  brightest %.3f at %s' % (
                iso(a), iso(b), (b - a) / 1000, m, iso(t)), flush=True)
    doc = {
        'generatedBy': 'test/reference/sky/make_brightest.py',
        'generatedAt': dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds'),
        'versions': {
            'python': '.'.join(map(str, sys.version_info[:3])),
            'ephem': ephem.__version__,
            'skyfield': importlib.metadata.version('skyfield'),
            'sgp4': importlib.metadata.version('sgp4'),
        },
        'notes': __doc__.strip().split('\n\n', 2)[2],
        'name': NAME, 'line1': LINE1, 'line2': LINE2, 'stdMagnitude': STD_MAGNITUDE,
        'observer': OBSERVER, 'startMs': START_MS, 'endMs': END_MS,
        'minElevationDeg': MIN_EL_DEG, 'maxSunElevationDeg': MAX_SUN_ALT_DEG,
        'segments': rows,
    }
    with open(OUT, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')
    print('wrote %s: %d segments' % (OUT, len(rows)))


if __name__ == '__main__':
    main()
