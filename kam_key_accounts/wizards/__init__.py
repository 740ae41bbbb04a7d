from . import kam_candidate_flag
from . import kam_handover
from . import kam_pay_statement_generate
from . import kam_subsidiary_attach
