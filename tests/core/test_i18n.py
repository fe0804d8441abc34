"""The English translation: a complete catalogue, and an admin whose app and model names are English."""

import ast
import contextlib
import re
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation.reloader import translation_file_changed

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
OUR_APPS = ("core", "org", "titles", "documents", "campaigns", "awards", "voting")

_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')
_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file as dicts (msgctxt, msgid, msgid_plural, msgstr, msgstr[n], flags), without the
    header and without obsolete entries; read in Python so that no gettext tool is needed."""
    entries, entry, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _LINE.match(line):
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}: cannot read the line {line!r}")
    return [e for e in entries if not e.get("obsolete")]


def _label(entry: dict) -> str:
    context = entry.get("msgctxt")
    return f"[{context}] {entry['msgid']!r}" if context else repr(entry["msgid"])


def _translations(entry: dict) -> list[tuple[str, str]]:
    """(source, translation) pairs: one per plural form, the singular form against msgid and the others against
    msgid_plural."""
    if "msgid_plural" not in entry:
        return [(entry["msgid"], entry.get("msgstr", ""))]
    forms = sorted(k for k in entry if k.startswith("msgstr["))
    return [(entry["msgid"] if i == 0 else entry["msgid_plural"], entry[k]) for i, k in enumerate(forms)]


def test_every_entry_of_the_english_catalogue_is_translated():
    entries = read_po(PO)
    assert len(entries) > 1000  # the whole catalogue was read
    fuzzy = [_label(e) for e in entries if "fuzzy" in e.get("flags", ())]
    untranslated = [_label(e) for e in entries if any(not text for _source, text in _translations(e))]
    assert not fuzzy, f"fuzzy entries in {PO} (check the translation, then remove the fuzzy flag): {fuzzy}"
    assert not untranslated, f"untranslated entries in {PO}: {untranslated}"


def test_translations_keep_the_placeholders_and_markup_of_the_source():
    problems = []
    for entry in read_po(PO):
        plural = "msgid_plural" in entry
        for source, text in _translations(entry):
            wanted, got = sorted(_PLACEHOLDER.findall(source)), sorted(_PLACEHOLDER.findall(text))
            # A singular form may say "one" where the source has %(counter)s.
            if got != wanted and not (plural and set(got) <= set(wanted)):
                problems.append(f"{_label(entry)}: placeholders {got} instead of {wanted}")
            if sorted(_TAG.findall(source)) != sorted(_TAG.findall(text)):
                problems.append(f"{_label(entry)}: HTML tags differ")
    assert not problems


@pytest.fixture(scope="module")
def english():
    """The compiled catalogue, compiled here when it is missing or older than the .po (as `make messages` does)."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        if shutil.which("msgfmt") is None:
            pytest.skip(
                f"{MO} is missing or older than the .po and gettext (msgfmt) is not installed to compile it; "
                "install gettext and run `make messages`"
            )
        with contextlib.chdir(settings.BASE_DIR):
            call_command("compilemessages", locale=["en"], ignore_patterns=[".venv", "var"], verbosity=0)
        # Catalogues are cached per process: drop any read before the compile, as runserver's reloader does.
        translation_file_changed(None, MO)


def test_app_and_plural_model_names_are_english(english):
    with translation.override("en"):
        names = {label: str(apps.get_app_config(label).verbose_name) for label in OUR_APPS}
        unit = apps.get_model("org", "Unit")._meta
        assert (str(unit.verbose_name), str(unit.verbose_name_plural)) == ("unit", "units")
        same = [
            model._meta.label
            for label in OUR_APPS
            for model in apps.get_app_config(label).get_models()
            if str(model._meta.verbose_name) == str(model._meta.verbose_name_plural)
        ]
    assert names == {
        "core": "Core",
        "org": "Organization",
        "titles": "Titles and forms of commendation",
        "documents": "Documents",
        "campaigns": "Emulation movements",
        "awards": "Commendations",
        "voting": "Voting and conferences",
    }
    assert same == [], "models whose English plural is their singular: give them pgettext_lazy('số nhiều', ...)"


@pytest.mark.django_db
def test_the_english_admin_index_names_apps_and_models_in_english(client, english, world):
    client.force_login(world.users["board"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    app_list = {app["app_label"]: app for app in response.context["app_list"]}
    assert app_list["org"]["name"] == "Organization"
    assert app_list["titles"]["name"] == "Titles and forms of commendation"
    assert [model["name"] for model in app_list["org"]["models"]] == [
        "Emulation cluster terms",
        "Emulation clusters, blocs, regions",
        "Individuals",
        "Member units",
        "Provinces/cities",
        "Unit types",
        "Units",
    ]
    page = response.content.decode()
    assert ">Organization<" in page
    assert ">Units<" in page
    assert "Tổ chức" not in page
