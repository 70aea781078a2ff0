"""The structure the code must keep (docs/architecture.md, STYLE.md), checked by reading it:

- apps in layers: the import graph between apps, imports inside functions counted, has no cycle
  and every import goes down the layers (only the composition root may import every app);
- every model that holds a pilot's data has a scoped queryset (`for_user`);
- views, forms and API modules load tenant-owned objects only through the loader or a scoped
  queryset;
- no module is over 500 lines, not even once its `# fmt: skip` lines are formatted.
"""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from collections import deque
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. An app may import the apps in the layers below its own, never one beside it or
# above it.
LAYERS: list[list[str]] = [
    ["praktijkleren"],
    ["pilots"],
    ["kwalificaties"],
    ["erkenningen"],
    ["deelnemers"],
    ["intake"],
    ["trajecten"],
    ["ondertekening", "leerbanen"],
    ["overeenkomsten", "verklaringen"],
    ["monitoring"],
    ["werkvoorraad", "portaal"],
]
LAYER = {app: i for i, layer in enumerate(LAYERS) for app in layer}
# The composition root: it wires every app together, so it may import them all.
COMPOSITION_ROOT = {
    "praktijkleren/urls.py",
    "praktijkleren/api_urls.py",
    "praktijkleren/demo.py",
    "praktijkleren/management/commands/seed_demo.py",
}
SKIP_PARTS = {"tests", "migrations", ".venv", "node_modules", "static", "templates"}


def app_dirs() -> list[str]:
    return sorted(
        p.name for p in ROOT.iterdir() if (p / "apps.py").is_file() or p.name == "praktijkleren"
    )


def source_files(app: str) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / app).rglob("*.py"))
        if not SKIP_PARTS & set(path.relative_to(ROOT).parts)
    ]


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> places, counting imports inside functions."""
    known = set(app_dirs())
    edges: dict[tuple[str, str], list[str]] = {}
    for app in known:
        for path in source_files(app):
            rel = path.relative_to(ROOT).as_posix()
            if rel in COMPOSITION_ROOT:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in known and top != app:
                        edges.setdefault((app, top), []).append(f"{rel}:{node.lineno}")
    return edges


def find_cycle(edges: dict[tuple[str, str], list[str]]) -> list[str] | None:
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_every_app_has_a_layer():
    assert set(app_dirs()) == set(LAYER), "add a new app to LAYERS (and docs/architecture.md)"


def test_the_apps_import_each_other_without_a_cycle():
    edges = import_edges()
    cycle = find_cycle(edges) or []
    steps = [f"  {a} -> {b}: {edges[(a, b)][0]}" for a, b in itertools.pairwise(cycle)]
    assert not cycle, "import cycle: " + " -> ".join(cycle) + "\n" + "\n".join(steps)


def test_every_import_goes_down_the_layers():
    upward = [
        f"{a} -> {b} ({', '.join(places[:3])})"
        for (a, b), places in sorted(import_edges().items())
        if LAYER[b] >= LAYER[a]
    ]
    assert not upward, "imports that do not go down the layers:\n" + "\n".join(upward)


# --- tenancy -------------------------------------------------------------------------------


def pilot_path(model: type) -> list[str] | None:
    """The foreign-key path from a model to Pilot (breadth first), or None."""
    pilot = apps.get_model("pilots", "Pilot")
    queue: deque[tuple[type, list[str]]] = deque([(model, [])])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if current is pilot:
            return path
        for field in current._meta.get_fields():
            related = getattr(field, "related_model", None)
            forward = (field.many_to_one or field.one_to_one) and field.concrete
            if forward and related and related not in seen:
                seen.add(related)
                queue.append((related, [*path, field.name]))
    if any(f.name == "pilot_id" for f in model._meta.concrete_fields):
        return ["pilot_id"]
    return None


def tenant_models() -> list[type]:
    return [m for m in apps.get_models() if pilot_path(m) is not None]


def test_the_model_walk_finds_the_pilot_data():
    labels = {m._meta.label for m in tenant_models()}
    # A sample across the layers, so a broken walk cannot pass by finding nothing.
    assert {
        "pilots.Membership",
        "deelnemers.DeelnemerEvent",
        "trajecten.VoortgangEntry",
        "praktijkleren.AuditEvent",
        "verklaringen.Registratie",
    } <= labels


def test_every_model_with_pilot_data_has_a_scoped_queryset():
    missing = [
        f"{m._meta.label} (via {'__'.join(pilot_path(m) or [])})"
        for m in tenant_models()
        if not callable(getattr(m._default_manager.all(), "for_user", None))
    ]
    assert not missing, "models with pilot data but no for_user:\n" + "\n".join(missing)


LOADER_MODULE = "pilots/tenancy.py"
FORBIDDEN_CALLS = {"get_object_or_404", "get_list_or_404"}


def is_view_form_or_api(rel: str) -> bool:
    parts = rel.split("/")
    name = parts[-1]
    return (
        "api" in parts[:-1]
        or "views" in parts[:-1]
        or "forms" in parts[:-1]
        or name in ("views.py", "forms.py", "api.py")
        or name.endswith(("_views.py", "_forms.py"))
    )


def unscoped_loads(path: Path, rel: str, tenant_names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scoped: set[int] = set()  # ids of calls that are the receiver of .for_user(...)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "for_user"
        ):
            scoped.add(id(node.func.value))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
            found.append(f"{rel}:{node.lineno}: {func.id}(")
        elif (
            isinstance(func, ast.Attribute)
            and func.attr in ("get", "filter")
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id in tenant_names
            and id(node) not in scoped
        ):
            found.append(f"{rel}:{node.lineno}: {func.value.value.id}.objects.{func.attr}(")
    return found


def test_views_forms_and_api_load_tenant_objects_only_through_the_loader():
    tenant_names = {m.__name__ for m in tenant_models()}
    found: list[str] = []
    for app in app_dirs():
        for path in source_files(app):
            rel = path.relative_to(ROOT).as_posix()
            if rel != LOADER_MODULE and is_view_form_or_api(rel):
                found += unscoped_loads(path, rel, tenant_names)
    assert not found, (
        "tenant-owned objects loaded past the loader (use pilots.tenancy.get_for_user_or_404, "
        "a Scoped*Mixin, or Model.objects.for_user(...)):\n" + "\n".join(found)
    )


def test_the_lint_sees_an_unscoped_load(tmp_path: Path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "def a(pk):\n    return get_object_or_404(Deelnemer, pk=pk)\n"
        "def b(pk):\n    return Deelnemer.objects.get(pk=pk)\n"
        "def c(u):\n    return Deelnemer.objects.filter(x=1).for_user(u)\n"
    )
    found = unscoped_loads(sample, "x/views.py", {"Deelnemer"})
    assert found == ["x/views.py:2: get_object_or_404(", "x/views.py:4: Deelnemer.objects.get("]


# --- module size ---------------------------------------------------------------------------

MAX_LINES = 500


def formatted_lines(path: Path) -> int:
    """Lines of the module once `# fmt: skip` / `# fmt: off` no longer hold the formatter back."""
    text = path.read_text(encoding="utf-8")
    if "fmt: skip" not in text and "fmt: off" not in text:
        return text.count("\n")
    unskipped = text.replace("# fmt: skip", "").replace("# fmt: off", "").replace("# fmt: on", "")
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "format", "--stdin-filename", str(path), "-"],
        input=unskipped,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return result.stdout.count("\n")


@pytest.mark.parametrize("app", sorted(LAYER))
def test_no_module_is_over_500_lines(app: str):
    too_long = []
    for path in source_files(app):
        n = formatted_lines(path)
        if n > MAX_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {n} lines")
    assert not too_long, "split these modules by responsibility:\n" + "\n".join(too_long)
