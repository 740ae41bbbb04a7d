from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.kam_key_accounts.models.kam_checked_mixin import KamCheckedMixin

from .common import MiceCommon

# Constraints that need no answer in Python, and why: no user or integration writes these rows.
WRITTEN_BY_CODE_ONLY = {
    "kam.figure": "the figures ledger, rewritten by its refresh",
    "kam.figure.dirty": "the ledger's queue, filled by PostgreSQL triggers",
    "kam.account.assignment": "the credit of the time, written by the roll-up and the hand-over wizard",
    "mice.booking.slot": "the holds of bookings; a clash is answered by mice.booking._sync_slots",
    "sale.order": "one confirmed proposal per request: the state moves only through Confirm, which answers "
    "it first (_check_one_confirmed_proposal)",
}


@tagged("post_install", "-at_install")
class TestCheckedValues(MiceCommon):
    """One mechanism for bad values (kam.checked.mixin): PostgreSQL's constraints are the last line,
    and every one of them is said first in Python, in our words, with no ERROR in the log."""

    def test_every_constraint_of_ours_is_answered_before_the_database(self):
        Constraint = self.env["ir.model.constraint"]
        ours = Constraint.search(
            [("module.name", "in", ("kam_key_accounts", "kam_mice")), ("type", "=", "u")]
        )
        self.assertGreater(len(ours), 50, "the add-ons' CHECK, UNIQUE and EXCLUDE constraints")
        for constraint in ours:
            declared_on = self.env[constraint.model.model]
            # a mixin's constraint is the table constraint of each model that inherits it
            models = declared_on._inherit_children if declared_on._abstract else {declared_on._name}
            for model in sorted(models - WRITTEN_BY_CODE_ONLY.keys()):
                with self.subTest(constraint=constraint.name, model=model):
                    self.assertTrue(
                        issubclass(type(self.env[model]), KamCheckedMixin),
                        f"{model} does not inherit kam.checked.mixin",
                    )
                    if constraint.definition.upper().startswith(("CHECK", "EXCLUDE")):
                        checks = self.env[model]._checks_before_sql()
                        self.assertTrue(checks, f"{model}: no check answers {constraint.name}")
                        for check in checks:
                            self.assertTrue(getattr(type(self.env[model]), check)._constrains, check)

    def _refused(self, message, function):
        # Odoo's assertRaises: a savepoint, and the cache reset, around each attempt
        with self.assertNoLogs("odoo.sql_db", "ERROR"), self.assertRaises(ValidationError) as caught:
            function()
        self.assertRegex(str(caught.exception), message)

    def test_bad_values_of_the_mice_records(self):
        request = self._create_request()
        instalment = request.payment_schedule_ids[:1]
        as_manager = self.env(user=self.mice_manager)
        cases = [
            ("cannot be negative", lambda: instalment.write({"days": -1})),
            ("between 0 and 100", lambda: instalment.write({"percent": 120})),
            ("capacity cannot be negative", lambda: self.boardroom.write({"capacity_theatre": -1})),
            ("area cannot be negative", lambda: self.boardroom.write({"area": -5})),
            (
                "Setup and teardown",
                lambda: as_manager["mice.space"].create(
                    {"name": "Terrace", "venue_id": self.venue.id, "setup_hours": -1}
                ),
            ),
            (
                "at least one room",
                lambda: as_manager["mice.room.block"].create(
                    {
                        "request_id": request.id,
                        "venue_id": self.venue.id,
                        "date_from": date(2030, 3, 10),
                        "release_date": date(2030, 2, 10),
                        "rooms_per_night": 0,
                    }
                ),
            ),
            (
                "cut-off comes before the first night",
                lambda: as_manager["mice.room.block"].create(
                    {
                        "request_id": request.id,
                        "venue_id": self.venue.id,
                        "date_from": date(2030, 3, 10),
                        "release_date": date(2030, 3, 11),
                    }
                ),
            ),
            (
                "quantity cannot be negative",
                lambda: as_manager["mice.request.requirement"].create(
                    {"request_id": request.id, "name": "Rooms", "category": "accommodation", "quantity": -2}
                ),
            ),
            (
                "cannot end before it starts",
                lambda: as_manager["mice.request.date.option"].create(
                    {"request_id": request.id, "date_start": date(2030, 5, 2), "date_end": date(2030, 5, 1)}
                ),
            ),
            ("must be unique per company", lambda: self._create_request(name=request.name)),
        ]
        for message, function in cases:
            with self.subTest(message=message):
                self._refused(message, function)
        self.assertEqual(instalment.days, 0)
        self.assertGreaterEqual(self.boardroom.capacity_theatre, 0)

    def test_a_refused_value_does_not_linger_for_the_next_write(self):
        """The drafts of one record share their cache entries: a refused value must leave them.
        (No savepoint here on purpose: a caller may catch the refusal and go on.)"""
        instalment = self._create_request().payment_schedule_ids.filtered(lambda line: not line.is_balance)[
            :1
        ]
        refused = False
        try:
            instalment.write({"days": -1})
        except ValidationError:
            refused = True
        self.assertTrue(refused, "a negative number of days was accepted")
        instalment.write({"percent": 40})
        self.assertEqual((instalment.days, instalment.percent), (0, 40))
