from . import mice_request_lost
from . import mice_availability
from . import mice_availability_line
