from . import test_mice_event_type
from . import test_mice_request
from . import test_mice_quotation
from . import test_mice_deposit
from . import test_mice_booking
from . import test_mice_booking_concurrency
from . import test_mice_security
from . import test_mice_tour
