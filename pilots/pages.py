"""Panels on the pilot page contributed by the apps above pilots (see praktijkleren/panels.py).
A provider is called as `provider(pilot=..., user=...)` and returns template context."""

from praktijkleren.panels import Panels

pilot_page = Panels("pilot_page")
