from . import test_mice_event_type
from . import test_mice_request
from . import test_mice_quotation
