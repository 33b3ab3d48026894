"""The ledger's names, from providers the record apps register (as they register record types)."""

from collections.abc import Callable, Iterable

_providers: list[Callable[[], Iterable[str]]] = []


def register_names_provider(provider: Callable[[], Iterable[str]]) -> Callable[[], Iterable[str]]:
    """Add a callable returning names the proofreader must know (units, programmes, titles …); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def ledger_names() -> list[str]:
    """Every registered provider's names, trimmed, without blanks and duplicates, in the providers' order."""
    names = (name.strip() for provider in _providers for name in provider() if name)
    return [name for name in dict.fromkeys(names) if name]
