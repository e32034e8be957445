"""The zh_Hans catalogue is complete, keeps its placeholders, covers the source and is what Django serves.

After adding or changing a UI string:

    DEBUG=1 python manage.py makemessages -l zh_Hans --no-location --no-obsolete --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=bench
    (translate the new entries in locale/zh_Hans/LC_MESSAGES/django.po)
    DEBUG=1 python manage.py compile_translations
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
APPS = ["config", "core", "audit", "approvals", "staff", "notifications", "outbox", "discipline", "authz", "leave", "appraisal",
        "training", "dutyroster"]
# Folders makemessages is told to skip (plus hidden ones, which it skips by default).
SKIPPED_DIRS = {"tests", ".venv", "staticfiles", "__pycache__"}

# %(name)s, %(count)d, %(n)5.2f ... : the name and the conversion must survive translation.
NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
# {% translate "..." %} / {% trans '...' %}, with an optional context "..." / noop / as var after it.
TEMPLATE_TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)(?P<rest>.*?)%\}""", re.S)
TEMPLATE_CONTEXT = re.compile(r"""\bcontext\s+(?P<q>["'])(?P<ctx>.*?)(?P=q)""")
# A one-line string literal (no prefix, so f-strings are not taken) followed directly by the closing parenthesis.
_LITERAL = r"""(?P<lit{n}>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
PY_GETTEXT = re.compile(
    r"(?:(?<![\w.])_|(?<!\w)(?:gettext|gettext_lazy|gettext_noop))\(\s*" + _LITERAL.format(n=1) + r"\s*\)"
)
PY_PGETTEXT = re.compile(
    r"(?<!\w)(?:pgettext|pgettext_lazy)\(\s*" + _LITERAL.format(n=1) + r"\s*,\s*" + _LITERAL.format(n=2) + r"\s*\)"
)
# Only files that really bind _ to a gettext function count their _("...") calls.
UNDERSCORE_IS_GETTEXT = re.compile(r"^from django\.utils\.translation import .*\bas _\b", re.M)


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO_PATH))


def active_entries(po):
    return [entry for entry in po if not entry.obsolete]


def placeholders(text):
    return {(m[1], m[0][-1]) for m in NAMED_PLACEHOLDER.finditer(text)}


def location(entry):
    return entry.occurrences[0][0] + ":" + entry.occurrences[0][1] if entry.occurrences else "?"


def project_files(root, pattern):
    for path in sorted(root.rglob(pattern)):
        parts = path.relative_to(settings.BASE_DIR).parts[:-1]
        if not any(part in SKIPPED_DIRS or part.startswith(".") for part in parts):
            yield path


# (a) complete -------------------------------------------------------------------------------------------------

def test_header_is_for_simplified_chinese(po):
    assert po.metadata["Language"] == "zh_Hans"
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy


def test_catalogue_has_no_untranslated_or_fuzzy_entries(po):
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_plural_entries_have_exactly_one_form(po):
    # zh_Hans has nplurals=1: a msgstr[1] would be dead text that no one reviews.
    wrong = [e.msgid for e in active_entries(po) if e.msgid_plural and sorted(e.msgstr_plural) != [0]]
    assert wrong == []


# (b) placeholders -------------------------------------------------------------------------------------------

def test_translations_keep_their_placeholders(po):
    problems = []
    for entry in active_entries(po):
        if entry.msgid_plural:
            wanted = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            translations = list(entry.msgstr_plural.values())
        else:
            wanted = placeholders(entry.msgid)
            translations = [entry.msgstr]
        for msgstr in translations:
            if placeholders(msgstr) != wanted:
                problems.append(f"{location(entry)}: {entry.msgid!r} -> {msgstr!r}")
    assert problems == [], "placeholders changed in translation:\n" + "\n".join(problems)


# (c) the catalogue covers the source ------------------------------------------------------------------------

def source_msgids():
    """(msgctxt, msgid) -> first place it is used, for literal strings in templates and the apps' Python."""
    found = {}
    base = Path(settings.BASE_DIR)
    template_files = list(project_files(base / "templates", "*.html"))
    for app in APPS:
        template_files += project_files(base / app / "templates", "*.html")
    for path in template_files:
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_TRANSLATE.finditer(text):
            context = TEMPLATE_CONTEXT.search(match["rest"])
            # The translate tag doubles % before looking the msgid up, and makemessages does the same.
            msgid = match["msgid"].replace("%", "%%")
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault((context["ctx"] if context else None, msgid), f"{path.relative_to(base)}:{line}")
    for app in APPS:
        for path in project_files(base / app, "*.py"):
            text = path.read_text(encoding="utf-8")
            underscore = bool(UNDERSCORE_IS_GETTEXT.search(text))
            for match in PY_GETTEXT.finditer(text):
                if match[0].startswith("_(") and not underscore:
                    continue
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault((None, ast.literal_eval(match["lit1"])), f"{path.relative_to(base)}:{line}")
            for match in PY_PGETTEXT.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                key = (ast.literal_eval(match["lit1"]), ast.literal_eval(match["lit2"]))
                found.setdefault(key, f"{path.relative_to(base)}:{line}")
    return found


def test_source_scan_finds_strings():
    # Guards the scanner itself: if the patterns broke, the coverage test below would pass vacuously.
    found = source_msgids()
    assert (None, "Staff directory") in found
    assert (None, "employee number") in found
    assert len(found) > 100


def test_catalogue_covers_the_source(po):
    in_catalogue = {(entry.msgctxt, entry.msgid) for entry in active_entries(po)}
    missing = {key: where for key, where in source_msgids().items() if key not in in_catalogue}
    assert not missing, (
        "strings missing from locale/zh_Hans/LC_MESSAGES/django.po (run makemessages, translate, compile):\n"
        + "\n".join(f"{where}: {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
                    for (ctx, msgid), where in sorted(missing.items(), key=lambda kv: kv[1]))
    )


# (d) Django serves the translations -------------------------------------------------------------------------

def test_rendering_in_chinese_and_english():
    with translation.override("zh-hans"):
        assert translation.gettext("Staff directory") == "人员名录"
        assert translation.gettext("Sign out") == "退出登录"
        assert translation.ngettext("%(total)s record", "%(total)s records", 3) % {"total": 3} == "共 3 条记录"
    with translation.override("en"):
        assert translation.gettext("Staff directory") == "Staff directory"
        assert translation.gettext("Sign out") == "Sign out"


def test_compiled_catalogue_matches_the_po(po):
    # A stale django.mo serves old or missing text: recompile with `manage.py compile_translations`.
    stale = []
    with translation.override("zh-hans"):
        for entry in active_entries(po):
            if entry.msgid_plural and entry.msgctxt:
                served = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
            elif entry.msgid_plural:
                served = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
            elif entry.msgctxt:
                served = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                served = translation.gettext(entry.msgid)
            expected = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
            if served != expected:
                stale.append(f"{entry.msgid!r}: served {served!r}, .po has {expected!r}")
    assert stale == [], "django.mo is out of date:\n" + "\n".join(stale)
