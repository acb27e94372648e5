#!/usr/bin/python3
"""Build test/reference/bodies/bodies.json: the Sun, the Moon and the bright planets from PyEphem.

Run with the system Python (python3-ephem):

    /usr/bin/python3 test/reference/bodies/make_bodies.py

No network and no JPL ephemeris files: PyEphem's libastro carries its own theories (VSOP87
planets, ELP2000-based Moon), independent of astronomy-engine, which passwatch uses.

Per instant (60 seeded random instants over 2020-2035) and observer (four, incl. one high and one
southern): for each body its topocentric apparent `az`, `alt` with `pressure = 0` (no refraction,
as passwatch's elevations), topocentric apparent `ra`/`dec` of date, `earth_distance`, `size`
(diameter, arcsec) and `mag`; for the Moon also `moon_phase` (illuminated fraction). Moon and Sun
rise/set: PyEphem's `next_rising`/`next_setting` of the upper limb with `pressure = 0` and
`horizon = -0:34` (the almanac convention of 34' of refraction at the horizon), from the instant.
"""

import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import random

import ephem

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'bodies.json')
UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
AU_KM = 149597870.7

OBSERVERS = [
    {'name': 'Delft', 'latitudeDeg': 52.01, 'longitudeDeg': 4.36, 'altitudeM': 0},
    {'name': 'Boulder', 'latitudeDeg': 40.015, 'longitudeDeg': -105.27, 'altitudeM': 1655},
    {'name': 'Sydney', 'latitudeDeg': -33.87, 'longitudeDeg': 151.21, 'altitudeM': 40},
    {'name': 'Tromso', 'latitudeDeg': 69.65, 'longitudeDeg': 18.96, 'altitudeM': 10},
]
BODIES = {
    'sun': ephem.Sun,
    'moon': ephem.Moon,
    'mercury': ephem.Mercury,
    'venus': ephem.Venus,
    'mars': ephem.Mars,
    'jupiter': ephem.Jupiter,
    'saturn': ephem.Saturn,
}


def to_ephem_date(ms):
    return ephem.Date(dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).replace(tzinfo=None))


def ms_of(d):
    t = ephem.Date(d).datetime().replace(tzinfo=dt.timezone.utc)
    return round((t - UNIX_EPOCH).total_seconds() * 1000, 1)


def observer(o, ms, pressure):
    e = ephem.Observer()
    e.lat = str(o['latitudeDeg'])
    e.lon = str(o['longitudeDeg'])
    e.elevation = o['altitudeM']
    e.date = to_ephem_date(ms)
    e.pressure = pressure
    e.temp = 15
    e.epoch = e.date  # RA/Dec of date
    return e


def event(fn, body):
    try:
        return ms_of(fn(body))
    except (ephem.AlwaysUpError, ephem.NeverUpError):
        return None


def main():
    rng = random.Random(15)
    start = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(2036, 1, 1, tzinfo=dt.timezone.utc)
    span = (end - start).total_seconds() * 1000
    n = 60
    rows = []
    for i in range(n):
        ms = round((start - UNIX_EPOCH).total_seconds() * 1000 + span * (i + rng.random()) / n)
        per_obs = []
        for o in OBSERVERS:
            e = observer(o, ms, 0)
            bodies = {}
            for name, cls in BODIES.items():
                b = cls()
                b.compute(e)
                row = {
                    'azimuthDeg': math.degrees(b.az),
                    'elevationDeg': math.degrees(b.alt),
                    'raDeg': math.degrees(b.ra),
                    'decDeg': math.degrees(b.dec),
                    'distanceKm': b.earth_distance * AU_KM,
                    'diameterArcsec': float(b.size),
                    'magnitude': float(b.mag),
                }
                if name == 'moon':
                    row['illuminatedFraction'] = float(b.moon_phase)
                bodies[name] = row
            # The almanac convention: upper limb on a horizon lowered by 34' of refraction.
            r = observer(o, ms, 0)
            r.horizon = '-0:34'
            rise_set = {
                name: {
                    'riseMs': event(r.next_rising, BODIES[name]()),
                    'setMs': event(r.next_setting, BODIES[name]()),
                }
                for name in ('sun', 'moon')
            }
            per_obs.append({'bodies': bodies, 'riseSet': rise_set})
        iso = dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).isoformat().replace('+00:00', 'Z')
        rows.append({'epochMs': ms, 'iso': iso, 'observers': per_obs})
    doc = {
        'generatedBy': 'test/reference/bodies/make_bodies.py',
        'generatedAt': dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d'),
        'tools': {
            'python': platform.python_version(),
            'ephem': importlib.metadata.version('ephem'),
        },
        'observers': OBSERVERS,
        'rows': rows,
    }
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
