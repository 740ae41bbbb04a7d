from . import test_kam_tier
from . import test_kam_tour
