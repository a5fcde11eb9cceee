"""The codes of the demo's two reporting cycles as the tests load it, relative to today
(seed/demo_cycles.py): the one closed and consolidated, and the one open now."""

import datetime as dt

from seed.demo_cycles import cycle_specs

_closed, _open = cycle_specs(dt.datetime.now(dt.UTC).date())
CLOSED_CYCLE: str = _closed.code
OPEN_CYCLE: str = _open.code
