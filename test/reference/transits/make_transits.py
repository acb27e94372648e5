#!/usr/bin/python3
"""Build test/reference/transits/transits.json: ISS transits of the Sun and the Moon, independently.

    /usr/bin/python3 test/reference/transits/make_transits.py

Tools: python-sgp4 (the ISS in TEME, WGS72, as satellite.js), PyEphem (the Sun's and the Moon's
geocentric apparent RA/Dec of date and distance), Skyfield's built-in timescale for the equation of
the equinoxes (GAST - GMST) that turns true-of-date RA into TEME, own GMST 1982 and WGS84. No
network, no .bsp file.

For each case (a real transit found over 2026-08-22..09-04 with the ISS elements of the bundled
snapshot): the instant of the smallest angle between the ISS and the body's centre as seen from
the observer (golden section to 1 ms) and that angle; the centre line (the line from the body's
centre through the ISS, met with the WGS84 ellipsoid) at that instant, and the centre line's point
nearest the observer (golden section over +-30 s) with its distance.
"""

import datetime as dt
import importlib.metadata
import json
import math
import os
import platform

import ephem
from sgp4.api import Satrec
from skyfield.api import load

HERE = os.path.dirname(os.path.abspath(__file__))
AU_KM = 149597870.7
WGS84_A = 6378.137
WGS84_F = 1 / 298.257223563
Z_SCALE = 1 / (1 - WGS84_F)
DJD_EPOCH_JD = 2415020.0
UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
ts = load.timescale()

LINE1 = '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9995'
LINE2 = '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884'
sat = Satrec.twoline2rv(LINE1, LINE2)

CASES = [
    {'name': 'Paris, Sun', 'body': 'sun', 'latitudeDeg': 48.8, 'longitudeDeg': 2.3, 'altitudeM': 0,
     'approxIso': '2026-08-23T05:29:11Z'},
    {'name': 'Delft area, Moon', 'body': 'moon', 'latitudeDeg': 52.0, 'longitudeDeg': 5.0,
     'altitudeM': 0, 'approxIso': '2026-09-04T00:39:54Z'},
    {'name': 'Boulder, Sun', 'body': 'sun', 'latitudeDeg': 40.0, 'longitudeDeg': -105.0,
     'altitudeM': 0, 'approxIso': '2026-08-26T14:03:53Z'},
]


def jd_of_ms(ms):
    return ms / 86400000.0 + 2440587.5


def eqeq_rad(ms):
    t = ts.utc(UNIX_EPOCH + dt.timedelta(milliseconds=ms))
    return math.radians(float((t.gast - t.gmst) * 15.0))


def gmst1982(ms):
    tut1 = (jd_of_ms(ms) - 2451545.0) / 36525.0
    temp = (-6.2e-6 * tut1 ** 3 + 0.093104 * tut1 ** 2
            + (876600.0 * 3600 + 8640184.812866) * tut1 + 67310.54841)
    temp = math.fmod(temp * math.pi / 180.0 / 240.0, 2 * math.pi)
    return temp + 2 * math.pi if temp < 0 else temp


def body_teme(body, ms):
    b = ephem.Sun() if body == 'sun' else ephem.Moon()
    b.compute(ephem.Date(jd_of_ms(ms) - DJD_EPOCH_JD))
    ra = float(b.g_ra) - eqeq_rad(ms)
    dec = float(b.g_dec)
    r = float(b.earth_distance) * AU_KM
    return (r * math.cos(dec) * math.cos(ra), r * math.cos(dec) * math.sin(ra), r * math.sin(dec))


def sat_teme(ms):
    jd = jd_of_ms(ms)
    whole = math.floor(jd)
    err, r, _v = sat.sgp4(whole, jd - whole)
    assert err == 0, err
    return r


def rot(v, th):
    c, s = math.cos(th), math.sin(th)
    return (c * v[0] + s * v[1], -s * v[0] + c * v[1], v[2])


def site_ecf(case):
    lat = math.radians(case['latitudeDeg'])
    lon = math.radians(case['longitudeDeg'])
    h = case['altitudeM'] / 1000.0
    e2 = WGS84_F * (2 - WGS84_F)
    n = WGS84_A / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return ((n + h) * math.cos(lat) * math.cos(lon), (n + h) * math.cos(lat) * math.sin(lon),
            (n * (1 - e2) + h) * math.sin(lat))


def sub(a, b):
    return tuple(x - y for x, y in zip(a, b))


def angle(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    cx = a[1] * b[2] - a[2] * b[1]
    cy = a[2] * b[0] - a[0] * b[2]
    cz = a[0] * b[1] - a[1] * b[0]
    return math.atan2(math.sqrt(cx * cx + cy * cy + cz * cz), dot)


def golden(f, lo, hi, tol):
    g = (math.sqrt(5) - 1) / 2
    a, b = lo, hi
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = f(c), f(d)
    while b - a > tol:
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = f(d)
    return (a + b) / 2


def centre_point_ecf(body, ms):
    s = sat_teme(ms)
    b = body_teme(body, ms)
    d = sub(s, b)
    n = math.sqrt(sum(x * x for x in d))
    ss = (s[0], s[1], s[2] * Z_SCALE)
    dd = (d[0] / n, d[1] / n, d[2] / n * Z_SCALE)
    A = sum(x * x for x in dd)
    B = sum(x * y for x, y in zip(ss, dd))
    C = sum(x * x for x in ss) - WGS84_A ** 2
    lam = (-B - math.sqrt(B * B - A * C)) / A
    p = (ss[0] + lam * dd[0], ss[1] + lam * dd[1], (ss[2] + lam * dd[2]) / Z_SCALE)
    return rot(p, gmst1982(ms))


def main():
    out = []
    for case in CASES:
        obs = site_ecf(case)
        body = case['body']

        def sep(ms):
            th = gmst1982(ms)
            o = rot(obs, -th)
            return angle(sub(sat_teme(ms), o), sub(body_teme(body, ms), o))

        t0 = (dt.datetime.fromisoformat(case['approxIso'].replace('Z', '+00:00')) - UNIX_EPOCH)
        t0 = t0.total_seconds() * 1000
        tmin = golden(sep, t0 - 20000, t0 + 20000, 1)

        def dist(ms):
            p = centre_point_ecf(body, ms)
            return math.sqrt(sum(x * x for x in sub(p, obs)))

        tc = golden(dist, tmin - 30000, tmin + 30000, 1)
        pc = centre_point_ecf(body, tc)
        pm = centre_point_ecf(body, tmin)
        out.append({
            **case,
            'minSeparationMs': round(tmin, 1),
            'minSeparationDeg': math.degrees(sep(tmin)),
            'centreAtMinEcfKm': list(pm),
            'centreNearestMs': round(tc, 1),
            'centreNearestEcfKm': list(pc),
            'centreNearestDistanceKm': dist(tc),
        })
    doc = {
        'generatedBy': 'test/reference/transits/make_transits.py',
        'generatedAt': dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d'),
        'tools': {
            'python': platform.python_version(),
            'ephem': importlib.metadata.version('ephem'),
            'sgp4': importlib.metadata.version('sgp4'),
            'skyfield': importlib.metadata.version('skyfield'),
        },
        'tle': [LINE1, LINE2],
        'cases': out,
    }
    with open(os.path.join(HERE, 'transits.json'), 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
