#!/usr/bin/python3
"""Generate test/reference/doppler/doppler.json: reference range rates and Doppler-corrected
frequencies for real transmitters over real passes, computed with Skyfield.

Run with the Debian system Python (python3-skyfield, python3-sgp4, numpy):

    /usr/bin/python3 test/reference/doppler/make_doppler.py

Reads the element sets from the shared data snapshot (/work/shared/data/tle/amateur.tle, override
the folder with PASSWATCH_SHARED_DATA) and embeds them, and the transmitters' frequencies, in the
output, so tests never read the shared folder. Deterministic except generator.generatedAt (pin it
with SOURCE_DATE_EPOCH).

Method:
  * Timescale with a constant Delta T of 69.184 s (UT1 == UTC, as SGP4 libraries assume).
  * The first pass of each satellite over the observer after the window start with a maximum
    elevation of at least 20 deg (Skyfield find_events), sampled every 10 s from rise to set.
  * Range rate (`rangeRateKmS`): the central difference of Skyfield's topocentric range
    (satellite - topos).at(t).distance() over t +/- 0.05 s: the definition of range rate, from
    positions only. Skyfield's own analytic (frame_latlon_and_rates) range rate is recorded beside
    it (`skyfieldRangeRateKmS`) and must agree to 1 m/s; it differs by up to about 0.2 m/s at long
    range (recorded as generator.worstFiniteDifferenceKmS), 0.3 Hz at 437 MHz.
  * Frequencies, first-order classical Doppler, written out here independently of passwatch:
      received downlink  = f_down * (1 - v/c)        (v > 0 receding: heard lower)
      uplink to transmit = f_up / (1 - v/c)          (so that the satellite hears f_up)
    and for a linear transponder the nominal uplink paired with a nominal downlink d:
      non-inverting: u = uplink_low + (d - downlink_low) * (uplink width / downlink width)
      inverting:     u = uplink_low + (downlink_high - d) * (uplink width / downlink width)
"""

import datetime as dt
import importlib.metadata
import json
import os
import platform
import time

import skyfield
from skyfield.api import EarthSatellite, load, wgs84

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'doppler.json')
DATA = os.environ.get('PASSWATCH_SHARED_DATA', '/work/shared/data')
C_KM_S = 299792.458
ts = load.timescale(builtin=True, delta_t=69.184)

OBSERVER = {'name': 'Netherlands', 'latitudeDeg': 52.0, 'longitudeDeg': 5.0, 'altitudeM': 0}
START = dt.datetime(2026, 8, 22, 0, 0, tzinfo=dt.timezone.utc)

# (case id, NORAD id, transmitter as in SatNOGS DB 2026-08-08, chosen nominal downlink or None)
CASES = [
    ('iss-vu-repeater', 25544, {
        'uuid': 'eozSf5mKyzNxoascs8V4bV', 'type': 'transceiver', 'invert': False,
        'downlink': [437800000, 437800000], 'uplink': [145990000, 145990000]}, None),
    ('rs44-inverting-centre', 44909, {
        'uuid': '89NTmbqJEuTGW36fd386Fy', 'type': 'transponder', 'invert': True,
        'downlink': [435610000, 435670000], 'uplink': [145935000, 145995000]}, None),
    ('rs44-inverting-435620', 44909, {
        'uuid': '89NTmbqJEuTGW36fd386Fy', 'type': 'transponder', 'invert': True,
        'downlink': [435610000, 435670000], 'uplink': [145935000, 145995000]}, 435620000),
    ('ao7-mode-a-noninverting', 7530, {
        'uuid': 'aBrZNKzhZH4gguH8F75o86', 'type': 'transponder', 'invert': False,
        'downlink': [29400000, 29500000], 'uplink': [145850000, 145950000]}, 29450000),
]


def read_tles():
    out = {}
    lines = [l.rstrip('\r\n') for l in open(os.path.join(DATA, 'tle', 'amateur.tle'), newline='')]
    for i in range(0, len(lines) - 2, 3):
        if lines[i + 1].startswith('1 ') and lines[i + 2].startswith('2 '):
            out[int(lines[i + 1][2:7])] = (lines[i].strip(), lines[i + 1].rstrip(), lines[i + 2].rstrip())
    return out


def nominal(tx, chosen):
    dl, dh = tx['downlink']
    ul, uh = tx['uplink']
    if tx['type'] != 'transponder':
        return dl, ul
    d = chosen if chosen is not None else (dl + dh) / 2
    scale = (uh - ul) / (dh - dl)
    u = ul + ((dh - d) if tx['invert'] else (d - dl)) * scale
    return d, u


def main():
    tles = read_tles()
    topos = wgs84.latlon(OBSERVER['latitudeDeg'], OBSERVER['longitudeDeg'], elevation_m=OBSERVER['altitudeM'])
    cases = []
    worst_fd = 0.0
    for case_id, norad, tx, chosen in CASES:
        name, l1, l2 = tles[norad]
        sat = EarthSatellite(l1, l2, name, ts)
        t0 = ts.from_datetime(START)
        t1 = ts.from_datetime(START + dt.timedelta(days=2))
        times, events = sat.find_events(topos, t0, t1, altitude_degrees=0.0)
        pass_window = None
        rise = None
        for t, e in zip(times, events):
            if e == 0:
                rise = t
            elif e == 2 and rise is not None:
                alt = (sat - topos).at(ts.tt_jd((rise.tt + t.tt) / 2)).altaz()[0].degrees
                culm = max((sat - topos).at(ts.tt_jd(rise.tt + k * (t.tt - rise.tt) / 200)).altaz()[0].degrees for k in range(201))
                if culm >= 20:
                    pass_window = (rise, t)
                    break
                rise = None
        assert pass_window is not None, case_id
        rise_dt = pass_window[0].utc_datetime().replace(microsecond=0) + dt.timedelta(seconds=1)
        set_dt = pass_window[1].utc_datetime()
        down_nom, up_nom = nominal(tx, chosen)
        points = []
        t = rise_dt
        while t <= set_dt:
            st = ts.from_datetime(t)
            rel = (sat - topos).at(st)
            _, _, dist, _, _, rr = rel.frame_latlon_and_rates(topos)
            rr = rr.km_per_s
            h = 0.05
            ra = (sat - topos).at(ts.from_datetime(t - dt.timedelta(seconds=h))).distance().km
            rb = (sat - topos).at(ts.from_datetime(t + dt.timedelta(seconds=h))).distance().km
            fd = (rb - ra) / (2 * h)
            worst_fd = max(worst_fd, abs(fd - rr))
            assert abs(fd - rr) < 1e-3, (case_id, t, fd, rr)  # 1 m/s
            alt, az, _ = rel.altaz()
            points.append({
                'time': t.strftime('%Y-%m-%dT%H:%M:%SZ'),
                'elevationDeg': round(alt.degrees, 6),
                'rangeKm': round(dist.km, 6),
                'rangeRateKmS': fd,
                'skyfieldRangeRateKmS': rr,
                'downlinkHz': down_nom * (1 - fd / C_KM_S),
                'uplinkHz': up_nom / (1 - fd / C_KM_S),
            })
            t += dt.timedelta(seconds=10)
        cases.append({
            'id': case_id,
            'name': name,
            'noradId': norad,
            'tle': [l1, l2],
            'transmitter': tx,
            'chosenDownlinkHz': chosen,
            'nominalDownlinkHz': down_nom,
            'nominalUplinkHz': up_nom,
            'points': points,
        })
    epoch = os.environ.get('SOURCE_DATE_EPOCH')
    generated = dt.datetime.fromtimestamp(int(epoch) if epoch else time.time(), dt.timezone.utc)
    out = {
        'generator': {
            'script': 'test/reference/doppler/make_doppler.py',
            'generatedAt': generated.strftime('%Y-%m-%dT%H:%M:%SZ'),
            'skyfield': skyfield.__version__,
            'sgp4': importlib.metadata.version('sgp4'),
            'python': platform.python_version(),
            'speedOfLightKmS': C_KM_S,
            'deltaTSeconds': 69.184,
            'worstFiniteDifferenceKmS': worst_fd,
        },
        'observer': OBSERVER,
        'cases': cases,
    }
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(f'{len(cases)} cases, {sum(len(c["points"]) for c in cases)} points; worst |finite difference - Skyfield range rate| = {worst_fd * 1e6:.1f} mm/s -> {OUT}')


if __name__ == '__main__':
    main()
