# Benchmark (not a test): clash checking of space bookings and the function diary at scale.
# Run with: python3 -m workbench bench mice_bookings [--database kam_bench_mice]
# It creates 500 spaces and 100,000 confirmed bookings over two years (the bookings in bulk SQL,
# each respecting the exclusion constraint; committed, so --database reuses them), then times:
# - 1,000 more bookings created one by one through the ORM (each checked for clashes by the
#   constraint), against the same creations with the constraint dropped;
# - the same 1,000 single-row inserts of slot rows in plain SQL, with and without the constraint;
# - one month of the diary read as the web client does (search_read with the calendar's domain),
#   early and late in the two years, as a MICE user (record rules applied);
# - the same month as the function diary's grid reads it (mice.booking.get_diary_data: the 500
#   spaces' rows and the month's bars with their request and client, in one call), against that;
# - the availability search (mice.space._find_available) for 180 people, theatre, two days from
#   09:00 to 18:00, over all 500 spaces, early and late in the two years: against the diary month.
# ``env`` is given by ``odoo shell``.
import statistics
import time
from datetime import datetime, timedelta

from benchlib import QUIET, data, emit, ratio, say

from odoo import Command

SPACES, BOOKINGS, NEW, REQUESTS = 500, 100_000, 1000, 200
START = datetime(2030, 1, 1)
SPACING = timedelta(days=730) / (BOOKINGS // SPACES)  # each space: one 10-hour booking every 3.65 days
MARKER = "BENCH MICE"
CONSTRAINT = "mice_booking_slot_no_overlap"


def generate(env):
    say(f"generating {SPACES} spaces, {REQUESTS} requests")
    venue = env["mice.venue"].create({"name": MARKER})
    env["mice.space"].create(
        [
            {
                "name": f"{MARKER} space {i}",
                "venue_id": venue.id,
                "capacity_theatre": 200,
                "setup_hours": 0,
                "teardown_hours": 0,
            }
            for i in range(SPACES)
        ]
    )
    client = env["res.partner"].create({"name": f"{MARKER} client", "is_company": True})
    env["mice.request"].create(
        [
            {
                "title": f"{MARKER} request {i}",
                "partner_id": client.id,
                "event_type_id": env.ref("kam_mice.mice_event_type_meeting").id,
                "date_start": START.date(),
                "date_end": (START + timedelta(days=730)).date(),
                "attendees_expected": 50,
                "payment_schedule_ids": [],
            }
            for i in range(REQUESTS)
        ]
    )
    env.flush_all()
    say(f"generating {BOOKINGS} bookings in SQL")
    env.cr.execute(
        """
        WITH spaces AS (SELECT array_agg(s.id ORDER BY s.id) AS ids, min(s.venue_id) AS venue_id
                          FROM mice_space s JOIN mice_venue v ON v.id = s.venue_id WHERE v.name = %(marker)s),
             requests AS (SELECT array_agg(id ORDER BY id) AS ids, min(company_id) AS company_id
                            FROM mice_request WHERE title LIKE %(marker)s || ' request %%')
        INSERT INTO mice_booking (request_id, company_id, user_id, space_id, venue_id, date_start, date_end,
                                  setup_hours, teardown_hours, hold_start, hold_end, duration_hours, layout,
                                  attendees, state, option_rank, holds_space,
                                  create_uid, write_uid, create_date, write_date)
        SELECT requests.ids[1 + n %% %(requests)s], requests.company_id, %(uid)s,
               spaces.ids[1 + n %% %(spaces)s], spaces.venue_id, t0, t0 + interval '10 hours', 0, 0,
               t0, t0 + interval '10 hours', 10, 'theatre', 50, 'confirmed', '1', true,
               %(uid)s, %(uid)s, now(), now()
          FROM generate_series(0, %(bookings)s - 1) n, spaces, requests,
               LATERAL (SELECT %(start)s::timestamp + interval '8 hours'
                               + (n / %(spaces)s) * %(spacing)s AS t0) t
        """,
        {
            "marker": MARKER,
            "requests": REQUESTS,
            "spaces": SPACES,
            "bookings": BOOKINGS,
            "uid": env.uid,
            "start": START,
            "spacing": SPACING,
        },
    )
    env.cr.execute(
        """
        INSERT INTO mice_booking_slot (booking_id, space_id, hold_start, hold_end)
        SELECT b.id, b.space_id, b.hold_start, b.hold_end
          FROM mice_booking b JOIN mice_venue v ON v.id = b.venue_id WHERE v.name = %s
        """,
        [MARKER],
    )
    env.cr.execute("ANALYZE mice_booking; ANALYZE mice_booking_slot")
    env.cr.commit()  # kept for later runs with --database


def new_bookings(env):
    """NEW bookings from 20:00 to 22:00 on days the spaces are held from 08:00 to 18:00: no clash."""
    spaces = env["mice.space"].search([("venue_id.name", "=", MARKER)], order="id")
    requests = env["mice.request"].search([("title", "like", f"{MARKER} request")], order="id")
    values = []
    for k in range(NEW):
        day = START + (k * 7 % (BOOKINGS // SPACES)) * SPACING
        start = day.replace(hour=20, minute=0, second=0, microsecond=0)
        if start < day + timedelta(hours=18):
            start += timedelta(days=1)  # keep clear of the day's 08:00-18:00 booking
        values.append(
            {
                "request_id": requests[k % len(requests)].id,
                "space_id": spaces[k % len(spaces)].id,
                "date_start": start,
                "date_end": start + timedelta(hours=2),
                "attendees": 20,
                "state": "confirmed",
            }
        )
    return values


def timed(env, label, func, runs=3):
    """Best of ``runs`` (each rolled back): the first run also pays for warming the caches."""
    timings = []
    for _run in range(runs):
        env.flush_all()
        env.cr.execute("SAVEPOINT bench")
        began = time.perf_counter()
        func()
        env.flush_all()
        timings.append(time.perf_counter() - began)
        env.cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all(flush=False)
    elapsed = min(timings)
    say(f"{label}: {elapsed:.2f} s ({elapsed / NEW * 1000:.2f} ms each, best of {runs})")
    emit("timing", label=label, best_s=round(elapsed, 3), each_ms=round(elapsed / NEW * 1000, 3), runs=runs)
    return elapsed


def with_constraint_dropped(env, func):
    def run():
        env.cr.execute(f"ALTER TABLE mice_booking_slot DROP CONSTRAINT {CONSTRAINT}")
        func()

    return run


def orm_creates(env, values):
    def run():
        Booking = env["mice.booking"].with_context(**QUIET)
        for vals in values:
            Booking.create(vals)

    return run


def sql_inserts(env, values):
    def run():
        for vals in values:
            env.cr.execute(
                "INSERT INTO mice_booking_slot (booking_id, space_id, hold_start, hold_end) "
                "SELECT min(id), %s, %s, %s FROM mice_booking",
                [vals["space_id"], vals["date_start"], vals["date_end"]],
            )

    return run


def diary_month(env, user, month_start):
    month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(seconds=1)
    domain = [("date_start", "<=", month_end), ("date_end", ">=", month_start), ("holds_space", "=", True)]
    Booking = env["mice.booking"].with_user(user)
    timings = []
    for _attempt in range(5):
        env.invalidate_all()
        began = time.perf_counter()
        rows = Booking.search_read(domain, ["space_id", "request_id", "date_start", "date_end", "state"])
        timings.append(time.perf_counter() - began)
    return len(rows), statistics.median(timings)


def diary_grid(env, user, month_start):
    """The function diary's grid over the same month, with the action's default filter."""
    month_end = (month_start + timedelta(days=32)).replace(day=1)
    Booking = env["mice.booking"].with_user(user)
    timings = []
    for _attempt in range(5):
        env.invalidate_all()
        began = time.perf_counter()
        data = Booking.get_diary_data(month_start, month_end, [("holds_space", "=", True)])
        timings.append(time.perf_counter() - began)
    return len(data["bookings"]), len(data["spaces"]), statistics.median(timings)


def availability(env, user, day):
    """Two days from 09:00 to 18:00 UTC, 180 people seated theatre, over every venue."""
    periods = [(day + timedelta(days=n, hours=9), day + timedelta(days=n, hours=18)) for n in range(2)]
    Space = env["mice.space"].with_user(user)
    timings = []
    for _attempt in range(5):
        env.invalidate_all()
        began = time.perf_counter()
        found = Space._find_available(periods, 180, "theatre")
        timings.append(time.perf_counter() - began)
    return len(found), statistics.median(timings)


def main(env):
    env = env(context=dict(env.context, **QUIET))
    if not env["mice.venue"].search_count([("name", "=", MARKER)]):
        generate(env)
    total = env["mice.booking"].search_count([("venue_id.name", "=", MARKER)])
    data(f"{SPACES} spaces, {total} bookings from {START:%Y-%m-%d} over two years")
    values = new_bookings(env)
    orm_with = timed(env, f"ORM: {NEW} bookings, constraint on", orm_creates(env, values))
    orm_without = timed(
        env,
        f"ORM: {NEW} bookings, constraint dropped",
        with_constraint_dropped(env, orm_creates(env, values)),
    )
    sql_with = timed(env, f"SQL: {NEW} slot inserts, constraint on", sql_inserts(env, values))
    sql_without = timed(
        env,
        f"SQL: {NEW} slot inserts, constraint dropped",
        with_constraint_dropped(env, sql_inserts(env, values)),
    )
    ratio("ORM bookings with / without the exclusion constraint", orm_with / orm_without)
    ratio("SQL slot inserts with / without the exclusion constraint", sql_with / sql_without)

    user = env["res.users"].search([("login", "=", "bench_mice_user")])
    if not user:
        user = env["res.users"].create(
            {
                "name": f"{MARKER} user",
                "login": "bench_mice_user",
                "groups_id": [Command.link(env.ref("kam_mice.group_mice_user").id)],
            }
        )
    for month in (datetime(2030, 2, 1), datetime(2031, 1, 1), datetime(2031, 11, 1)):
        count, seconds = diary_month(env, user, month)
        say(f"diary {month:%Y-%m}: {count} bookings read in {seconds * 1000:.1f} ms (median of 5)")
        emit(
            "timing",
            label=f"diary {month:%Y-%m} ({count} bookings, search_read)",
            median_ms=round(seconds * 1000, 2),
        )
        bars, rows, grid_seconds = diary_grid(env, user, month)
        say(
            f"diary grid {month:%Y-%m}: {bars} bars on {rows} rows "
            f"in {grid_seconds * 1000:.1f} ms (median of 5)"
        )
        emit(
            "timing",
            label=f"diary grid {month:%Y-%m} ({bars} bars, {rows} spaces, get_diary_data)",
            median_ms=round(grid_seconds * 1000, 2),
        )
        ratio(f"diary grid / diary month search_read, {month:%Y-%m}", grid_seconds / seconds)
        free, search_seconds = availability(env, user, month + timedelta(days=11))
        say(f"availability {month:%Y-%m}: {free} spaces free, found in {search_seconds * 1000:.1f} ms")
        emit(
            "timing",
            label=f"availability {month:%Y-%m} (180 theatre, 2 days, {free} of {SPACES} spaces free)",
            median_ms=round(search_seconds * 1000, 2),
        )
        ratio(f"availability / diary month, {month:%Y-%m}", search_seconds / seconds, aim=1.0)
    env.cr.execute(
        "EXPLAIN ANALYZE SELECT id FROM mice_booking WHERE date_start <= %s AND date_end >= %s "
        "AND tsrange(date_start, date_end, '[]') && tsrange(%s, %s, '[]')",
        [datetime(2031, 1, 31), datetime(2031, 1, 1), datetime(2031, 1, 1), datetime(2031, 1, 31)],
    )
    say("plan of the month's query:\n    " + "\n    ".join(row[0] for row in env.cr.fetchall()))


main(env)
