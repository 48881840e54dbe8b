"""STIX 2.1 export: validates with stix2-validator, carries evidence in a property extension, OpenCTI profile."""

from __future__ import annotations

import json
import os

import pytest
from stix2validator import validate_string

from tidings.errors import ExportError
from tidings.export.stix import EXTENSION_ID


def _objects(path):
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert bundle["type"] == "bundle"
    return bundle["objects"]


def _valid(path):
    result = validate_string(path.read_text(encoding="utf-8"))
    assert result.is_valid, [str(e) for e in result.errors]


def test_stix_bundle_validates_and_links_actors_reports_and_evidence(ws, tmp_path):
    out = tmp_path / "bundle.json"
    ws.export("stix", out)
    _valid(out)
    objects = _objects(out)
    by_type = {}
    for o in objects:
        by_type.setdefault(o["type"], []).append(o)
    assert {o["name"] for o in by_type["threat-actor"]} == {"Hamas", "Islamic State - Sinai Province",
                                                            "Salafi jihadists"}
    assert {o["name"] for o in by_type["identity"]} >= {"Egypt", "Israel"}
    assert len(by_type["report"]) == 4
    ids = {o["id"]: o for o in objects}
    attacks = [r for r in by_type["relationship"] if r["relationship_type"] == "assault"]
    assert {(ids[r["source_ref"]]["name"], ids[r["target_ref"]]["name"]) for r in attacks} == {
        ("Hamas", "Egypt"), ("Israel", "Salafi jihadists")}
    dated = next(r for r in attacks if ids[r["source_ref"]]["name"] == "Hamas")
    assert dated["start_time"].startswith("2016-05-02")
    ext = dated["extensions"][EXTENSION_ID]
    assert ext["extension_type"] == "property-extension" and ext["modality"] == "asserted"
    evidence = ext["evidence"]
    assert evidence["quote"] == "Hamas attacked Egypt on 2016-05-02." and evidence["start"] < evidence["end"]
    assert len(evidence["document_hash"]) == 64
    assert dated["confidence"] == 85
    for report in by_type["report"]:
        assert set(report["object_refs"]) <= set(ids)


def test_reexport_gives_the_same_ids(ws, tmp_path):
    ws.export("stix", tmp_path / "a.json")
    ws.export("stix", tmp_path / "b.json")
    assert {o["id"] for o in _objects(tmp_path / "a.json")} == {o["id"] for o in _objects(tmp_path / "b.json")}


def test_opencti_profile_uses_accepted_types_and_keeps_the_fine_type_in_labels(ws, tmp_path):
    out = tmp_path / "octi.json"
    ws.export("stix", out, stix_profile="opencti")
    _valid(out)
    rels = [o for o in _objects(out) if o["type"] == "relationship"]
    assert {r["relationship_type"] for r in rels} <= {"targets", "related-to"}
    assert {label for r in rels for label in r["labels"] if label.startswith("plover:")} == {
        "plover:assault", "plover:consult", "plover:aid", "plover:coerce"}
    targets = [r for r in rels if r["relationship_type"] == "targets"]
    assert targets and all(r["source_ref"].startswith("threat-actor--") for r in targets)


def test_filters_apply_to_the_export(ws, tmp_path):
    out = tmp_path / "hamas.json"
    ws.export("stix", out, actor="Hamas", event_type="AID")
    rels = [o for o in _objects(out) if o["type"] == "relationship"]
    assert [r["labels"][0] for r in rels] == ["plover:aid"]


def test_unwritable_path_is_a_clear_error_and_writes_nothing(ws, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        ws.export("stix", tmp_path / "missing" / "b.json")
    assert not (tmp_path / "missing").exists()
    a_file = tmp_path / "a-file"
    a_file.write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot write"):
        ws.export("stix", a_file / "b.json")
    assert a_file.read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_a_clear_error(ws, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="cannot write"):
            ws.export("stix", locked / "b.json")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
