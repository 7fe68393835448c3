"""Front matter of generated pages: the same bytes on every machine.

Every page the converter writes starts with YAML front matter that carries its
mark (``generated_by``), so that the writer removes only pages it generated itself.
Strings are written as YAML double-quoted scalars by :func:`yaml_string`, not by
PyYAML, whose pure and C emitters disagree on some characters.
"""

from __future__ import annotations

import json
import re

GENERATED_BY = "scripts/convert.py"
GENERATED_NOTE = (
    "Generated from archive/ by scripts/convert.py: "
    "edit the archive or archive/editorial.yaml, not this file."
)


def front_matter(fields: dict[str, object]) -> str:
    lines = []
    for name, value in fields.items():
        if isinstance(value, list):
            lines.append(
                f"{name}:" + ("".join(f"\n- {yaml_string(item)}" for item in value) or " []")
            )
        elif isinstance(value, int):
            lines.append(f"{name}: {value}")
        else:
            lines.append(f"{name}: {yaml_string(str(value))}")
    return "---\n" + "\n".join(lines) + "\n---\n"


# YAML double-quoted scalars are JSON strings, but a YAML reader refuses some
# characters JSON leaves as they are, and takes others for line breaks.
_YAML_UNSAFE = re.compile(
    "[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)


def yaml_string(text: str) -> str:
    """*text* as a YAML double-quoted scalar: readable, and the same on every machine
    (PyYAML's emitters, pure and C, disagree on some characters)."""
    # What json.dumps(text, ensure_ascii=False) gives, without making a JSON encoder for
    # each of the 14 strings of a page's front matter.
    quoted = json.encoder.encode_basestring(text)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
