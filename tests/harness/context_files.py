"""`just refresh-context`: regenerate the generated AI-context files shipped in the template.

A generated project's `just ci` fails when `.llms/openapi.yaml`, `.llms/schema.sql` (and,
with the docs site, `docs/reference/api.md`) differ from what its code produces, so the
template must ship them up to date for every variant. This script renders probe variants,
runs each one's `scripts/update_context.py`, and writes the template files back: values
that come from answers become Jinja expressions, and lines that exist only with OAuth
sign-in become `{% if oauth_providers %}` blocks. Run it after changing routes, schemas
or models; the variants' `just ci` in the harness proves the result.
"""

import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.harness.project import UV, python_for
from tests.harness.render import KIT_ROOT, render

PROBE_NAME = "Context Probe Service"
GENERATED = {
    ".llms/openapi.yaml": "template/.llms/openapi.yaml.jinja",
    ".llms/schema.sql": "template/.llms/schema.sql",
    "docs/reference/api.md": "template/{% if docs_site %}docs{% endif %}/reference/api.md.jinja",
}
TOGGLE = "oauth_providers"


def generate(destination: Path, answers: dict[str, object]) -> dict[str, str]:
    project = render(destination, {"project_name": PROBE_NAME, **answers})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    env.update(UV_PYTHON=python_for("3.12"), UV_PYTHON_DOWNLOADS="never")
    subprocess.run([str(UV), "sync", "--quiet"], cwd=project, env=env, check=True)
    subprocess.run(
        [str(project / ".venv/bin/python"), "scripts/update_context.py"],
        cwd=project,
        env={**env, "PYTHONPATH": str(project / "src")},
        check=True,
        capture_output=True,
    )
    return {name: (project / name).read_text() for name in GENERATED if (project / name).exists()}


def templated(text: str) -> str:
    """Answers back into Jinja: the probe's name, and nothing else varies by answer."""
    if "{%" in text or "{{" in text:
        raise ValueError("generated file contains Jinja syntax; it cannot be templated safely")
    return text.replace(json.dumps(PROBE_NAME), "{{ project_name | tojson }}").replace(
        PROBE_NAME, "{{ project_name }}"
    )


def merge(with_toggle: str, without_toggle: str) -> str:
    """One template giving `with_toggle` when OAuth is on and `without_toggle` when off."""
    ours, theirs = with_toggle.splitlines(keepends=True), without_toggle.splitlines(keepends=True)
    out: list[str] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(ours[a1:a2])
            continue
        out.append(f"{{%- if {TOGGLE} %}}\n")
        out.extend(ours[a1:a2])
        if b2 > b1:
            out.append("{%- else %}\n")
            out.extend(theirs[b1:b2])
        out.append("{%- endif %}\n")
    if out and out[0].startswith("{%-"):
        raise ValueError("a variant-dependent first line cannot be templated with {%- blocks")
    # Each `{%- tag %}` strips the newline before it and keeps the one after it, so the
    # blocks add no blank lines whichever way they render.
    return "".join(out)


def refresh() -> list[Path]:
    with tempfile.TemporaryDirectory(prefix="kit-context-") as directory:
        on = generate(Path(directory) / "on", {})
        off = generate(Path(directory) / "off", {TOGGLE: []})
    written = []
    for name, target in GENERATED.items():
        if name not in on:
            continue
        path = KIT_ROOT / target
        path.parent.mkdir(parents=True, exist_ok=True)
        same = on[name] == off.get(name)
        content = templated(on[name]) if same else merge(templated(on[name]), templated(off[name]))
        path.write_text(content)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in refresh():
        print(f"wrote {path.relative_to(KIT_ROOT)}")
    sys.exit(0)
