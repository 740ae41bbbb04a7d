from . import kam_tier
from . import kam_team_role
from . import kam_team_member
from . import res_partner
from . import crm_lead
from . import sale_order
from . import account_move
