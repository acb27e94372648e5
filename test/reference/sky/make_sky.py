#!/usr/bin/python3
"""Build test/reference/sky/sky.json: independent Sun and Earth-shadow references for passwatch.

Run with the system Python (python3-ephem, python3-skyfield, python3-sgp4, numpy):

    /usr/bin/python3 test/reference/sky/make_sky.py

No network and no JPL ephemeris files are needed:
- the Sun comes from PyEphem (libastro VSOP87, with nutation and annual aberration);
- the equation of the equinoxes comes from Skyfield (IAU 2000A nutation), `t.gast - t.gmst`,
  using Skyfield's built-in timescale files;
- satellite positions come from python-sgp4 (Vallado's SGP4, WGS72 constants as in satellite.js),
  TEME frame, evaluated directly with `Satrec.sgp4(jd, fr)` at UTC (UT1 = UTC, as in passwatch).

Part "sun": ~200 instants over 2020-2035 with PyEphem's geocentric apparent RA/Dec of date
(`g_ra`, `g_dec`), distance, Skyfield's equation of the equinoxes, and the Sun's topocentric
altitude/azimuth for four observers with `pressure = 0` (no refraction).

Part "shadow": for four LEO objects over 48 h around 2026-08-21, the instants at which the Sun's
centre disappears behind / reappears from the WGS84 ellipsoid as seen from the satellite.
The Sun is PyEphem's apparent geocentric position at the true instant (NOT PyEphem's own
`eclipsed` flag, which uses a cylindrical shadow and the Sun at 0h UT of the day), rotated into
TEME: TEME shares the true equator of date and its x axis is the mean equinox projected on that
equator, so RA_TEME = RA_true_of_date - (GAST - GMST), with GAST - GMST (the equation of the
equinoxes) from Skyfield. Line of sight: scale z by a/b (WGS84) for both the satellite and the
Sun position, then test the segment against a sphere of radius a. Crossings are found on a 20 s
scan and refined by bisection to 10 ms.
"""

import datetime as dt
import importlib.metadata
import json
import math
import os
import random

import ephem
from sgp4.api import Satrec
from skyfield.api import load

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'sky.json')

AU_KM = 149597870.7
WGS84_A = 6378.137
WGS84_F = 1 / 298.257223563
WGS84_B = WGS84_A * (1 - WGS84_F)
Z_SCALE = WGS84_A / WGS84_B
UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
DJD_EPOCH_JD = 2415020.0  # PyEphem's "Dublin Julian Day" zero, 1899-12-31 12:00 UT

ts = load.timescale()  # built-in files, no download


def iso(ms):
    return (UNIX_EPOCH + dt.timedelta(milliseconds=ms)).isoformat(timespec='milliseconds').replace(
        '+00:00', 'Z'
    )


def jd_of_ms(ms):
    return ms / 86400000.0 + 2440587.5


def eqeq_deg(ms):
    """Equation of the equinoxes GAST - GMST (Skyfield, IAU 2000A), degrees."""
    t = ts.utc(UNIX_EPOCH + dt.timedelta(milliseconds=ms))
    return float((t.gast - t.gmst) * 15.0)


def pyephem_sun(ms):
    sun = ephem.Sun()
    sun.compute(ephem.Date(jd_of_ms(ms) - DJD_EPOCH_JD))
    return sun


def sun_teme_km(ms):
    sun = pyephem_sun(ms)
    ra = float(sun.g_ra) - math.radians(eqeq_deg(ms))
    dec = float(sun.g_dec)
    r = float(sun.earth_distance) * AU_KM
    return (r * math.cos(dec) * math.cos(ra), r * math.cos(dec) * math.sin(ra), r * math.sin(dec))


# ---------------------------------------------------------------------------------------------
# Part a: the Sun

OBSERVERS = [
    {'name': 'Greenwich', 'latitudeDeg': 51.4769, 'longitudeDeg': -0.0005, 'altitudeM': 46.0},
    {'name': 'Boulder', 'latitudeDeg': 40.015, 'longitudeDeg': -105.2705, 'altitudeM': 1655.0},
    {'name': 'Sydney', 'latitudeDeg': -33.8688, 'longitudeDeg': 151.2093, 'altitudeM': 58.0},
    {'name': 'Tromso', 'latitudeDeg': 69.6492, 'longitudeDeg': 18.9553, 'altitudeM': 10.0},
]


def sun_part():
    rng = random.Random(20260821)
    start = int(dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc).timestamp() * 1000)
    end = int(dt.datetime(2036, 1, 1, tzinfo=dt.timezone.utc).timestamp() * 1000)
    n = 200
    span = (end - start) / n
    rows = []
    for i in range(n):
        ms = int(start + i * span + rng.random() * span)
        sun = pyephem_sun(ms)
        row = {
            'epochMs': ms,
            'iso': iso(ms),
            'raOfDateDeg': math.degrees(float(sun.g_ra)),
            'decOfDateDeg': math.degrees(float(sun.g_dec)),
            'distanceAu': float(sun.earth_distance),
            'eqeqDeg': eqeq_deg(ms),
            'observers': [],
        }
        for o in OBSERVERS:
            obs = ephem.Observer()
            obs.lat = str(o['latitudeDeg'])
            obs.lon = str(o['longitudeDeg'])
            obs.elevation = o['altitudeM']
            obs.pressure = 0  # no refraction
            obs.date = ephem.Date(jd_of_ms(ms) - DJD_EPOCH_JD)
            s = ephem.Sun()
            s.compute(obs)
            row['observers'].append(
                {'altitudeDeg': math.degrees(float(s.alt)), 'azimuthDeg': math.degrees(float(s.az))}
            )
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Part b: shadow entry / exit

SATELLITES = [
    # name, line 1, line 2: CelesTrak GP snapshot of 2026-08-22 (shared/data/tle/active.tle)
    (
        'ISS (ZARYA)',
        '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9995',
        '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884',
    ),
    (
        'NOAA 20 (JPSS-1)',
        '1 43013U 17073A   26233.55341968  .00000041  00000+0  40198-4 0  9996',
        '2 43013  98.7786 172.4404 0002012  80.1294 280.0109 14.19522105453742',
    ),
    (
        'JASON-3',
        '1 41240U 16002A   26233.55613641 -.00000021  00000+0  16154-3 0  9990',
        '2 41240  66.0445 348.4020 0008278 267.4913  92.5159 12.87626336495661',
    ),
    (
        'GLOBALSTAR M079',
        '1 37188U 10054A   26233.13657612 -.00000089  00000+0  79670-4 0  9994',
        '2 37188  52.0030 270.9576 0000617 126.8245 249.7325 12.62267117730756',
    ),
]

SHADOW_START_MS = int(dt.datetime(2026, 8, 20, 12, tzinfo=dt.timezone.utc).timestamp() * 1000)
SHADOW_END_MS = SHADOW_START_MS + 48 * 3600 * 1000
SCAN_STEP_MS = 20_000
TOLERANCE_MS = 10


def sat_teme_km(sat, ms):
    jd = jd_of_ms(ms)
    whole = math.floor(jd)
    err, r, _v = sat.sgp4(whole, jd - whole)
    if err != 0:
        raise RuntimeError(f'sgp4 error {err} at {iso(ms)}')
    return r


def margin_km(sat, ms):
    """Distance (z-scaled space) from the Earth's centre to the satellite->Sun ray, minus a."""
    sx, sy, sz = sat_teme_km(sat, ms)
    px, py, pz = sun_teme_km(ms)
    sz *= Z_SCALE
    pz *= Z_SCALE
    dx, dy, dz = px - sx, py - sy, pz - sz
    dn = math.sqrt(dx * dx + dy * dy + dz * dz)
    dx, dy, dz = dx / dn, dy / dn, dz / dn
    along = sx * dx + sy * dy + sz * dz
    if along >= 0:
        dist = math.sqrt(sx * sx + sy * sy + sz * sz)
    else:
        cx, cy, cz = sx - along * dx, sy - along * dy, sz - along * dz
        dist = math.sqrt(cx * cx + cy * cy + cz * cz)
    return dist - WGS84_A


def shadow_part():
    out = []
    for name, l1, l2 in SATELLITES:
        sat = Satrec.twoline2rv(l1, l2)
        events = []
        t0 = SHADOW_START_MS
        m0 = margin_km(sat, t0)
        while t0 < SHADOW_END_MS:
            t1 = t0 + SCAN_STEP_MS
            m1 = margin_km(sat, t1)
            if (m0 > 0) != (m1 > 0):
                lo, hi, mlo = t0, t1, m0
                while hi - lo > TOLERANCE_MS:
                    mid = (lo + hi) / 2
                    mm = margin_km(sat, mid)
                    if (mm > 0) == (mlo > 0):
                        lo, mlo = mid, mm
                    else:
                        hi = mid
                t = (lo + hi) / 2
                events.append(
                    {
                        'kind': 'enter' if m0 > 0 else 'exit',
                        'epochMs': round(t, 1),
                        'iso': iso(t),
                    }
                )
            t0, m0 = t1, m1
        out.append(
            {
                'name': name,
                'noradId': int(l1[2:7]),
                'line1': l1,
                'line2': l2,
                'startMs': SHADOW_START_MS,
                'endMs': SHADOW_END_MS,
                'events': events,
            }
        )
    return out


def main():
    data = {
        'generatedBy': 'test/reference/sky/make_sky.py',
        'generatedAt': dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds'),
        'versions': {
            'python': '.'.join(map(str, __import__('sys').version_info[:3])),
            'ephem': ephem.__version__,
            'skyfield': importlib.metadata.version('skyfield'),
            'sgp4': importlib.metadata.version('sgp4'),
        },
        'notes': (
            'sun: PyEphem geocentric apparent RA/Dec of date (g_ra, g_dec), earth_distance; '
            'eqeqDeg = Skyfield GAST - GMST; observers: PyEphem topocentric alt/az, pressure 0. '
            'shadow: Sun centre hidden by the WGS84 ellipsoid (z scaled by a/b), python-sgp4 TEME '
            'positions, PyEphem Sun at the true instant rotated to TEME with Skyfield eqeq; '
            'crossings bisected to 10 ms.'
        ),
        'observers': OBSERVERS,
        'sun': sun_part(),
        'shadow': shadow_part(),
    }
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=1)
        f.write('\n')
    print(f'wrote {OUT}: {len(data["sun"])} sun rows, '
          f'{sum(len(s["events"]) for s in data["shadow"])} shadow events')


if __name__ == '__main__':
    main()
