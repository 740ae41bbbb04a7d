from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMiceEventType(TransactionCase):
    def test_sub_types_show_their_type(self):
        seminar = self.env.ref("kam_mice.mice_event_type_seminar")
        self.assertEqual(seminar.complete_name, "Meeting / Seminar")
        self.assertIn(
            seminar, self.env["mice.event.type"].search([("complete_name", "ilike", "meeting / sem")])
        )

    def test_a_type_cannot_be_its_own_sub_type(self):
        meeting = self.env.ref("kam_mice.mice_event_type_meeting")
        seminar = self.env.ref("kam_mice.mice_event_type_seminar")
        with self.assertRaisesRegex(ValidationError, "its own sub-type"):
            meeting.parent_id = seminar
        with self.assertRaisesRegex(ValidationError, "its own sub-type"):
            meeting.parent_id = meeting

    def test_users_read_managers_configure(self):
        user = new_test_user(self.env, "mice_type_user", groups="kam_mice.group_mice_user")
        manager = new_test_user(self.env, "mice_type_manager", groups="kam_mice.group_mice_manager")
        self.assertTrue(self.env["mice.event.type"].with_user(user).search([]))
        with self.assertRaises(AccessError):
            self.env["mice.event.type"].with_user(user).create({"name": "Roadshow"})
        roadshow = (
            self.env["mice.event.type"]
            .with_user(manager)
            .create({"name": "Roadshow", "parent_id": self.env.ref("kam_mice.mice_event_type_event").id})
        )
        self.assertEqual(roadshow.complete_name, "Event / Roadshow")
