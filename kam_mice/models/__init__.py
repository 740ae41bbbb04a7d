from . import mice_event_type
