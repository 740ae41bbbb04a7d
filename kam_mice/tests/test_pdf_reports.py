import subprocess

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPdfReports(TransactionCase):
    """The account plan and the event order print as real PDFs (Debian's wkhtmltopdf), read back as
    text with pdftotext."""

    def _pdf_text(self, report, records):
        # Odoo renders HTML instead of a PDF in tests unless asked to
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = Report._render_qweb_pdf(report, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), pdf[:60])
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        )
        return result.stdout.decode()

    def test_the_account_plan_prints(self):
        plan = self.env["kam.account.plan"].search([], limit=1)
        self.assertTrue(plan, "the demo data has account plans")
        text = self._pdf_text("kam_key_accounts.kam_account_plan_report_action", plan)
        self.assertIn(plan.name, text)
        self.assertIn(plan.partner_id.name, text)
        # amounts in the company's currency, counts as whole numbers: not "15,000.0" nor "2.0"
        self.assertRegex(text, r"\$ \d{1,3}(,\d{3})*\.\d\d")
        self.assertNotRegex(text, r"\d\.0\b")

    def test_the_event_order_prints(self):
        request = self.env["mice.request"].search([("booking_ids", "!=", False)], limit=1)
        self.assertTrue(request, "the demo data has requests with bookings")
        text = self._pdf_text("kam_mice.action_report_mice_event_order", request)
        self.assertIn(request.name, text)
        self.assertIn(request.booking_ids[0].space_id.name, text)
