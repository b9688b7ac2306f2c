"""Project-wide checks: migrations, the deployment check, languages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _touyan(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "touyan", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x9$Kp2!vQz7@Lm4#Rt8^Wn1&Yb6*Hc3(Jd5)Fg0_Se-+=Ua{Ie}Ox[Py]" * 2,
        "PERSONAL_DATA_KEY": "a-separate-long-random-key-for-personal-data-0123456789",
        "ALLOWED_HOSTS": "touyan.example.gov.cn",
        "TOUYAN_DATA_DIR": str(tmp_path),
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = _touyan("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deployment_check_flags_development_defaults(tmp_path):
    env = {**os.environ, "DEBUG": "0", "TOUYAN_DATA_DIR": str(tmp_path)}
    for name in ("SECRET_KEY", "PERSONAL_DATA_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = _touyan("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout
    assert "touyan.W001" in result.stderr + result.stdout


@pytest.mark.django_db
def test_chinese_is_the_default_whatever_the_browser_asks(client):
    page = client.get(
        reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert "登录头雁" in page


@pytest.mark.django_db
def test_english_is_one_choice_away(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("accounts:login")}
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in page
    assert "Sign in to Touyan" in page
    assert "登录头雁" not in page


def test_the_console_script_takes_hyphenated_command_names(tmp_path):
    env = {**os.environ, "TOUYAN_DATA_DIR": str(tmp_path)}
    result = _touyan("import-roster", "--help", env=env)
    assert result.returncode == 0, result.stderr
    assert "--commit" in result.stdout and "--skip-invalid" in result.stdout


def test_the_english_catalogue_is_complete():
    from babel.messages.pofile import read_po

    with open(ROOT / "touyan/locale/en/LC_MESSAGES/django.po", "rb") as handle:
        catalogue = read_po(handle)
    missing = [
        m.id
        for m in catalogue
        if m.id and (not all(m.string if isinstance(m.string, tuple) else [m.string]) or m.fuzzy)
    ]
    assert missing == []


def test_the_english_catalogue_names_each_message_once():
    """GNU msgfmt (and so Django's compilemessages) refuses a catalogue that defines a message
    twice, live or obsolete, even where Babel's compiler lets it pass."""
    text = (ROOT / "touyan/locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    ids = re.findall(
        r'^(?:#~ )?(msgctxt "[^\n]*"\n(?:#~ )?)?msgid ((?:"[^\n]*"\n(?:#~ )?)+)', text, re.M
    )
    keys = [
        context + "".join(part.removeprefix("#~ ") for part in body.split("\n"))
        for context, body in ids
    ]
    assert [key for key in set(keys) if keys.count(key) > 1] == []
