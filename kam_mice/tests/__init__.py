from . import test_mice_event_type
