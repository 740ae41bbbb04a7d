from . import kam_account_report
