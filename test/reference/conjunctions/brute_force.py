#!/usr/bin/python3
"""Brute-force close-approach screen with python-sgp4 (Vallado's SGP4, WGS72): no filters.

Usage: brute_force.py SAMPLE.tle START_ISO DAYS MAX_KM [STEP_S] > result.json

The first object of SAMPLE.tle (3-line TLE) is the primary; every other one is screened against
it. Both are propagated every STEP_S seconds (default 10) over the window; each closing-to-opening
change of range rate brackets an approach, whose time of closest approach is the zero of the range
rate found by bisection to 1e-6 s. Approaches closer than MAX_KM are printed as JSON with the
tool's version, the run date and the elapsed time (for `npm run bench`'s ratio).
"""
import json
import math
import sys
import time
from datetime import datetime, timezone
from importlib.metadata import version

from sgp4.api import Satrec, jday


def read_tle(path):
    lines = [l.rstrip('\r\n') for l in open(path, encoding='utf-8') if l.strip()]
    sats = []
    for i in range(0, len(lines), 3):
        sat = Satrec.twoline2rv(lines[i + 1], lines[i + 2])
        sats.append((lines[i].strip(), sat))
    return sats


def main():
    path, start_iso, days, max_km = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    step_s = float(sys.argv[5]) if len(sys.argv) > 5 else 10.0
    start = datetime.fromisoformat(start_iso.replace('Z', '+00:00')).astimezone(timezone.utc)
    jd0, fr0 = jday(start.year, start.month, start.day, start.hour, start.minute,
                    start.second + start.microsecond / 1e6)
    sats = read_tle(path)
    (_, primary), others = sats[0], sats[1:]
    n = int(days * 86400 / step_s) + 1
    began = time.perf_counter()

    def state(sat, t):
        e, r, v = sat.sgp4(jd0, fr0 + t / 86400.0)
        return e, r, v

    pstates = [state(primary, k * step_s) for k in range(n)]

    def rate(sat, t):
        e1, r1, v1 = state(primary, t)
        e2, r2, v2 = state(sat, t)
        if e1 or e2:
            return None
        return sum((r1[i] - r2[i]) * (v1[i] - v2[i]) for i in range(3))

    approaches = []
    for name, sat in others:
        prev = None
        for k in range(n):
            t = k * step_s
            ep, rp, vp = pstates[k]
            es, rs, vs = state(sat, t)
            if ep or es:
                break
            rr = sum((rp[i] - rs[i]) * (vp[i] - vs[i]) for i in range(3))
            if prev is not None and prev < 0 <= rr:
                lo, hi = t - step_s, t
                while hi - lo > 1e-6:
                    mid = (lo + hi) / 2
                    f = rate(sat, mid)
                    if f is None:
                        break
                    if f < 0:
                        lo = mid
                    else:
                        hi = mid
                tca = (lo + hi) / 2
                _, r1, v1 = state(primary, tca)
                _, r2, v2 = state(sat, tca)
                miss = math.dist(r1, r2)
                if miss < max_km:
                    approaches.append({
                        'secondary': sat.satnum,
                        'name': name,
                        'tcaSecondsFromStart': round(tca, 6),
                        'missKm': round(miss, 6),
                        'relativeSpeedKmS': round(math.dist(v1, v2), 6),
                    })
            prev = rr
    elapsed = time.perf_counter() - began
    approaches.sort(key=lambda a: a['tcaSecondsFromStart'])
    json.dump({
        'tool': f'python-sgp4 {version("sgp4")} (accelerated: no), Python {sys.version.split()[0]}',
        'made': datetime.now(timezone.utc).strftime('%Y-%m-%d'),
        'sample': path.rsplit('/', 1)[-1],
        'start': start_iso,
        'days': days,
        'maxKm': max_km,
        'stepSeconds': step_s,
        'secondaries': len(others),
        'elapsedSeconds': round(elapsed, 3),
        'approaches': approaches,
    }, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
