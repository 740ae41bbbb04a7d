from . import kam_tier
