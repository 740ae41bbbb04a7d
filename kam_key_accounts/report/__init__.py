from . import kam_account_report
from . import kam_candidate
from . import kam_white_space
