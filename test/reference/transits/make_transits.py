#!/usr/bin/python3
"""Build test/reference/transits/ transits.json, scan.json and geo.json: transits of the Sun and
the Moon, independently.

    /usr/bin/python3 test/reference/transits/make_transits.py [geo]

Tools: python-sgp4 (the ISS in TEME, WGS72, as satellite.js), PyEphem (the Sun's and the Moon's
geocentric apparent RA/Dec of date and distance), Skyfield's built-in timescale for the equation of
the equinoxes (GAST - GMST) that turns true-of-date RA into TEME, own GMST 1982 and WGS84. No
network, no .bsp file.

For each case (a real transit found over 2026-08-22..09-04 with the ISS elements of the bundled
snapshot): the instant of the smallest angle between the ISS and the body's centre as seen from
the observer (golden section to 1 ms) and that angle; the centre line (the line from the body's
centre through the ISS, met with the WGS84 ellipsoid) at that instant, and the centre line's point
nearest the observer (golden section over +-30 s) with its distance.

Scan (scan.json): every transit and near miss of the ISS and the CSS across the Sun and the Moon
for a few observers over 7 days, found by stepping, not from passwatch's list: the satellite's
elevation every 10 s, then within each stretch above the horizon the angle to each body every
second, its smallest value refined by golden section to 1 ms; kept when the body is up and the
satellite is on the disc, within NEAR_MISS_DEG of its edge, or the centre line passes within
RADIUS_KM of the observer (centre line's nearest point: 1 s grid over +-30 s, then golden section).
Events within MARGIN of a threshold are marked `marginal` (either answer is right for them).

GEO (geo.json): a satellite that never sets (ASTRA 1M, same snapshot) from Libreville over the week
of the September 2026 equinox, when the Sun passes behind it once a day (sun outage). Every local
minimum of the separation, not one per stretch above the horizon: the angle every 10 s, each
minimum of those samples refined by golden section to 1 ms, kept by the scan's rules, with the
time on the disc. `make_transits.py geo` writes geo.json alone.
"""

import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import sys

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


_eqeq_cache = {}


def eqeq_rad(ms):
    # GAST - GMST changes by far less than 1e-6 arcsec in a second: one value per whole second.
    key = round(ms / 1000)
    if key not in _eqeq_cache:
        _eqeq_cache[key] = _eqeq_rad(key * 1000)
    return _eqeq_cache[key]


def _eqeq_rad(ms):
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


def sat_teme(ms, rec=sat):
    jd = jd_of_ms(ms)
    whole = math.floor(jd)
    err, r, _v = rec.sgp4(whole, jd - whole)
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


def centre_point_ecf(body, ms, rec=sat):
    s = sat_teme(ms, rec)
    b = body_teme(body, ms)
    d = sub(s, b)
    n = math.sqrt(sum(x * x for x in d))
    ss = (s[0], s[1], s[2] * Z_SCALE)
    dd = (d[0] / n, d[1] / n, d[2] / n * Z_SCALE)
    A = sum(x * x for x in dd)
    B = sum(x * y for x, y in zip(ss, dd))
    C = sum(x * x for x in ss) - WGS84_A ** 2
    if B * B - A * C < 0:
        return None
    lam = (-B - math.sqrt(B * B - A * C)) / A
    if lam < 0:
        return None
    p = (ss[0] + lam * dd[0], ss[1] + lam * dd[1], (ss[2] + lam * dd[2]) / Z_SCALE)
    return rot(p, gmst1982(ms))


def main():
    if sys.argv[1:] == ['geo']:
        write_geo()
        return
    write_cases()
    write_scan()
    write_geo()


def write_cases():
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
        **provenance(),
        'tle': [LINE1, LINE2],
        'cases': out,
    }
    with open(os.path.join(HERE, 'transits.json'), 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


def provenance():
    return {
        'generatedBy': 'test/reference/transits/make_transits.py',
        'generatedAt': dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d'),
        'tools': {
            'python': platform.python_version(),
            'ephem': importlib.metadata.version('ephem'),
            'sgp4': importlib.metadata.version('sgp4'),
            'skyfield': importlib.metadata.version('skyfield'),
        },
    }


SCAN_SATS = {
    'ISS (ZARYA)': [LINE1, LINE2],
    'CSS (TIANHE)': ['1 48274U 21035A   26233.50601792  .00010952  00000+0  14010-3 0  9997',
                     '2 48274  41.4689 285.4972 0001541 256.2748 103.7919 15.59124724303366'],
}
SCAN_OBSERVERS = [
    {'name': 'Paris', 'latitudeDeg': 48.8, 'longitudeDeg': 2.3, 'altitudeM': 35},
    {'name': 'Boulder', 'latitudeDeg': 40.0, 'longitudeDeg': -105.27, 'altitudeM': 1650},
    {'name': 'Sydney', 'latitudeDeg': -33.87, 'longitudeDeg': 151.21, 'altitudeM': 20},
    {'name': 'Tokyo', 'latitudeDeg': 35.68, 'longitudeDeg': 139.69, 'altitudeM': 40},
]
SCAN_START_ISO = '2026-08-22T00:00:00Z'
SCAN_DAYS = 7
RADIUS_KM = 100.0
NEAR_MISS_DEG = 1.0
MARGIN = {'radiusKm': 1.0, 'nearMissDeg': 0.002}
SUN_RADIUS_KM = 695700.0
MOON_RADIUS_KM = 1737.4


def site_up(case):
    lat = math.radians(case['latitudeDeg'])
    lon = math.radians(case['longitudeDeg'])
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def iso_ms(iso):
    return (dt.datetime.fromisoformat(iso.replace('Z', '+00:00')) - UNIX_EPOCH).total_seconds() * 1000


def ms_iso(ms):
    t = UNIX_EPOCH + dt.timedelta(milliseconds=ms)
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + f'{t.microsecond // 1000:03d}Z'


def up_stretches(rec, obs, up, start, end):
    """Stretches [from, to] (ms) with the satellite above the horizon, to the second."""
    def elev(ms):
        th = gmst1982(ms)
        d = sub(sat_teme(ms, rec), rot(obs, -th))
        u = rot(up, -th)
        return sum(x * y for x, y in zip(d, u)) / math.sqrt(sum(x * x for x in d))

    def edge(a, b):
        # elev(a) and elev(b) differ in sign; bisect to 1 s.
        sa = elev(a) > 0
        while b - a > 1000:
            m = (a + b) / 2
            if (elev(m) > 0) == sa:
                a = m
            else:
                b = m
        return b if not sa else a

    out = []
    step = 10000
    prev_t, prev_up = start, elev(start) > 0
    rise = start if prev_up else None
    t = start + step
    while t <= end:
        now_up = elev(t) > 0
        if now_up and not prev_up:
            rise = edge(prev_t, t)
        elif prev_up and not now_up:
            out.append((rise, edge(prev_t, t)))
            rise = None
        prev_t, prev_up = t, now_up
        t += step
    if rise is not None:
        out.append((rise, end))
    return out


def scan_one(name, rec, obs_case):
    obs = site_ecf(obs_case)
    up = site_up(obs_case)
    start = iso_ms(SCAN_START_ISO)
    end = start + SCAN_DAYS * 86400000
    events = []
    for a, b in up_stretches(rec, obs, up, start, end):
        for body, body_r in (('sun', SUN_RADIUS_KM), ('moon', MOON_RADIUS_KM)):
            def sep(ms):
                th = gmst1982(ms)
                o = rot(obs, -th)
                return angle(sub(sat_teme(ms, rec), o), sub(body_teme(body, ms), o))

            n = int((b - a) // 1000)
            grid = [a + i * 1000 for i in range(n + 1)]
            vals = [sep(t) for t in grid]
            i = min(range(len(vals)), key=vals.__getitem__)
            lo = grid[max(i - 1, 0)]
            hi = grid[min(i + 1, len(grid) - 1)]
            tmin = golden(sep, lo, hi, 1)
            event = event_at(name, rec, obs_case, body, body_r, sep, tmin)
            if event is not None:
                events.append(event)
    return events


def event_at(name, rec, obs_case, body, body_r, sep, tmin):
    """The transit or near miss at a minimum of the separation (tmin, ms), or None."""
    obs = site_ecf(obs_case)
    up = site_up(obs_case)
    smin = sep(tmin)
    th = gmst1982(tmin)
    o = rot(obs, -th)
    bvec = sub(body_teme(body, tmin), o)
    bdist = math.sqrt(sum(x * x for x in bvec))
    body_el = math.degrees(math.asin(sum(x * y for x, y in zip(bvec, rot(up, -th))) / bdist))
    if body_el <= 0:
        return None
    rho = math.asin(body_r / bdist)

    def dist(ms):
        p = centre_point_ecf(body, ms, rec)
        return math.inf if p is None else math.sqrt(sum(x * x for x in sub(p, obs)))

    centre = None
    if centre_point_ecf(body, tmin, rec) is not None:
        cgrid = [tmin - 30000 + k * 1000 for k in range(61)]
        cvals = [dist(t) for t in cgrid]
        k = min(range(61), key=cvals.__getitem__)
        if cvals[k] < math.inf:
            tc = golden(dist, cgrid[max(k - 1, 0)], cgrid[min(k + 1, 60)], 1)
            centre = {'timeMs': round(tc, 1), 'distanceKm': dist(tc),
                      'ecfKm': list(centre_point_ecf(body, tc, rec))}
    edge_deg = math.degrees(smin - rho)
    on_disc = smin < rho
    near = edge_deg <= NEAR_MISS_DEG
    within = centre is not None and centre['distanceKm'] <= RADIUS_KM
    marginal = (abs(edge_deg - NEAR_MISS_DEG) < MARGIN['nearMissDeg']
                or (centre is not None
                    and abs(centre['distanceKm'] - RADIUS_KM) < MARGIN['radiusKm']))
    if not (on_disc or near or within or marginal):
        return None
    return {
        'satellite': name,
        'observer': obs_case['name'],
        'body': body,
        'expected': bool(on_disc or near or within),
        'marginal': bool(marginal),
        'kind': 'transit' if on_disc or within else 'near-miss',
        'iso': ms_iso(tmin),
        'timeMs': round(tmin, 1),
        'minSeparationDeg': math.degrees(smin),
        'bodyRadiusDeg': math.degrees(rho),
        'bodyElevationDeg': body_el,
        'centreLine': centre,
    }


def write_scan():
    events = []
    for name, lines in SCAN_SATS.items():
        rec = Satrec.twoline2rv(*lines)
        for obs_case in SCAN_OBSERVERS:
            events += scan_one(name, rec, obs_case)
    doc = {
        **provenance(),
        'satellites': SCAN_SATS,
        'observers': SCAN_OBSERVERS,
        'startIso': SCAN_START_ISO,
        'days': SCAN_DAYS,
        'radiusKm': RADIUS_KM,
        'nearMissDeg': NEAR_MISS_DEG,
        'margin': MARGIN,
        'events': sorted(events, key=lambda e: (e['observer'], e['timeMs'])),
    }
    with open(os.path.join(HERE, 'scan.json'), 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


# A geostationary satellite that never sets, over a week around the September equinox, seen from
# near the equator: the Sun passes behind it once a day (sun outage), at a separation that shrinks
# to a transit and grows again. ASTRA 1M from the same 2026-08-22 CelesTrak snapshot.
GEO_SAT = ['ASTRA 1M', '1 33436U 08057A   26233.34351778  .00000119  00000+0  00000+0 0  9992',
           '2 33436   0.4586  82.8724 0004216  67.7198 322.1281  1.00273899 46396']
GEO_OBSERVER = {'name': 'Libreville', 'latitudeDeg': 0.39, 'longitudeDeg': 9.45, 'altitudeM': 10}
GEO_START_ISO = '2026-09-19T00:00:00Z'
GEO_STEP_MS = 10000


def write_geo():
    """geo.json: every local minimum of the separation (not one per stretch above the horizon):
    the separation to each body every 10 s over the week (it turns by at most 0.05 deg in 10 s),
    each minimum of those samples refined by golden section to 1 ms, kept by the scan's rules;
    on the disc, the time on it (entry and exit by bisection to 1 ms)."""
    name, l1, l2 = GEO_SAT
    rec = Satrec.twoline2rv(l1, l2)
    obs_case = GEO_OBSERVER
    obs = site_ecf(obs_case)
    up = site_up(obs_case)
    start = iso_ms(GEO_START_ISO)
    end = start + SCAN_DAYS * 86400000
    stretches = up_stretches(rec, obs, up, start, end)
    assert stretches == [(start, end)], stretches
    events = []
    for body, body_r in (('sun', SUN_RADIUS_KM), ('moon', MOON_RADIUS_KM)):
        def sep(ms):
            th = gmst1982(ms)
            o = rot(obs, -th)
            return angle(sub(sat_teme(ms, rec), o), sub(body_teme(body, ms), o))

        grid = list(range(int(start), int(end) + 1, GEO_STEP_MS))
        vals = [sep(t) for t in grid]
        for i in range(1, len(grid) - 1):
            if not (vals[i] <= vals[i - 1] and vals[i] < vals[i + 1]):
                continue
            tmin = golden(sep, grid[i - 1], grid[i + 1], 1)
            event = event_at(name, rec, obs_case, body, body_r, sep, tmin)
            if event is None:
                continue
            rho = math.radians(event['bodyRadiusDeg'])
            duration = 0.0
            if sep(tmin) < rho:
                def edge(inside, outside):
                    while abs(outside - inside) > 1:
                        m = (inside + outside) / 2
                        if sep(m) < rho:
                            inside = m
                        else:
                            outside = m
                    return (inside + outside) / 2
                duration = (edge(tmin, tmin + 600000) - edge(tmin, tmin - 600000)) / 1000
            event['durationSeconds'] = duration
            events.append(event)
    doc = {
        **provenance(),
        'satellite': GEO_SAT,
        'observer': obs_case,
        'startIso': GEO_START_ISO,
        'days': SCAN_DAYS,
        'radiusKm': RADIUS_KM,
        'nearMissDeg': NEAR_MISS_DEG,
        'margin': MARGIN,
        'events': sorted(events, key=lambda e: e['timeMs']),
    }
    with open(os.path.join(HERE, 'geo.json'), 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
