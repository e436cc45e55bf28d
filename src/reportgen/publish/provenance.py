"""Where a document came from: the record every output file carries in its properties.

Input: the plan, the render options, the document request and the script it is written in.
Output: a `Provenance` — the generator and its version, the plan folder's name, the document
(kind, year, unit, number, date) and script, whether sample progress data fed it, and the
sha256 of each input file with one fingerprint over them — as a flat mapping of strings that
the PDF's XMP, the DOCX's custom properties and the web page's <meta> elements hold, and back.

Only what makes the document's content is hashed: the plan's YAML files, the progress files
up to the document's year, the templates, the layout profile and the request. Nothing of the
machine is (no font file paths or modification times, no library versions), so the same
inputs give the same bytes everywhere; the generator's version is recorded beside the hash.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..writers.files import GENERATOR

if TYPE_CHECKING:
    from ..core import DocumentRequest, Options
    from ..plan.model import Plan, Script

PROPERTY_PREFIX = "reportgen-"
"""Every provenance property's name starts with this (DOCX custom properties, <meta> names)."""

FIELDS = (
    "generator",
    "version",
    "plan",
    "document",
    "script",
    "sample",
    "inputs-sha256",
    "inputs",
)
"""The properties of a provenance record, in the order they are written."""

_MACHINE_INPUTS = ("program", "fonts", "options")
"""Run-manifest inputs left out: the program and font hashes depend on the machine, and the
manifest's options name every format of a run; `document` stands for the options instead."""


@dataclass(frozen=True)
class Provenance:
    """What made one document: program, plan, document, script, sample data and inputs."""

    generator: str
    version: str
    plan: str
    document: dict[str, Any]
    script: str
    sample: bool
    inputs: dict[str, str]

    @property
    def fingerprint(self) -> str:
        """One sha256 over the named input hashes."""
        lines = "\n".join(f"{name} {self.inputs[name]}" for name in sorted(self.inputs))
        return hashlib.sha256(lines.encode("utf-8")).hexdigest()

    def properties(self) -> dict[str, str]:
        """The record as property name (without `PROPERTY_PREFIX`) → text, in `FIELDS` order."""
        return {
            "generator": self.generator,
            "version": self.version,
            "plan": self.plan,
            "document": _compact_json(self.document),
            "script": self.script,
            "sample": "true" if self.sample else "false",
            "inputs-sha256": self.fingerprint,
            "inputs": _compact_json(dict(sorted(self.inputs.items()))),
        }

    @classmethod
    def from_properties(cls, values: Mapping[str, str]) -> Provenance:
        """The record from its properties; ValueError naming what is missing or malformed."""
        missing = [name for name in FIELDS if name not in values]
        if missing:
            raise ValueError(f"no provenance property {', '.join(missing)}")
        try:
            document = json.loads(values["document"])
            inputs = json.loads(values["inputs"])
        except json.JSONDecodeError as exc:
            raise ValueError(f"a provenance property is not valid JSON: {exc}") from None
        if not isinstance(document, dict) or not isinstance(inputs, dict):
            raise ValueError("provenance properties document and inputs must be JSON objects")
        if values["sample"] not in ("true", "false"):
            raise ValueError(f"provenance property sample is {values['sample']!r}")
        record = cls(
            generator=values["generator"],
            version=values["version"],
            plan=values["plan"],
            document=document,
            script=values["script"],
            sample=values["sample"] == "true",
            inputs={str(k): str(v) for k, v in inputs.items()},
        )
        if record.fingerprint != values["inputs-sha256"]:
            raise ValueError("provenance inputs-sha256 does not match its list of inputs")
        return record


def _compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def document_provenance(
    plan: Plan, options: Options, request: DocumentRequest, script: Script
) -> Provenance:
    """The provenance of `request`'s document built from `plan` with `options`."""
    from ..batch.manifest import InputHasher
    from ..core import request_to_json

    hasher = InputHasher(plan, dataclasses.replace(options, formats=()))
    inputs = {
        name: digest
        for name, digest in hasher.inputs(request).items()
        if name not in _MACHINE_INPUTS
    }
    document = request_to_json(request)
    return Provenance(
        generator=GENERATOR,
        version=__version__,
        plan=plan.directory.resolve().name,
        document={key: value for key, value in document.items() if value is not None},
        script=script,
        sample=_from_sample_data(plan, request),
        inputs=inputs,
    )


def _from_sample_data(plan: Plan, request: DocumentRequest) -> bool:
    """Whether a progress file the document reads (up to its year) is marked as sample data."""
    if request.year is None:
        return False
    from ..cache import cached_progress

    reports = cached_progress(plan, request.year)
    return any(report.sample for year, report in reports.items() if year <= request.year)
