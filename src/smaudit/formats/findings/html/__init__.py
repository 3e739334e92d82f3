"""One self-contained HTML report for people: no network, no script, accessible, printable."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from smaudit.formats.findings.html.view import build
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Report

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE = "report.html.j2"


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    from markupsafe import Markup  # with Jinja2, imported by the runs that write HTML only

    css = stylesheet()
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            view=build(report, options),
            css=Markup(css),  # our own file, shipped with the package: not a value from any input
            csp=content_security_policy(css),
        )
    )


@cache
def stylesheet() -> str:
    text = files(__name__).joinpath("style.css").read_text("utf-8")
    if "</" in text:  # would end the <style> element early
        raise AssertionError("style.css holds '</'")
    return text


def content_security_policy(css: str) -> str:
    """Nothing may be fetched, run or submitted; the one inline stylesheet is allowed by its
    hash, so an injected <style> or style attribute would not apply either."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; "
        "script-src 'none'; base-uri 'none'; form-action 'none'"
    )


@cache
def _environment() -> Environment:
    # imported here: every run loads the format registry, few write HTML (Jinja2 costs 40 ms)
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader(__name__, "templates"),
        autoescape=True,  # every value is text to show, never markup
        undefined=StrictUndefined,  # a misspelt field fails the tests instead of vanishing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
