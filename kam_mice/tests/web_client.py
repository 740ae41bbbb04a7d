"""The web client's side of the wire, for HttpCase probes: log in, then call as the browser does."""

import json
import re

from odoo.tests import get_db_name
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, Opener


class WebClient:
    """Mixed into an HttpCase: ``_login`` as a user (password = login, as ``new_test_user`` sets
    it), then ``_call`` a model's method through ``/web/dataset/call_kw``."""

    def _login(self, login):
        # a browser without cookies: the server hands out the session cookie, as to the web client
        self.opener = Opener(self.cr)
        self.opener.cookies[TEST_CURSOR_COOKIE_NAME] = self.http_request_key
        result = self._jsonrpc(
            "/web/session/authenticate", {"db": get_db_name(), "login": login, "password": login}
        )
        self.assertEqual(result.get("result", {}).get("username"), login, result)
        # the web client posts forms (CSV export) with the CSRF token its page carries
        page = self.url_open("/odoo").text
        self.csrf_token = re.search(r'csrf_token: "(\w+)"', page)[1]

    def _jsonrpc(self, route, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
        response = self.url_open(route, data=body, headers={"Content-Type": "application/json"})
        self.last_body = response.text
        return response.json()

    def _call(self, model, method, *args, **kwargs):
        return self._jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
