"""The Vietnamese catalog: complete, not fuzzy, compiled, and the default language of the UI."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

import thidua

PO_FILE = Path(thidua.__file__).resolve().parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{\{\s*\w+\s*\}\}|\{\w*\}")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)

    @property
    def is_plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def translations(self) -> list[str]:
        return list(self.msgstr_plural.values()) if self.is_plural else [self.msgstr]


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: comments, flags, msgctxt/msgid/msgid_plural/msgstr[n], continued lines.

    Obsolete entries (``#~``) are ignored.
    """
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None  # which field a continuation line extends
    seen_msgstr = False

    def start(lineno: int) -> Entry:
        entry = Entry(line=lineno)
        entries.append(entry)
        return entry

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if current is None or seen_msgstr:
                current, target, seen_msgstr = start(lineno), None, False
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith('"'):
            assert current is not None and target is not None, f"{path}:{lineno}: stray string"
            _append(current, target, ast.literal_eval(line))
            continue
        match = _KEYWORD.match(line)
        assert match, f"{path}:{lineno}: cannot read {line!r}"
        keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
        if keyword in ("msgctxt", "msgid") and (current is None or seen_msgstr):
            if not (keyword == "msgid" and current is not None and current.msgctxt is not None and not seen_msgstr):
                current, seen_msgstr = start(lineno), False
        if keyword.startswith("msgstr"):
            seen_msgstr = True
        name = "msgstr_plural" if index is not None else keyword
        target = (name, int(index) if index is not None else None)
        if name == "msgstr_plural":
            current.msgstr_plural[target[1]] = ""
        elif name == "msgid_plural":
            current.msgid_plural = ""
        _append(current, target, value)
    return entries


def _append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    name, index = target
    if name == "msgstr_plural":
        entry.msgstr_plural[index] += text
    else:
        setattr(entry, name, (getattr(entry, name) or "") + text)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO_FILE.is_file(), f"missing {PO_FILE}"
    return parse_po(PO_FILE)


def _describe(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid!r}"


def test_po_file_has_entries(entries):
    messages = [e for e in entries if e.msgid]
    assert len(messages) > 100, "the catalog looks truncated"


def test_header_declares_vietnamese_and_plural_forms(entries):
    header = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    assert "Language: vi\n" in header.msgstr
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header.msgstr
    assert "charset=UTF-8" in header.msgstr


def test_no_untranslated_entries(entries):
    untranslated = [_describe(e) for e in entries if e.msgid and not all(t.strip() for t in e.translations)]
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_plural_entries_have_one_form(entries):
    wrong = [_describe(e) for e in entries if e.is_plural and sorted(e.msgstr_plural) != [0]]
    assert not wrong, "plural entries need exactly msgstr[0] (nplurals=1):\n" + "\n".join(wrong)


def test_no_fuzzy_entries(entries):
    fuzzy = [_describe(e) or "header" for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries:\n" + "\n".join(fuzzy)


def test_placeholders_are_kept(entries):
    wrong = []
    for entry in entries:
        if not entry.msgid:
            continue
        expected = sorted(_PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in entry.translations:
            if sorted(_PLACEHOLDER.findall(text)) != expected:
                wrong.append(f"{_describe(entry)} → {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_compiled_catalog_exists():
    assert MO_FILE.is_file(), f"missing {MO_FILE}: run `thidua compilemessages -l vi`"


def test_default_language_is_vietnamese():
    assert translation.get_language() == "vi"
    assert translation.gettext("Campaigns") == "Phong trào thi đua"


def test_login_page_is_vietnamese_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Đăng nhập" in content
    assert '<html lang="vi">' in content


def test_english_on_request():
    with translation.override("en"):
        assert translation.gettext("Campaigns") == "Campaigns"
    assert translation.gettext("Campaigns") == "Phong trào thi đua"


def test_login_page_in_english_when_chosen(client, settings):
    """The language switcher (``set_language``) stores the choice in the language cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Sign in" in response.content.decode()


def test_plural_forms_use_the_single_vietnamese_form():
    with translation.override("vi"):
        for n in (1, 2, 5):
            text = translation.ngettext("%(days)s day left", "%(days)s days left", n) % {"days": n}
            assert text == f"còn {n} ngày"


def test_mo_file_matches_po_file(entries):
    """The committed .mo is not stale: every message resolves to the .po's msgstr under "vi"."""
    stale = []
    with translation.override("vi"):
        for entry in entries:
            if not entry.msgid or entry.is_plural:
                continue
            if entry.msgctxt is not None:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                got = translation.gettext(entry.msgid)
            if got != entry.msgstr:
                stale.append(f"{_describe(entry)}: .po {entry.msgstr!r}, .mo {got!r}")
    assert not stale, "recompile with `thidua compilemessages -l vi`:\n" + "\n".join(stale)


@pytest.mark.debian_package("gettext")
def test_catalog_holds_every_message_the_code_marks_for_translation(tmp_path, monkeypatch):
    """Run makemessages over a copy of the package and compare msgids: a new UI string must be translated."""
    import shutil

    from django.core.management import call_command

    assert shutil.which("xgettext"), "GNU gettext (xgettext) is needed: apt-get install gettext"
    package = Path(thidua.__file__).resolve().parent
    copy = tmp_path / "thidua"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["vi"], no_location=True, no_obsolete=True, verbosity=0)
    fresh = {(e.msgctxt, e.msgid) for e in parse_po(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po") if e.msgid}
    committed = {(e.msgctxt, e.msgid) for e in parse_po(PO_FILE) if e.msgid}
    assert sorted(fresh - committed, key=str) == [], "run `make messages` and translate the new entries"
