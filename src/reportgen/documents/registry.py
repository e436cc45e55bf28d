"""The kinds of document: every module of this package that declares `KIND`.

Adding a kind is adding one module here (with its `KIND`), one template and its wording
defaults; the pipeline, batch, the font check and the `render` commands all read this registry.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from .kind import DocumentKind


@functools.cache
def document_kinds() -> dict[str, DocumentKind]:
    """Every registered kind by name, in the kinds' declared order."""
    package = __name__.rpartition(".")[0]
    found: list[DocumentKind] = []
    for module in pkgutil.iter_modules(importlib.import_module(package).__path__):
        kind = getattr(importlib.import_module(f"{package}.{module.name}"), "KIND", None)
        if isinstance(kind, DocumentKind):
            found.append(kind)
    found.sort(key=lambda kind: (kind.order, kind.name))
    names = [kind.name for kind in found]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise RuntimeError(f"document kinds declared twice: {', '.join(duplicates)}")
    return {kind.name: kind for kind in found}
