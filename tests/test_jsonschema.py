"""The JSON Schemas of the fact files: made from the formats, the same as the loader, used by `validate`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migfacts import jsonschemas
from migfacts.errors import Problem
from migfacts.files import read_yaml
from migfacts.formats import SOURCE_FILE
from migfacts.layout import bundled_facts
from migfacts.loader import parse_source
from migfacts.yamlnodes import compose

from helpers import edit, load_generator

ROOT = Path(__file__).resolve().parent.parent
TB = "sources/world-tb-day-2019.yaml"


@pytest.mark.parametrize("kind", sorted(jsonschemas.FILES))
def test_the_schema_files_are_the_formats_written_out(kind):
    """Change formats.py, then write the files again: `migfacts schema KIND > schema/KIND.schema.json`."""
    assert (ROOT / "schema" / jsonschemas.FILES[kind]).read_text(encoding="utf-8") == jsonschemas.dumps(kind)


def test_the_schema_is_valid_json_schema_and_documents_every_key():
    import jsonschema

    schema = json.loads((ROOT / "schema" / "source.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    figure = schema["properties"]["figures"]["items"]
    assert figure["required"] == ["id", "qualifier", "unit", "counts", "period", "places", "topics", "evidence"]
    assert figure["oneOf"] == [{"required": ["value"]}, {"required": ["range"]}]
    assert figure["additionalProperties"] is False
    assert figure["properties"]["value"]["description"].startswith("The number, as a YAML number: 376800")
    for record in (schema["properties"]["source"], figure, schema["properties"]["quotes"]["items"]):
        assert all("description" in spec for spec in record["properties"].values()), record["description"]


def test_every_fact_file_names_its_schema_for_editors():
    for path in sorted(bundled_facts().rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(jsonschemas.MODELINE), path
        target = (path.parent / first.removeprefix(jsonschemas.MODELINE)).resolve()
        kind = "topics" if path.name == "topics.yaml" else "source"
        assert target == (ROOT / "schema" / jsonschemas.FILES[kind]).resolve(), path


def _schema_problems(text: str, kind: str = "source") -> list[str]:
    root, found = compose(text, Path("x.yaml"))
    assert root is not None and not found
    return [f"{p.line}: {p.message}" for p in jsonschemas.problems(Path("x.yaml"), root, kind)]


BASE = (bundled_facts() / TB).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "value: 584",
            "value: many",
            "78: breaks source.schema.json at figures/5/value: 'many' is not of type 'number'",
        ),
        (
            "    value: 584\n",
            "    value: 584\n    colour: red\n",
            "79: breaks source.schema.json at figures/5: Additional properties are not allowed "
            "('colour' was unexpected)",
        ),
        (
            "    unit: active TB cases\n",
            "",
            "77: breaks source.schema.json at figures/5: 'unit' is a required property",
        ),
        (
            "id: tb-active-cases-2018",
            "id: TB Active",
            "77: breaks source.schema.json at figures/5/id: 'TB Active' is not an id (lower-case words joined by "
            "hyphens, like tb-active-cases-2018)",
        ),
        (
            "published: 2019-03-22",
            "published: 2019-02-30",
            "6: breaks source.schema.json at source/published: '2019-02-30' is not a 'date'",
        ),
        (
            "dateline: Geneva",
            "dateline: NO",
            "8: breaks source.schema.json at source/dateline: False is not of type 'string'",
        ),
        (
            "value: 584",
            "value: 584\n    range: {low: 1, high: 2}",
            "77: breaks source.schema.json at figures/5: give exactly one of 'value' or 'range'",
        ),
        (
            "period: 2018",
            "period: 18",
            "71: breaks source.schema.json at figures/4/period: 18 is less than the minimum of 1000",
        ),
        ("unit: active TB cases", "unit: ' '", "80: breaks source.schema.json at figures/5/unit: ' ' is not text"),
    ],
)
def test_the_schema_says_where_a_file_breaks_it(old, new, expected):
    assert expected in _schema_problems(BASE.replace(old, new, 1))


def test_an_unknown_tag_is_no_value_of_any_type():
    """The loader refuses such a file before the schema sees it; the schema refuses it on its own too."""
    root = yaml.compose(BASE.replace("unit: active TB cases", "unit: !!python/object:os.system x", 1))
    problems = [f"{p.line}: {p.message}" for p in jsonschemas.problems(Path("x.yaml"), root, "source")]
    assert problems[0] == (
        "80: breaks source.schema.json at figures/5/unit: 'x' (tagged tag:yaml.org,2002:python/object:os.system) "
        "is not of type 'string'"
    )


def test_the_bundled_files_meet_their_schemas():
    assert _schema_problems(BASE) == []
    assert _schema_problems((bundled_facts() / "topics.yaml").read_text(encoding="utf-8"), "topics") == []


def test_validate_holds_each_file_to_the_schema_file(cli, facts_copy, monkeypatch):
    """A constraint only the schema has (a title of at most 10 characters) is reported by `validate`."""
    schema = json.loads(jsonschemas.schema_file("source").read_text(encoding="utf-8"))
    schema["properties"]["source"]["properties"]["title"]["maxLength"] = 10
    stricter = facts_copy.parent / "stricter.schema.json"
    stricter.write_text(json.dumps(schema), encoding="utf-8")
    monkeypatch.setattr(jsonschemas, "schema_file", lambda kind: stricter)
    jsonschemas._validator.cache_clear()
    jsonschemas._quick_check.cache_clear()
    try:
        result = cli("validate", "--facts", str(facts_copy))
    finally:
        jsonschemas._validator.cache_clear()
        jsonschemas._quick_check.cache_clear()
    assert result.code == 3
    assert result.stderr.splitlines()[:2] == [
        f"{facts_copy / 'sources/c4d-mesoamerica-2019.yaml'}:4: breaks source.schema.json at source/title: "
        "'IOM backs communication for development as a tool to promote regular migration in Mexico and Central "
        "America.' is too long",
        f"{facts_copy / TB}:4: breaks source.schema.json at source/title: 'It’s Time to Think Universal!' is too long",
    ]


def test_validate_reports_a_fault_once_in_the_loaders_words(cli, facts_copy):
    edit(facts_copy / TB, "value: 584", "value: 1,000")
    result = cli("validate", "--facts", str(facts_copy))
    assert result.code == 3
    assert result.stderr.splitlines()[0] == (
        f"{facts_copy / TB}:78: 'value': '1,000' was read by YAML as text, not a number; write 1000"
    )
    assert "breaks source.schema.json" not in result.stderr


def test_the_schema_command_prints_each_schema(cli):
    for kind in ("source", "topics"):
        result = cli("schema", *([] if kind == "source" else [kind]))
        assert (result.code, result.stderr) == (0, "")
        assert json.loads(result.stdout)["$id"] == f"{kind}.schema.json"
    wrong = cli("schema", "figures")
    assert (wrong.code, wrong.stdout) == (2, "")
    assert wrong.stderr == "migfacts: no file format 'figures': give source or topics\n"
    assert cli("schema", "TOPICS").stdout == cli("schema", "topics").stdout


# The schema and the loader agree on data: any value put anywhere in a source file.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=12),
    st.sampled_from(["2019-03-22", "2019-02-30", "2018", "2010/2016", "tb", "about", "KE", "x.txt", "a@b.co"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
DATA = yaml.safe_load(BASE)


def _paths(data, prefix=()):
    """Every place in the data a value can be put: each key of each mapping, each item of each list."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


PATHS = sorted(set(_paths(DATA)), key=repr)


def _put(data, path, value, delete):
    data = json.loads(json.dumps(data, default=str))
    *where, last = path
    target = data
    for step in where:
        target = target[step]
    if delete:
        del target[last]
    else:
        target[last] = value
    return data


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), value=VALUES, delete=st.booleans())
def test_the_schema_lies_between_the_types_and_the_loader(facts_copy, path, value, delete):
    """Put any value anywhere in a source file (or remove a key or an item), written by safe_dump so that
    YAML's spelling is not in play: where the declared types refuse it, the schema does too (an editor
    flags every type error); where the schema refuses it, so does the loader (an editor never flags a
    file that migfacts accepts)."""
    file = facts_copy / TB
    file.write_text(yaml.safe_dump(_put(DATA, path, value, delete), allow_unicode=True, sort_keys=False), "utf-8")
    types: list[Problem] = []
    roots: list = []
    read_yaml(file, SOURCE_FILE, types, roots)
    schema = jsonschemas.problems(file, roots[0], "source")
    loader: list[Problem] = []
    parse_source(file, loader)
    assert not types or schema, types
    assert not schema or loader, schema


def test_the_drafted_header_points_at_the_schema(tmp_path):
    base = tmp_path / "facts"
    shutil.copytree(bundled_facts(), base)
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "source.schema.json", tmp_path / "schema")
    assert jsonschemas.modeline_for(base / "sources" / "new.yaml") == (
        "# yaml-language-server: $schema=../../schema/source.schema.json\n"
    )
    shutil.move(tmp_path / "schema" / "source.schema.json", base / "source.schema.json")
    assert jsonschemas.modeline_for(base / "sources" / "new.yaml") == (
        "# yaml-language-server: $schema=../source.schema.json\n"
    )
    (base / "source.schema.json").unlink()
    assert jsonschemas.modeline_for(base / "sources" / "new.yaml") == ""


def test_a_draft_written_into_a_base_names_the_schema_and_validates(cli, tmp_path):
    root = tmp_path / "facts"
    shutil.copytree(bundled_facts(), root)
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    release = ROOT / "tests" / "data" / "releases" / "release-1.txt"
    result = cli("draft", str(release), "-o", str(root / "sources" / "release-one.yaml"), "--facts", str(root))
    assert result.code == 0, result.stderr
    written = (root / "sources" / "release-one.yaml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../schema/source.schema.json\n# Drafted by")
    check = cli("validate", "--facts", str(root))
    assert (check.code, check.stderr) == (0, "")


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("{}", "a place is {region: NAME} or {country: CODE, name: NAME}"),
        ("{country: KE}", "a place is {region: NAME} or {country: CODE, name: NAME}"),
        ("{region: Worldwide, name: World}", "a place is {region: NAME} or {country: CODE, name: NAME}"),
    ],
)
def test_a_place_has_one_of_its_two_shapes(place, message):
    text = BASE.replace("      - {region: Worldwide}\n", f"      - {place}\n", 1)
    assert text != BASE
    assert [line.split(": ", 1)[1] for line in _schema_problems(text)] == [
        f"breaks source.schema.json at figures/0/places/0: {message}"
    ]


def test_a_period_s_month_is_a_month():
    c4d = (bundled_facts() / "sources" / "c4d-mesoamerica-2019.yaml").read_text(encoding="utf-8")
    problems = _schema_problems(c4d.replace("period: 2019-01", "period: 2019-13", 1))
    assert problems == [
        "42: breaks source.schema.json at figures/1/period: '2019-13' is not a year (2018), a month (2019-01) or a "
        "span of them (2010/2016)"
    ]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=VALUES, delete=st.booleans())
def test_the_quick_check_passes_exactly_what_jsonschema_passes(path, value, delete):
    """fastjsonschema answers first (`passes`); were it to pass what jsonschema refuses, a fault would go
    unreported."""
    data = _put(DATA, path, value, delete)
    assert jsonschemas.passes(data, "source") == (not list(jsonschemas._validator("source").iter_errors(data)))


def test_the_quick_check_agrees_on_every_fact_file_of_the_tests(tmp_path):
    load_generator().generate(tmp_path / "generated", 16, seed=4)
    files = [
        *bundled_facts().rglob("*.yaml"),
        *(ROOT / "tests" / "broken").rglob("*.yaml"),
        *(tmp_path / "generated").rglob("*.yaml"),
    ]
    verdicts = []
    for path in files:
        try:
            root, _ = compose(path.read_text(encoding="utf-8"), path)
        except (UnicodeDecodeError, OSError):
            continue
        if root is None or path.name == "cases.yaml":
            continue
        kind = "topics" if path.name == "topics.yaml" else "source"
        data = jsonschemas.as_data(root)
        strict = not list(jsonschemas._validator(kind).iter_errors(data))
        verdicts.append((str(path.relative_to(path.anchor)), jsonschemas.passes(data, kind), strict))
    assert [verdict for verdict in verdicts if verdict[1] != verdict[2]] == []
    assert {quick for _, quick, _ in verdicts} == {True, False}  # sound files and broken ones among them
