"""The documentation says what the code does.

- docs/security.md carries the role table exactly as `inscrm permissions` prints it from
  role_allows (src/security/permissions.cpp).
- The README's quickstarts in C++, C and Python use only calls that their whole examples
  (examples/*/quickstart.*, which the tests run) use too, so a renamed call cannot linger in the
  README.
"""

import os
import pathlib
import re
import subprocess

REPO = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("INSCRM_CLI", "inscrm")


def test_security_guide_has_the_role_table_of_the_code():
    printed = subprocess.run([CLI, "permissions"], capture_output=True, text=True, check=True).stdout
    guide = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- permissions-table:begin -->\n(.*?)<!-- permissions-table:end -->", guide, re.S)
    assert match, "docs/security.md lost its permissions-table markers"
    assert match.group(1) == printed, "docs/security.md's role table differs from `inscrm permissions`"


def readme_block(heading, language):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(heading, 1)[1]
    match = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert match, f"README has no {language} block under {heading!r}"
    return match.group(1)


# Calls and API names in a snippet: `name(` and `.name` member access, plus C's INSCRM_ names.
CALL = re.compile(r"(?:\.|\b)([A-Za-z_][A-Za-z0-9_]*)\s*\(|\.([a-z_][a-z0-9_]*)\b|\b(INSCRM_[A-Z0-9_]+)\b")
IGNORED = {"report", "print", "fprintf", "return", "if", "for", "value", "error", "code", "field", "message"}


def api_names(code):
    code = re.sub(r"//.*|/\*.*?\*/|#.*", "", code)  # comments say things; they call nothing
    code = re.sub(r'"[^"\n]*"', '""', code)          # nor do strings
    names = set()
    for m in CALL.finditer(code):
        name = next(g for g in m.groups() if g)
        if name not in IGNORED and len(name) > 2:
            names.add(name)
    return names


def check(heading, language, example):
    snippet = api_names(readme_block(heading, language))
    source = (REPO / "examples" / example).read_text(encoding="utf-8")
    missing = sorted(n for n in snippet if not re.search(rf"\b{re.escape(n)}\b", source))
    assert len(snippet) >= 5, snippet
    assert not missing, f"README {language} quickstart uses {missing}, which examples/{example} never does"


def test_readme_cpp_quickstart_matches_its_example():
    check("## A taste of the C++ API", "cpp", "cpp/quickstart.cpp")


def test_readme_c_quickstart_matches_its_example():
    check("## The same from C", "c", "c/quickstart.c")


def test_readme_python_quickstart_matches_its_example():
    check("## The same from Python", "python", "python/quickstart.py")
