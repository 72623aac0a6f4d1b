"""The package is what a user installs: re-exports, stubs that match the extension, py.typed."""

import ast
import pathlib

import inscrm
from inscrm import _core

PACKAGE = pathlib.Path(inscrm.__file__).parent


def stub_tree():
    return ast.parse((PACKAGE / "_core.pyi").read_text(encoding="utf-8"))


def test_typed_package_files_are_shipped():
    assert (PACKAGE / "py.typed").exists()
    assert (PACKAGE / "_core.pyi").exists()
    assert inscrm.__version__ == _core.__version__ == inscrm.library_version()


def test_everything_public_in_the_extension_is_re_exported():
    public = {name for name in dir(_core) if not name.startswith("_")}
    assert public <= set(dir(inscrm))
    assert set(inscrm.__all__) <= set(dir(inscrm))
    assert "open" not in inscrm.__all__  # a star import must not shadow the built-in open()


def test_stubs_name_exactly_what_the_extension_has():
    tree = stub_tree()
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    constants = {t.id for n in tree.body if isinstance(n, ast.AnnAssign) for t in [n.target]}
    aliases = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets}
    public = {name for name in dir(_core) if not name.startswith("_")}
    assert public == {n for n in (set(classes) | functions | constants) - aliases if not n.startswith("_")}

    def members(node):  # a stubbed class's methods and properties, with those of its stubbed bases
        own = {n.name for n in node.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("__")}
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in classes:
                own |= members(classes[base.id])
        return own

    for name, node in classes.items():
        runtime = getattr(_core, name)
        if issubclass(runtime, BaseException) or name in ("RowError", "DuplicatePair"):  # named tuples
            continue
        stubbed = members(node)
        actual = {m for m in dir(runtime) if not m.startswith("_")}
        assert stubbed == actual, f"{name}: stub-only {stubbed - actual}, missing from stub {actual - stubbed}"


def test_enum_names_are_the_library_tables():
    assert inscrm.ENUMS["policy_status"][:3] == ("quoted", "applied", "underwriting")
    assert "agent_referral" in inscrm.ENUMS["source"]
    assert inscrm.ENUMS["import_mode"] == ("all_or_nothing", "skip_bad_rows")
