from . import kam_candidate_flag
