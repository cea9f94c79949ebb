"""The README's configuration reference is the settings' own documentation."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import GROUPS, Settings, load_settings, settings_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_in_exactly_one_group_and_documented() -> None:
    grouped = [name for names in GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(Settings.model_fields) and len(grouped) == len(set(grouped))
    assert all(field.description for field in Settings.model_fields.values())


def test_the_readme_configuration_section_is_generated_from_the_settings() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("<!-- settings:begin -->\n", 1)[1].split("<!-- settings:end -->", 1)[0]
    assert section == settings_markdown(), (
        "regenerate it: python -c 'from assistant.settings import settings_markdown as m; print(m())'"
    )


def test_a_config_file_is_read_without_global_state(tmp_path: Path) -> None:
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text("top_k = 7\n", encoding="utf-8")
    two.write_text("top_k = 9\n", encoding="utf-8")
    assert (load_settings(one).top_k, load_settings(two).top_k, load_settings(one).top_k) == (7, 9, 7)
