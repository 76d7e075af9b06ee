"""The one way ctglint parses an XML part of a document.

Real OOXML and ODF parts never carry a DOCTYPE, so any part that does is refused
outright (external entities, billion laughs): nothing in it is expanded or fetched.
The parser is configured so that even a DOCTYPE slipping past the byte check is
inert (no entity substitution, no DTD loading, no network, libxml2's size limits on).
"""
from __future__ import annotations

import re
import threading

from lxml import etree

from ctglint.errors import InputError

_local = threading.local()
#: The first start tag of an element; a DOCTYPE may only appear before it.
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _parser() -> etree.XMLParser:
    # lxml parsers must not be shared between threads: one per thread, same settings.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_blank_text=False,
        )
    return parser


def _dtd_error(part: str) -> InputError:
    return InputError(
        "xml-dtd",
        f"XML part {part} declares a DOCTYPE, which Office documents never do; refused as unsafe.",
        f"La partie XML {part} contient un DOCTYPE, ce qu'un document bureautique ne fait jamais : "
        "refusée par sécurité.",
    )


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse ``data`` (the XML part named ``part``) and return its root element.

    Raises :class:`InputError` ``xml-dtd`` for any DOCTYPE and ``corrupt`` for
    malformed XML.
    """
    root_start = _ROOT_START.search(data)
    prolog = data[: root_start.start()] if root_start else data
    if b"<!DOCTYPE" in prolog:
        raise _dtd_error(part)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(
            "corrupt",
            f"Malformed XML in {part}: {exc.msg}.",
            f"XML invalide dans {part} : {exc.msg}.",
        ) from exc
    # Catches a DOCTYPE hidden from the byte check (UTF-16 part, comment in the prolog).
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise _dtd_error(part)
    return root
