from odoo import models


class KamDashboard(models.AbstractModel):
    """Options about to expire on the KAM's MICE requests among the dashboard's next deadlines."""

    _inherit = "kam.dashboard"

    def _deadline_sources(self, today, horizon):
        return [
            *super()._deadline_sources(today, horizon),
            (
                "mice.booking",
                [
                    ("request_id.key_account_id.key_account_manager_id", "=", self.env.uid),
                    ("state", "=", "option"),
                    ("option_expiry", ">=", today),
                    ("option_expiry", "<=", horizon),
                ],
                "option_expiry",
                self.env._("Option expiry"),
            ),
        ]
