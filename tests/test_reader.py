"""Reading input files: what is accepted, what is refused with one line, and the language
each text is read in."""
from __future__ import annotations

import re

import pytest

from unkg.errors import InputError
from unkg.ingest.extract import detect_language
from unkg.ingest.reader import read_source


@pytest.mark.parametrize("raw,message", [
    (b"", "the file is empty"),
    (b"   \n\n", "the file is empty"),
    (b"\x00\x01\x02binary\x00", "binary file, not a text document"),
    ("Résolution adoptée".encode("latin-1"), "not UTF-8 text (undecodable byte at offset 1)"),
])
def test_unreadable_input_is_refused_with_what_to_do(tmp_path, raw, message):
    path = tmp_path / "input.txt"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=re.escape(message)):
        read_source(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")


def test_utf16_with_a_bom_and_utf8_with_a_bom_are_read(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"\xff\xfe" + "Les États parties".encode("utf-16-le"))
    b.write_bytes(b"\xef\xbb\xbf" + "Les États parties".encode("utf-8"))
    assert read_source(a).text == "Les États parties"
    assert read_source(b).text == "Les États parties"
    assert read_source(b).format == "text"


def test_markdown_is_marked_as_markdown(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("---\nsymbol: A/RES/80/1\n---\n# The General Assembly\n", encoding="utf-8")
    assert read_source(path).format == "markdown"


def test_a_pdf_is_read_through_its_text_layer(corpus):
    src = read_source(corpus / "pdf" / "A_RES_73_3-EN.pdf")
    assert src.format == "pdf"
    assert "General Assembly" in src.text
    assert detect_language(src.text) == "en"


@pytest.mark.parametrize("text,lang", [
    ("Les États parties devraient désigner un point de contact pour assurer la communication.", "fr"),
    ("States parties should designate a focal point for communication with the Secretariat.", "en"),
    ("Los Estados partes deberían designar un punto de contacto para la comunicación con la Secretaría.", "es"),
    ("إن الجمعية العامة، إذ تشير إلى قراراتها", "ar"),
    ("Генеральная Ассамблея, ссылаясь на свои резолюции", "ru"),
    ("大会回顾其各项决议", "zh"),
])
def test_language_detection(text, lang):
    assert detect_language(text) == lang


def test_the_reference_report_is_french(reference_report):
    assert detect_language(read_source(reference_report).text) == "fr"
