"""The typed environment readers: defaults, parsing, and a ConfigError naming the variable on bad input."""

import os

import pytest

from thidua.env import ConfigError, env_bool, env_int, env_list, env_str, load_dotenv

NAME = "THIDUA_TEST_VARIABLE"


@pytest.fixture
def setenv(monkeypatch):
    """Set (or, with None, unset) a variable for one test; monkeypatch restores it afterwards."""

    def _set(value: str | None, name: str = NAME) -> None:
        monkeypatch.setenv(name, "placeholder")  # records the original state, set or not, for the undo
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)

    return _set


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" ON ", True), ("0", False), ("false", False), ("No", False)],
)
def test_env_bool_reads_the_usual_spellings(setenv, raw, expected):
    setenv(raw)
    assert env_bool(NAME, not expected) is expected


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_env_bool_unset_or_empty_gives_the_default(setenv, raw):
    setenv(raw)
    assert env_bool(NAME, True) is True
    assert env_bool(NAME, False) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "có", "truee"])
def test_env_bool_rejects_anything_else_naming_the_variable(setenv, raw):
    setenv(raw)
    with pytest.raises(ConfigError) as excinfo:
        env_bool(NAME, False)
    assert str(excinfo.value) == (
        f"Environment variable {NAME} must be a boolean (1/0, true/false, yes/no, on/off), got {raw!r}."
    )


def test_env_int_parses_and_defaults(setenv):
    setenv(" 42 ")
    assert env_int(NAME, 7) == 42
    setenv("-3")
    assert env_int(NAME, 7) == -3
    setenv("")
    assert env_int(NAME, 7) == 7
    setenv(None)
    assert env_int(NAME, 7) == 7


@pytest.mark.parametrize("raw", ["12a", "1.5", "năm", "0x10"])
def test_env_int_rejects_non_integers_naming_the_variable(setenv, raw):
    setenv(raw)
    with pytest.raises(ConfigError) as excinfo:
        env_int(NAME, 7)
    assert str(excinfo.value) == f"Environment variable {NAME} must be an integer, got {raw!r}."


def test_env_str_default_and_value(setenv):
    setenv(None)
    assert env_str(NAME, "mặc định") == "mặc định"
    setenv("  Hà Nội ")
    assert env_str(NAME, "mặc định") == "Hà Nội"


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_env_str_required_and_missing_or_empty_fails_naming_the_variable(setenv, raw):
    setenv(raw)
    with pytest.raises(ConfigError) as excinfo:
        env_str(NAME)
    assert str(excinfo.value) == f"Environment variable {NAME} is required (see .env.example)."


def test_env_list_splits_on_commas_and_drops_blanks(setenv):
    setenv(" a.example.vn, b.example.vn,, ")
    assert env_list(NAME, ["x"]) == ["a.example.vn", "b.example.vn"]
    setenv(None)
    assert env_list(NAME, ["x"]) == ["x"]


def test_env_list_required_and_missing_fails_naming_the_variable(setenv):
    setenv("")
    with pytest.raises(ConfigError) as excinfo:
        env_list(NAME, None)
    assert str(excinfo.value) == f"Environment variable {NAME} is required (see .env.example)."


def test_load_dotenv_reads_values_and_real_environment_wins(setenv, tmp_path):
    setenv(None, "THIDUA_TEST_A")
    setenv(None, "THIDUA_TEST_B")
    setenv("from the environment", "THIDUA_TEST_C")
    path = tmp_path / ".env"
    path.write_text(
        '# a comment\n\nTHIDUA_TEST_A=1\nTHIDUA_TEST_B = "Đà Nẵng"\nTHIDUA_TEST_C=from the file\n',
        encoding="utf-8",
    )
    load_dotenv(path)
    assert os.environ["THIDUA_TEST_A"] == "1"
    assert os.environ["THIDUA_TEST_B"] == "Đà Nẵng"
    assert os.environ["THIDUA_TEST_C"] == "from the environment"


def test_load_dotenv_rejects_a_line_without_equals_naming_file_and_line(tmp_path):
    path = tmp_path / ".env"
    path.write_text("# fine\nNOT A SETTING\n", encoding="utf-8")
    with pytest.raises(ConfigError) as excinfo:
        load_dotenv(path)
    assert str(excinfo.value) == f"{path}:2: expected KEY=VALUE, got 'NOT A SETTING'."


def test_load_dotenv_without_a_file_or_with_an_empty_path_reads_nothing(setenv, tmp_path):
    setenv(None)
    load_dotenv(tmp_path / "missing.env")
    load_dotenv("")
    assert NAME not in os.environ
