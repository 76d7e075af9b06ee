"""HTML pieces built as escaped strings (ctglint.markup): what the report pages are made of."""
from lxml import etree

from ctglint.markup import Markup, el, join

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def parse(markup: str):
    return etree.fromstring(markup.encode("utf-8"), PARSER)


def test_text_and_attributes_round_trip_through_an_xml_parser():
    nasty = 'a<b> & "c" \'d\'\tline\nnext'
    root = parse(el("p", {"title": nasty, "data-n": 3}, nasty, el("b", None, "<i>"), " tail", cls="x y"))
    assert root.get("title") == nasty
    assert root.get("class") == "x y"
    assert root.get("data-n") == "3"
    assert root.text == nasty
    assert root[0].tag == "b" and root[0].text == "<i>" and root[0].tail == " tail"


def test_characters_xml_forbids_are_dropped():
    root = parse(el("p", {"title": "a\x0bb"}, "x\x00y\x1fz\ufffe"))
    assert root.text == "xyz"
    assert root.get("title") == "ab"


def test_void_elements_close_themselves_and_others_never_do():
    assert el("br") == "<br/>"
    assert el("span", None, cls="anchor") == '<span class="anchor"></span>'


def test_markup_children_are_inserted_as_they_are_and_none_skipped():
    inner = el("em", None, "x")
    assert el("p", None, None, inner, "&") == "<p><em>x</em>&amp;</p>"
    assert isinstance(join(["<", inner, None]), Markup)
    assert join(["<", inner, None]) == "&lt;<em>x</em>"
