"""Entry-point plugin groups: found without importing them, loaded one at a time.

A group's entry points are listed from the installed metadata, which imports
no plugin. planeval's own entry points (with a fallback for a source checkout
without metadata) are kept apart from third parties', so that looking up a
built-in never imports a third party's module: a plugin that hangs, exits or
breaks at import affects only the requests that need it. Each entry point is
loaded at most once until :meth:`PluginGroup.forget`. Any group — exporters
today, readers of plan files tomorrow — gets this by making a
:class:`PluginGroup`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["OWN_DISTRIBUTION", "PluginGroup", "PluginLoadError", "contained"]

#: The distribution planeval's own plugins come from.
OWN_DISTRIBUTION = "planeval"


class PluginLoadError(Exception):
    """A plugin's code failed; the message says how, without a traceback."""


def contained(error: BaseException) -> PluginLoadError:
    """Describe what a plugin raised as a :class:`PluginLoadError`.

    Call it from ``except BaseException`` after re-raising
    :class:`KeyboardInterrupt`: a plugin's ``SystemExit`` or
    ``GeneratorExit`` must not end planeval, but Ctrl-C must.
    """
    detail = str(error)
    return PluginLoadError(f"{type(error).__name__}: {detail}" if detail else type(error).__name__)


class PluginGroup:
    """One entry-point group, with planeval's own entry points as ``builtins`` (name → value)."""

    def __init__(self, group: str, builtins: Mapping[str, str]) -> None:
        self.group = group
        self.builtins = dict(builtins)
        self._found: tuple[list[EntryPoint], list[EntryPoint]] | None = None
        self._loaded: dict[tuple[str, str, str], object | PluginLoadError] = {}

    def distribution(self, entry_point: EntryPoint) -> str:
        """The name of the distribution ``entry_point`` comes from."""
        if entry_point.dist is not None:
            return entry_point.dist.name
        # Only the fallback for planeval's own makes entry points without a distribution.
        if self.builtins.get(entry_point.name) == entry_point.value:
            return OWN_DISTRIBUTION
        return "unknown"

    def _scan(self) -> tuple[list[EntryPoint], list[EntryPoint]]:
        if self._found is None:
            # Imported here: importlib.metadata costs more than all of planeval's import.
            from importlib.metadata import EntryPoint, entry_points

            unique = {
                (ep.name, ep.value, self.distribution(ep)): ep
                for ep in entry_points(group=self.group)
            }
            # Sorted by distribution and name, so that a clash always resolves the same way.
            found = sorted(unique.values(), key=lambda ep: (self.distribution(ep), ep.name))
            own = [ep for ep in found if self.distribution(ep) == OWN_DISTRIBUTION]
            if not own:
                own = [
                    EntryPoint(name=name, value=value, group=self.group)
                    for name, value in sorted(self.builtins.items())
                ]
            others = [ep for ep in found if self.distribution(ep) != OWN_DISTRIBUTION]
            self._found = (own, others)
        return self._found

    def own(self) -> list[EntryPoint]:
        """Return planeval's own entry points, sorted by name."""
        return list(self._scan()[0])

    def third_party(self) -> list[EntryPoint]:
        """Every other distribution's entry points, sorted by distribution and name."""
        return list(self._scan()[1])

    def load(self, entry_point: EntryPoint) -> object:
        """Import ``entry_point``'s object; a class is instantiated with no arguments.

        Raises :class:`PluginLoadError` for anything the plugin raises at
        import or instantiation but :class:`KeyboardInterrupt`, which goes
        through. The result (or failure) is kept until :meth:`forget`.
        """
        key = (entry_point.name, entry_point.value, self.distribution(entry_point))
        if key not in self._loaded:
            self._loaded[key] = _import(entry_point)
        loaded = self._loaded[key]
        if isinstance(loaded, PluginLoadError):
            raise loaded
        return loaded

    def forget(self) -> None:
        """Forget the entry points found and loaded; the next look-up scans again."""
        self._found = None
        self._loaded.clear()


def _import(entry_point: EntryPoint) -> object:
    try:
        loaded = entry_point.load()
        return loaded() if isinstance(loaded, type) else loaded
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a plugin's SystemExit must not end planeval
        return PluginLoadError(f"failed to load: {contained(error)}")
