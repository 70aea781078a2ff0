"""Pages composed from several apps without a lower app importing a higher one.

A page of a lower app (the pilot page, the dossier, the traject page) declares a `Panels`
registry; the apps above it register context providers in their `AppConfig.ready()`. The page
merges what they return into its template context. The other registries follow the same idea
with their own small interface: the privacy registry (`deelnemers.privacy.registreer_privacy`),
the start conditions of a traject (`trajecten.pages`) and the signing adapters
(`ondertekening.adapters`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[..., dict[str, Any]]


class Panels:
    def __init__(self, name: str) -> None:
        self.name = name
        self._providers: dict[str, Provider] = {}

    def register(self, key: str, provider: Provider) -> None:
        """Register (or replace, so a reload is harmless) the provider named `key`."""
        self._providers[key] = provider

    def context(self, **kwargs: Any) -> dict[str, Any]:
        ctx: dict[str, Any] = {}
        for provider in self._providers.values():
            ctx.update(provider(**kwargs))
        return ctx

    def __iter__(self) -> Any:
        return iter(self._providers.items())
