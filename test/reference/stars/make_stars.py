#!/usr/bin/python3
"""Build test/reference/stars/stars.json: bright named stars from PyEphem's own star catalogue.

    /usr/bin/python3 test/reference/stars/make_stars.py

PyEphem (libastro) carries a catalogue of ~115 bright named stars (Hipparcos positions and proper
motions), independent of the bundled XHIP/d3-celestial file passwatch uses. For 12 seeded
random instants over 2020-2035 and three observers, each star's topocentric apparent `az`/`alt`
with `pressure = 0` (no refraction). Proper motion and aberration are included by PyEphem and not
by passwatch's star chart: the test's tolerance covers them (at most ~0.02 deg in these years).
"""

import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import random

import ephem
import ephem.stars

HERE = os.path.dirname(os.path.abspath(__file__))
UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
OBSERVERS = [
    {'name': 'Delft', 'latitudeDeg': 52.01, 'longitudeDeg': 4.36, 'altitudeM': 0},
    {'name': 'Sydney', 'latitudeDeg': -33.87, 'longitudeDeg': 151.21, 'altitudeM': 40},
    {'name': 'Boulder', 'latitudeDeg': 40.015, 'longitudeDeg': -105.27, 'altitudeM': 1655},
]


def main():
    rng = random.Random(3)
    start = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    span = (dt.datetime(2036, 1, 1, tzinfo=dt.timezone.utc) - start).total_seconds() * 1000
    names = sorted(ephem.stars.stars.keys())
    rows = []
    for i in range(12):
        ms = round((start - UNIX_EPOCH).total_seconds() * 1000 + span * (i + rng.random()) / 12)
        when = dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).replace(tzinfo=None)
        per_obs = []
        for o in OBSERVERS:
            e = ephem.Observer()
            e.lat, e.lon, e.elevation = str(o['latitudeDeg']), str(o['longitudeDeg']), o['altitudeM']
            e.date = ephem.Date(when)
            e.pressure = 0
            stars = {}
            for name in names:
                s = ephem.star(name)
                s.compute(e)
                stars[name] = [round(math.degrees(s.az), 6), round(math.degrees(s.alt), 6)]
            per_obs.append(stars)
        rows.append({'epochMs': ms, 'observers': per_obs})
    doc = {
        'generatedBy': 'test/reference/stars/make_stars.py',
        'generatedAt': dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d'),
        'tools': {'python': platform.python_version(), 'ephem': importlib.metadata.version('ephem')},
        'observers': OBSERVERS,
        'rows': rows,
    }
    with open(os.path.join(HERE, 'stars.json'), 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
