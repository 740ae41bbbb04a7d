from . import test_kam_tier
from . import test_kam_tour
from . import test_key_account
from . import test_key_account_figures
from . import test_key_account_performance
from . import test_key_account_security
from . import test_account_plan
