"""Typed readers for environment variables: every setting the product takes comes through here."""

import os


class ConfigError(RuntimeError):
    """A variable is present but malformed, or a required one is missing."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    # An empty value counts as unset: a line left blank in a copy of .env.example means "the default",
    # and a required variable left blank is reported as missing rather than used as "".
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _missing(name: str) -> ConfigError:
    return ConfigError(f"Environment variable {name} is required (see .env.example).")


def env_str(name: str, default: str | None = None) -> str:
    """A string; a default of None makes the variable required."""
    value = _raw(name)
    if value is None:
        if default is None:
            raise _missing(name)
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(
        f"Environment variable {name} must be a boolean (1/0, true/false, yes/no, on/off), got {value!r}."
    )


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"Environment variable {name} must be an integer, got {value!r}.") from exc


def env_list(name: str, default: list[str] | None) -> list[str]:
    """A comma-separated list; a default of None makes the variable required."""
    value = _raw(name)
    if value is None:
        if default is None:
            raise _missing(name)
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def load_dotenv(path) -> None:
    """Read KEY=VALUE lines from a local .env file into os.environ; variables already set win.

    An empty path reads nothing: that is how a run keeps a developer's .env out (ENV_FILE=).
    """
    if not path:
        return
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.readlines()
    except FileNotFoundError:
        return
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE, got {raw.rstrip()!r}.")
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))
