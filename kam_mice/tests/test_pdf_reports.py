import subprocess
from datetime import date, datetime

import pytz

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import MiceCommon


def pdf_text(env, report, records, mode="-layout"):
    """The text of a report printed as a real PDF: ``-layout`` keeps the page's columns, ``-raw`` the
    order of the HTML (a table row's cells one after the other, however they wrap)."""
    # Odoo renders HTML instead of a PDF in tests unless asked to
    Report = env["ir.actions.report"].with_context(force_report_rendering=True)
    pdf, kind = Report._render_qweb_pdf(report, records.ids)
    assert kind == "pdf" and pdf.startswith(b"%PDF-"), pdf[:60]
    result = subprocess.run(["pdftotext", mode, "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def one_line(text):
    return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestPdfReports(TransactionCase):
    """The account plan and the event order print as real PDFs (Debian's wkhtmltopdf), read back as
    text with pdftotext."""

    def test_the_account_plan_prints(self):
        plan = self.env["kam.account.plan"].search([], limit=1)
        self.assertTrue(plan, "the demo data has account plans")
        text = pdf_text(self.env, "kam_key_accounts.kam_account_plan_report_action", plan)
        self.assertIn(plan.name, text)
        self.assertIn(plan.partner_id.name, text)
        # amounts in the company's currency, counts as whole numbers: not "15,000.0" nor "2.0"
        self.assertRegex(text, r"\$ \d{1,3}(,\d{3})*\.\d\d")
        self.assertNotRegex(text, r"\d\.0\b")

    def test_the_event_order_prints(self):
        request = self.env["mice.request"].search([("booking_ids", "!=", False)], limit=1)
        self.assertTrue(request, "the demo data has requests with bookings")
        text = pdf_text(self.env, "kam_mice.action_report_mice_event_order", request)
        self.assertIn(request.name, text)
        self.assertIn(request.booking_ids[0].space_id.name, text)

    def test_the_demo_convention_books_its_programme(self):
        """MICE/…/0005 holds the ballroom over its plenary's hours, in the venue's time, and tells
        the kitchen its dietary needs."""
        convention = self.env.ref("kam_mice.demo_request_convention")
        plenary = self.env.ref("kam_mice.demo_request_convention_item_0")
        booking = self.env.ref("kam_mice.demo_booking_convention_ballroom")
        paris = pytz.timezone("Europe/Paris")
        self.assertEqual(booking.venue_id.tz, "Europe/Paris")

        def local_hours(value):
            local = pytz.utc.localize(value).astimezone(paris)
            return local.date(), local.hour + local.minute / 60

        self.assertEqual(local_hours(booking.date_start), (plenary.date, 8.0))
        self.assertEqual(local_hours(booking.date_end), (plenary.date, 18.0))
        self.assertEqual((plenary.time_start, plenary.time_end), (8.0, 18.0))
        self.assertIn("Végétariens : 12", convention.dietary_needs)
        self.assertEqual(convention.user_id, self.env.ref("kam_mice.demo_user_lea"))

        text = one_line(pdf_text(self.env, "kam_mice.action_report_mice_event_order", convention, "-raw"))
        self.assertIn(f"Event Manager: {convention.user_id.name}", text)
        self.assertNotIn("OdooBot", text)
        # set up from 05:00 (3 hours before), plenary 08:00-18:00, the room turned for the dinner
        self.assertIn("Theatre 450 05:00 08:00 - 18:00 18:00", text)
        self.assertIn("Végétariens : 12", text)


@tagged("post_install", "-at_install")
class TestEventOrderPdf(MiceCommon):
    """What operations work from: food and beverage per service, dietary needs, the set-up timeline
    in the venue's local time, who manages the event, counts as whole numbers, a sign-off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = new_test_user(
            cls.env,
            "elise_planner",
            groups="kam_mice.group_mice_user",
            name="Élise Planner",
            tz="Europe/Brussels",
        )
        # a venue six hours behind the planner: times in her zone (or UTC) would show
        montreal = cls.env["res.partner"].create(
            {"name": "Palais des congrès de Montréal", "is_company": True, "tz": "America/Toronto"}
        )
        cls.congress_centre = cls.env["mice.venue"].create(
            {"name": "Palais des congrès de Montréal", "partner_id": montreal.id}
        )
        cls.hall = cls.env["mice.space"].create(
            {
                "name": "Hall Bonaventure",
                "venue_id": cls.congress_centre.id,
                "capacity_theatre": 500,
                "capacity_banquet": 300,
                "setup_hours": 3.0,
                "teardown_hours": 2.0,
            }
        )
        cls.event = cls._create_request(
            title="Sommet des ventes",
            date_start=date(2031, 6, 10),
            date_end=date(2031, 6, 11),
            attendees_expected=162,
            user_id=cls.planner.id,
            dietary_needs="Vegetarian: 12\nGluten free: 3\nNut allergy: 1 (Mr Smith)",
        )
        line = {"request_id": cls.event.id, "date": date(2031, 6, 10)}
        cls.plenary, cls.lunch, cls.coffee, cls.dinner, cls.interpreting = cls.env[
            "mice.programme.line"
        ].create(
            [
                {
                    **line,
                    "time_start": 8.0,
                    "time_end": 18.0,
                    "item_type": "meeting",
                    "name": "Plenary",
                    "space_id": cls.hall.id,
                    "product_id": cls.product_meeting_package.id,
                },
                {
                    **line,
                    "time_start": 12.5,
                    "time_end": 14.0,
                    "item_type": "catering",
                    "name": "Seated lunch",
                    "menu": "Pea soup, maple salmon, blueberry pie",
                },
                {
                    **line,
                    "time_start": 10.5,
                    "time_end": 11.0,
                    "item_type": "catering",
                    "name": "VIP coffee break",
                    "quantity_basis": "unit",
                    "unit_quantity": 40,
                },
                {
                    **line,
                    "time_start": 20.0,
                    "time_end": 23.5,
                    "item_type": "catering",
                    "name": "Closing dinner",
                    "space_id": cls.hall.id,
                    "menu": "Poutine bar",
                },
                {
                    **line,
                    "time_start": 9.0,
                    "time_end": 11.5,
                    "item_type": "av",
                    "name": "Interpreting",
                    "quantity_basis": "unit",
                    "unit_quantity": 2.5,
                },
            ]
        )
        # Montreal is UTC-4 in June: the plenary 08:00-18:00 local, its tear-down is the dinner's
        # set-up (18:00-20:00), the dinner 20:00-23:30 local is on the next day in UTC
        cls._book(
            cls.event,
            cls.hall,
            datetime(2031, 6, 10, 12, 0),
            datetime(2031, 6, 10, 22, 0),
            attendees=162,
            teardown_hours=0.0,
        )
        cls._book(
            cls.event,
            cls.hall,
            datetime(2031, 6, 11, 0, 0),
            datetime(2031, 6, 11, 3, 30),
            attendees=150,
            layout="banquet",
            setup_hours=2.0,
        )

    def _event_order_text(self, mode="-raw"):
        return pdf_text(self.env, "kam_mice.action_report_mice_event_order", self.event, mode)

    def test_covers_are_people_served(self):
        self.assertEqual(self.congress_centre.tz, "America/Toronto", "the venue takes its address's zone")
        # per person: the priced attendees; per unit: the units; not catering: none
        self.assertEqual((self.lunch.covers, self.dinner.covers, self.coffee.covers), (162, 162, 40))
        self.assertEqual(self.plenary.covers, 0)

    def test_event_order_for_operations(self):
        text = one_line(self._event_order_text())
        name = self.event.name
        # one day in the venue's calendar: the dinner, on June 11 in UTC, is on June 10's page
        self.assertIn(f"Event Order {name} - 06/10/2031", text)
        self.assertNotIn(f"Event Order {name} - 06/11/2031", text)
        self.assertIn("Event Manager: Élise Planner", text)
        self.assertIn("Attendees: 162", text)
        self.assertIn("Venue: Palais des congrès de Montréal", text)

        # set-up timeline, in Montreal's time: set-up from, event, tear-down until (next day: dated)
        self.assertIn("Hall Bonaventure Theatre 162 05:00 08:00 - 18:00 18:00", text)
        self.assertIn("Hall Bonaventure Banquet 150 18:00 20:00 - 23:30 06/11/2031 01:30", text)
        self.assertIn("Local time: America/Toronto", text)
        self.assertNotIn("12:00 - 22:00", text)  # UTC
        self.assertNotIn("14:00 - 00:00", text)  # the planner's Brussels time

        # food and beverage, by time: time, service, space, covers, menu
        services = text[text.index("Food and Beverage") : text.index("Programme")]
        self.assertIn("10:30 - 11:00 VIP coffee break 40", services)
        self.assertIn("12:30 - 14:00 Seated lunch 162 Pea soup, maple salmon, blueberry pie", services)
        self.assertIn("20:00 - 23:30 Closing dinner Hall Bonaventure 162 Poutine bar", services)
        self.assertNotIn("Plenary", services)
        self.assertIn("Dietary Needs: Vegetarian: 12 Gluten free: 3 Nut allergy: 1 (Mr Smith)", services)

        # programme quantities: people and whole units without decimals, a fraction kept
        self.assertIn("08:00 - 18:00 Meeting Plenary Hall Bonaventure 162", text)
        self.assertIn("09:00 - 11:30 Audio-visual Interpreting 2.50", text)
        self.assertNotRegex(text, r"\b162\.00\b|\b40\.00\b")

        # sign-off, after everything else
        sign_off = text[text.index("Sign-off") :]
        self.assertIn("Client Acme Industries Alice Acme Client signature:", sign_off)
        self.assertIn("Venue / Event Manager Palais des congrès de Montréal Élise Planner", sign_off)
        self.assertIn("Event manager signature:", sign_off)
        self.assertEqual(sign_off.count("Date:"), 2)

    def test_event_order_names_no_system_user(self):
        """A request created by the system (OdooBot) has no event manager to print."""
        self.event.user_id = self.env.ref("base.user_root")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("kam_mice.action_report_mice_event_order", self.event.ids)[0]
            .decode()
        )
        self.assertNotIn("OdooBot", html)
        self.assertRegex(html, r"Event Manager:</strong>\s*</div>")
