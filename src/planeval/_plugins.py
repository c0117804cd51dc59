"""Entry-point plugin groups: found without importing them, loaded one at a time.

A group's entry points are listed from the installed metadata, which imports
no plugin. planeval's own entry points (with a fallback for a source checkout
without metadata) are kept apart from third parties', so that looking up a
built-in never imports a third party's module: a plugin that hangs, exits or
breaks at import affects only the requests that need it. Each entry point is
loaded at most once until :meth:`PluginGroup.forget`.

A :class:`Registry` turns a group's entry points into the plugins of one
kind (a :class:`PluginKind`: exporters, readers of plan files): each is
checked, a name already taken makes a later one broken, and the broken ones
are kept with the reason, so that one plugin's fault never breaks the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import attrs

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "OWN_DISTRIBUTION",
    "BrokenPlugin",
    "Found",
    "Named",
    "PluginGroup",
    "PluginKind",
    "PluginLoadError",
    "Registry",
    "contained",
]

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


_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


@attrs.frozen(kw_only=True)
class PluginKind:
    """What a plugin of one kind provides, to check a loaded entry point against.

    ``article`` names the kind in messages (``an exporter``); ``field`` is
    the keyword its registry entry takes it by (``exporter``); ``protocol`` is
    its runtime-checkable protocol, whose ``attributes`` are listed when one
    is missing; ``method`` is the one it is called through; ``sequences``
    are its attributes that hold tuples of strings (``extensions`` among them).
    """

    article: str
    field: str
    protocol: type
    attributes: tuple[str, ...]
    method: str
    sequences: tuple[str, ...]

    def problem_with(self, candidate: object, entry_name: str) -> str | None:
        """Say what makes ``candidate`` not a valid plugin of this kind, or None when it is one."""
        if not isinstance(candidate, self.protocol):
            missing = [name for name in self.attributes if not hasattr(candidate, name)]
            return f"not {self.article}: it has no {', '.join(missing)}"
        if not callable(getattr(candidate, self.method)):
            return f"not {self.article}: {self.method} is not callable"
        name = getattr(candidate, "name")  # noqa: B009 - the protocol is not known statically
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            return f"invalid name {name!r}: use lower-case letters, digits, - and _"
        if name != entry_name:
            return f"its name {name!r} differs from its entry point's {entry_name!r}"
        for attribute in self.sequences:
            values = getattr(candidate, attribute)
            if not isinstance(values, tuple | list) or not all(isinstance(v, str) for v in values):
                return f"{attribute} must be a tuple of strings"
        extensions: tuple[str, ...] = getattr(candidate, "extensions")  # noqa: B009
        if not extensions:
            return "it declares no file extension"
        bad = [ext for ext in extensions if not ext.startswith(".") or len(ext) < 2]
        if bad:
            return f"extensions must start with a dot: {', '.join(map(repr, bad))}"
        if not isinstance(getattr(candidate, "description"), str):  # noqa: B009
            return "description must be a string"
        return None


@attrs.frozen(kw_only=True)
class BrokenPlugin:
    """An entry point that could not be used as a plugin of its kind, and why."""

    name: str
    value: str
    distribution: str
    reason: str


class Named:
    """What a registry entry tells of its plugin (``plugin``): its name and file endings.

    A registry's entry class (an attrs class with a ``distribution``) derives
    from it and says where its plugin is kept.
    """

    __slots__ = ()

    distribution: str

    @property
    def plugin(self) -> Any:
        """The plugin itself."""
        raise NotImplementedError

    @property
    def name(self) -> str:
        """The plugin's name."""
        return str(self.plugin.name)

    @property
    def extensions(self) -> tuple[str, ...]:
        """The file endings the plugin handles."""
        return tuple(self.plugin.extensions)

    @property
    def builtin(self) -> bool:
        """Whether planeval itself provides the plugin."""
        return self.distribution == OWN_DISTRIBUTION


class Entry(Protocol):
    """What a registry keeps of a usable plugin: its names, endings and distribution."""

    @property
    def name(self) -> str: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...

    @property
    def distribution(self) -> str: ...


E = TypeVar("E", bound=Entry)
B = TypeVar("B", bound=BrokenPlugin)


@attrs.frozen
class Found(Generic[E, B]):
    """The usable plugins of one scope, in order, and the broken ones."""

    entries: tuple[E, ...]
    broken: tuple[B, ...]


class Registry(Generic[E, B]):
    """The plugins of one kind in the entry-point ``group``, planeval's own being ``builtins``.

    ``entry`` wraps a valid plugin, ``broken`` a failure (see :class:`PluginGroup`
    for ``group`` and ``builtins``).

    ``entry`` is called with the plugin (by the kind's ``field``) and its
    ``distribution``; ``broken`` with the entry point's ``name``, ``value``
    and ``distribution`` and the ``reason``.

    Scopes: ``own`` loads no third party's entry point; ``all`` loads every
    one; ``name:NAME`` loads only the third-party entry points named NAME. A
    name or alias taken by an earlier plugin (planeval's own first, then by
    distribution and name) makes a later one broken. Each scope is built once
    until :meth:`refresh`.
    """

    def __init__(
        self,
        group: str,
        builtins: Mapping[str, str],
        kind: PluginKind,
        entry: Callable[..., E],
        broken: Callable[..., B],
    ) -> None:
        self.group = PluginGroup(group, builtins)
        self.kind = kind
        self._entry = entry
        self._broken = broken
        self._scopes: dict[str, Found[E, B]] = {}

    def scoped(self, scope: str = "all") -> Found[E, B]:
        """The plugins of ``scope`` (see the class)."""
        if scope not in self._scopes:
            others = self.group.third_party()
            if scope == "own":
                others = []
            elif scope.startswith("name:"):
                others = [ep for ep in others if ep.name.casefold() == scope[5:]]
            self._scopes[scope] = self._build([*self.group.own(), *others])
        return self._scopes[scope]

    def refresh(self) -> None:
        """Forget the plugins found so far; the next look-up scans the entry points again."""
        self._scopes.clear()
        self.group.forget()

    def available(self) -> tuple[E, ...]:
        """Return every usable plugin: planeval's own first, then the third parties'.

        This loads every plugin's entry point; :meth:`builtin` loads none.
        """
        return self.scoped().entries

    def builtin(self) -> tuple[E, ...]:
        """Return the plugins planeval itself provides, loading no third party's entry point."""
        return self.scoped("own").entries

    def broken(self) -> tuple[B, ...]:
        """Return the entry points that could not be used, with the reasons."""
        return self.scoped().broken

    def by_extension(self, file_name: str) -> E | None:
        """The first plugin with an ending of ``file_name`` (case-folded): planeval's own first."""
        for scope in ("own", "all"):
            for entry in self.scoped(scope).entries:
                if any(file_name.endswith(ext.casefold()) for ext in entry.extensions):
                    return entry
        return None

    def by_name(self, wanted: str) -> E | B | None:
        """The plugin named or aliased ``wanted`` (case-folded), or the broken one of that name.

        planeval's own first; then the third-party entry point of that name;
        then every plugin, for aliases.
        """
        for scope in ("own", f"name:{wanted}", "all"):
            found = self.scoped(scope)
            for entry in found.entries:
                if wanted in (name.casefold() for name in (entry.name, *entry.aliases)):
                    return entry
            failed = next((b for b in found.broken if b.name.casefold() == wanted), None)
            if failed is not None:
                return failed
        return None

    def _load(self, entry_point: EntryPoint) -> object:
        """Load one entry point: the plugin, or why it cannot be used."""
        try:
            candidate = self.group.load(entry_point)
        except PluginLoadError as failure:
            return _Unusable(str(failure))
        try:
            problem = self.kind.problem_with(candidate, entry_point.name)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # reading its attributes runs its code too
            return _Unusable(f"not {self.kind.article}: {contained(error)}")
        return candidate if problem is None else _Unusable(problem)

    def _build(self, entry_points: Iterable[EntryPoint]) -> Found[E, B]:
        registered: list[E] = []
        failed: list[B] = []
        taken: dict[str, E] = {}
        for entry_point in entry_points:
            distribution = self.group.distribution(entry_point)
            loaded = self._load(entry_point)
            if not isinstance(loaded, _Unusable):
                entry = self._entry(**{self.kind.field: loaded}, distribution=distribution)
                names = [entry.name, *entry.aliases]
                clash = next((taken[n.casefold()] for n in names if n.casefold() in taken), None)
                if clash is None:
                    registered.append(entry)
                    taken.update((n.casefold(), entry) for n in names)
                    continue
                loaded = _Unusable(f"its names clash with {clash.name!r} from {clash.distribution}")
            failed.append(
                self._broken(
                    name=entry_point.name,
                    value=entry_point.value,
                    distribution=distribution,
                    reason=loaded.reason,
                )
            )
        return Found(tuple(registered), tuple(failed))


@attrs.frozen
class _Unusable:
    """Why an entry point cannot be used."""

    reason: str
