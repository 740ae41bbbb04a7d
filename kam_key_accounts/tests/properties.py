"""Property-based checks of bad input (hypothesis), shared by the add-ons' test_properties.py.

Every generated example runs in a savepoint that is always rolled back. It must end one of two
ways: accepted, and what is read back from the database is what was given (HTML sanitised, amounts
rounded to the currency); or refused with a ValidationError/UserError whose message is not empty
and is translated (French differs from English), the database holding the same rows as before once
the call is rolled back (as the RPC layer does).
Anything else (a psycopg2 error, a ValueError, an OverflowError...) fails the test.
"""

import math
import sys
from collections import Counter
from datetime import date, datetime

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# Few examples each, every property together well under a minute (each example is a few queries).
SETTINGS = settings(
    max_examples=80,
    deadline=None,
    database=None,
    # no shrinking: each example costs queries, and the failing example is printed as it was found
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# How many examples ran per property, accepted or refused: printed at the end of each class.
STATS = Counter()

# Text as users type or paste it: empty, blank, unicode of every plane, HTML, very long.
# NUL is left out: PostgreSQL stores no NUL in text, for any Odoo field (Odoo's limit, not ours).
TEXT = st.one_of(
    st.just(""),
    st.just("   "),
    st.text(st.characters(exclude_characters="\x00"), max_size=80),
    st.sampled_from(
        [
            "<script>alert('x')</script>",
            "<b>gras</b> & <i>italique</i>",
            "Société Générale — 株式会社 😀",
            "'; DROP TABLE res_partner; --",
            "%(name)s %s {0}",
        ]
    ),
    st.builds(lambda ch, n: ch * n, st.sampled_from("aé😀"), st.integers(1000, 20000)),
)
HTML = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "<p onclick=\"alert('x')\">clic</p>",
            "<img src=x onerror=alert(1)>",
            "<p>ok</p><script>alert(1)</script>",
            "<div><p>unclosed",
        ]
    ),
)
DATES = st.one_of(
    st.dates(),  # 0001-01-01 .. 9999-12-31, as the date picker or an import can send
    st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
)
DATETIMES = st.one_of(
    st.datetimes(),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 12, 31)),
)
# Amounts and counts: PostgreSQL int4 for counts (larger numbers are refused by Odoo's Integer field
# itself); no NaN or infinity (JSON has none, the web client sends none).
COUNTS = st.one_of(st.integers(-(2**31), 2**31 - 1), st.integers(-5, 500))
AMOUNTS = st.one_of(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
    st.floats(min_value=-100, max_value=100_000, allow_nan=False, allow_infinity=False),
    st.just(0.0),
)
HOURS = st.one_of(
    st.floats(min_value=-1e6, max_value=1e12, allow_nan=False, allow_infinity=False),
    st.floats(min_value=-2, max_value=24, allow_nan=False, allow_infinity=False),
)


class PropertyMixin:
    """assertAcceptedOrRefused: the contract above for one generated example."""

    # tables whose content must not change when a change is refused
    property_tables = ()

    def _snapshot(self):
        snapshot = {}
        for table in self.property_tables:
            self.env.cr.execute(
                SQL(
                    "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t.id)) FROM %s t",
                    SQL.identifier(table),
                )
            )
            snapshot[table] = self.env.cr.fetchone()
        return snapshot

    def assertAcceptedOrRefused(self, label, action, check_stored, expect_accepted=None, keep=False):
        """Run ``action`` (given an env) in French; ``check_stored(result)`` reads back what was accepted.

        ``expect_accepted``, when given, is the rule the example must follow (True: valid input).
        ``keep``: what was accepted stays (for the next steps of an example; the caller rolls back).
        """
        env_fr = self.env(context=dict(self.env.context, lang="fr_FR"))
        outcome, message = self._attempt(env_fr, action, check_stored, keep=keep)
        STATS[label, outcome] += 1
        if expect_accepted is not None:
            self.assertEqual(
                outcome == "accepted",
                expect_accepted,
                f"{label}: {outcome} ({message and message[:200]}) against the rule",
            )
        if outcome == "refused":
            self.assertTrue(message and message.strip(), f"{label}: empty error message")
            env_en = self.env(context=dict(self.env.context, lang="en_US"))
            outcome_en, message_en = self._attempt(env_en, action, check_stored)
            self.assertEqual(outcome_en, "refused", f"{label}: refused in French only")
            self.assertNotEqual(message, message_en, f"{label}: message not translated: {message[:200]}")
        return outcome

    def _attempt(self, env, action, check_stored, keep=False):
        savepoint = self.env.cr.savepoint()
        outcome = None
        try:
            before = self._snapshot()
            try:
                # rolled back on an error, as the RPC layer rolls back a refused call
                with env.cr.savepoint():
                    result = action(env)
            except (ValidationError, UserError) as error:
                # nothing left behind: no commit, no other cursor, no row outside the transaction
                self.assertEqual(
                    self._snapshot(), before, f"refused, yet the database changed: {str(error)[:200]}"
                )
                return "refused", error.args[0]
            env.invalidate_all()
            check_stored(result)
            outcome = "accepted"
            return outcome, None
        finally:
            savepoint.close(rollback=not (keep and outcome == "accepted"))
            self.env.invalidate_all(flush=False)

    def assertStoredAmount(self, stored, given, currency):
        expected = currency.round(given)
        self.assertTrue(
            math.isclose(stored, expected, rel_tol=1e-12, abs_tol=currency.rounding / 2),
            f"amount {given} stored as {stored}",
        )

    @classmethod
    def print_stats(cls, prefix):
        lines = [
            f"{label}: {STATS[label, 'accepted'] + STATS[label, 'refused']} examples "
            f"({STATS[label, 'accepted']} accepted, {STATS[label, 'refused']} refused)"
            for label in sorted({label for label, _outcome in STATS if label.startswith(prefix)})
        ]
        # on stdout (seen with pytest -s): pytest-odoo leaves Odoo's INFO log lines out
        sys.stdout.write("".join(f"hypothesis {line}\n" for line in lines))
