"""An override Hydra's grammar rejects, said in one line that shows how to write it.

Hydra reports a bad override (``scenario=bäseline``, ``years=[1,2``, ``a==b``, ``seed``) over
several lines in the terms of its parser; :func:`describe_parse_error` names the override,
what is wrong with it and how to write it instead. The other errors of Hydra (composition,
config files) are :mod:`sim.config.hydraerrors`'.
"""

from __future__ import annotations

import re

from salesculture.sim.config.configdirs import PRESET_GROUP, config_groups, group_options

CLOSING = {"(": ")", "[": "]", "{": "}"}
HINT = "write KEY=VALUE, e.g. seed=3"


def _unbalanced(value: str) -> str | None:
    """An unclosed quote or bracket in ``value``, or a closing bracket without its opening."""
    stack: list[str] = []
    quote = None
    for char in value:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in CLOSING:
            stack.append(char)
        elif char in CLOSING.values() and (not stack or CLOSING[stack.pop()] != char):
            return f"{char!r} closes nothing"
    if quote:
        return f"the quote {quote} is not closed"
    if stack:
        return f"{stack[-1]!r} is not closed by {CLOSING[stack[-1]]!r}"
    return None


def _allowed(key: str, value: str) -> str:
    """What to do about a value Hydra cannot read: a group's options, or how to quote it."""
    if key in config_groups():
        return f"{key} takes one of {', '.join(group_options(key))}"
    return f"quote it: {key}={value!r}"


def describe_parse_error(text: str, error: Exception) -> str:
    """One line saying why Hydra's grammar rejects the override ``text``, and how to write it."""
    start = f"cannot parse override {text!r}"
    bare = text.lstrip("+~")
    if "=" not in text and not text.startswith("~"):
        if bare in group_options(PRESET_GROUP):
            return f"{start}: not KEY=VALUE; to choose a preset, write {PRESET_GROUP}={bare}"
        return f"{start}: not KEY=VALUE; {HINT}"
    key, _, value = bare.partition("=")
    if not key.strip():
        return f"{start}: no key before '='; {HINT}"
    lines = str(error).splitlines()
    if len(lines) > 1 and lines[0].endswith(text) and "^" in lines[1]:
        at = lines[1].index("^") - (len(lines[0]) - len(text))
        if 0 <= at < len(text):
            char = text[at]
            if at < len(text) - len(value) - 1:
                return (
                    f"{start}: {char!r} cannot be part of a key (keys are ASCII letters, "
                    "digits, '_', '-', '.' and '/')"
                )
            if char in "'\"":
                return f"{start}: the quote {char} is not closed"
            return (
                f"{start}: {char!r} (character {at + 1}) cannot appear in an unquoted value; "
                f"{_allowed(key.strip(), value)}"
            )
    broken = _unbalanced(value)
    if broken:
        return f"{start}: {broken}"
    unexpected = re.search(r"(?:extraneous|mismatched) input '(.*?)'", str(error))
    if unexpected:
        return (
            f"{start}: unexpected {unexpected.group(1)!r} in the value; "
            f"quote a value with special characters: {key}='...'"
        )
    detail = next((line for line in lines if line and not line.startswith("See ")), "")
    return f"{start}: {detail.strip()}; {HINT}"
