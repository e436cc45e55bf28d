"""reportgen: official Chinese government documents (GB/T 9704) from plan data in YAML.

The public API, imported on first use so that `import reportgen` stays light:

- `load_plan(folder)` reads and validates a plan folder (a `DataError` lists every problem);
- `render_document(request, options)` builds one document (`DocumentRequest`: its kind and,
  as the kind needs them, year, unit, number and date) in the formats `options` asks for and
  returns its `DocumentResult`;
- `run_batch(options)` builds every document of a plan, incrementally, and returns the
  `BatchReport`;
- `Options` are the options of both, as the command line has them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .batch.report import BatchReport
    from .batch.runner import run_batch
    from .build import render_document
    from .core import DocumentRequest, DocumentResult, Options
    from .plan.loader import load_plan

_PUBLIC = {
    "load_plan": "reportgen.plan.loader",
    "render_document": "reportgen.build",
    "run_batch": "reportgen.batch.runner",
    "BatchReport": "reportgen.batch.report",
    "DocumentRequest": "reportgen.core",
    "DocumentResult": "reportgen.core",
    "Options": "reportgen.core",
}

__all__ = [
    "BatchReport",
    "DocumentRequest",
    "DocumentResult",
    "Options",
    "__version__",
    "load_plan",
    "render_document",
    "run_batch",
]


def __getattr__(name: str) -> Any:
    """The public API's names, each imported from its module when first used."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
