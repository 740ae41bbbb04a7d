from . import mice_request_lost
