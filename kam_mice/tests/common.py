from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class MiceCommon(TransactionCase):
    """Shared fixtures: a client, products per basis, a venue with a ballroom made of three sections."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        cls.company = cls.env.company
        cls.mice_user = new_test_user(
            cls.env, "mice_user", groups="kam_mice.group_mice_user", name="Mia User", email="mia@example.com"
        )
        cls.mice_manager = new_test_user(
            cls.env, "mice_manager", groups="kam_mice.group_mice_manager", name="Max Manager"
        )
        cls.client = cls.env["res.partner"].create({"name": "Acme Industries", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Alice Acme", "parent_id": cls.client.id, "email": "alice@acme.example"}
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "MICE test", "currency_id": cls.company.currency_id.id, "company_id": cls.company.id}
        )
        product = cls.env["product.product"]
        service = {"type": "service", "invoice_policy": "order", "taxes_id": [Command.clear()]}
        cls.product_meeting_package = product.create(
            {**service, "name": "Day delegate package", "list_price": 60.0, "standard_price": 35.0}
        )
        cls.product_room = product.create(
            {**service, "name": "Hotel room night", "list_price": 120.0, "standard_price": 90.0}
        )
        cls.product_av = product.create({**service, "name": "Video projector", "list_price": 150.0})
        cls.product_gala = product.create({**service, "name": "Gala show", "list_price": 2000.0})
        cls.meeting = cls.env.ref("kam_mice.mice_event_type_meeting")
        cls.seminar = cls.env.ref("kam_mice.mice_event_type_seminar")
        cls.venue = cls.env["mice.venue"].create({"name": "Grand Hotel", "company_id": cls.company.id})
        cls.sections = cls.env["mice.space"].create(
            [
                {
                    "name": f"Section {letter}",
                    "venue_id": cls.venue.id,
                    "capacity_theatre": 100,
                    "capacity_banquet": 60,
                    "setup_hours": 0.0,
                    "teardown_hours": 0.0,
                }
                for letter in "ABC"
            ]
        )
        cls.ballroom = cls.env["mice.space"].create(
            {
                "name": "Ballroom",
                "venue_id": cls.venue.id,
                "capacity_theatre": 300,
                "capacity_banquet": 180,
                "section_ids": [Command.set(cls.sections.ids)],
                "setup_hours": 0.0,
                "teardown_hours": 0.0,
            }
        )
        cls.boardroom = cls.env["mice.space"].create(
            {"name": "Boardroom", "venue_id": cls.venue.id, "capacity_boardroom": 12, "capacity_theatre": 20}
        )

    @classmethod
    def _create_request(cls, **values):
        vals = {
            "title": "Sales kick-off",
            "partner_id": cls.client.id,
            "contact_id": cls.contact.id,
            "event_type_id": cls.meeting.id,
            "event_subtype_id": cls.seminar.id,
            "date_start": date(2030, 3, 10),
            "date_end": date(2030, 3, 12),
            "attendees_expected": 40,
            "pricelist_id": cls.pricelist.id,
        }
        vals.update(values)
        return cls.env["mice.request"].create(vals)

    @classmethod
    def _add_programme(cls, request):
        """Two days of items, one of each quantity basis."""
        start = request.date_start
        return cls.env["mice.programme.line"].create(
            [
                {
                    "request_id": request.id,
                    "date": start,
                    "time_start": 9.0,
                    "time_end": 17.0,
                    "item_type": "meeting",
                    "name": "Plenary session",
                    "product_id": cls.product_meeting_package.id,
                    "quantity_basis": "person",
                },
                {
                    "request_id": request.id,
                    "date": start,
                    "item_type": "accommodation",
                    "name": "Rooms",
                    "product_id": cls.product_room.id,
                    "quantity_basis": "person_night",
                },
                {
                    "request_id": request.id,
                    "date": start,
                    "item_type": "av",
                    "name": "Projectors",
                    "product_id": cls.product_av.id,
                    "quantity_basis": "unit",
                    "unit_quantity": 3,
                },
                {
                    "request_id": request.id,
                    "date": date.fromordinal(start.toordinal() + 1),
                    "time_start": 20.0,
                    "time_end": 23.5,
                    "item_type": "activity",
                    "name": "Gala evening",
                    "product_id": cls.product_gala.id,
                    "quantity_basis": "flat",
                },
            ]
        )

    @classmethod
    def _book(cls, request, space, start, end, **values):
        vals = {
            "request_id": request.id,
            "space_id": space.id,
            "date_start": start,
            "date_end": end,
            "attendees": 50,
            "layout": "theatre",
            "state": "confirmed",
        }
        vals.update(values)
        return cls.env["mice.booking"].create(vals)

    @staticmethod
    def _dt(day, hour):
        return datetime(2030, 3, day, hour)
