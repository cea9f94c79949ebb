"""An index of the seeds plus the news fixtures (three more outlets that agree, disagree or syndicate)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
NEWS = REPO / "tests" / "fixtures" / "news"


@pytest.fixture(scope="session")
def news_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and the fixture articles with their sidecars (the fixtures' README is not an article)."""
    folder = tmp_path_factory.mktemp("news") / "articles"
    shutil.copytree(REPO / "seeds", folder)
    for path in [*NEWS.glob("*.txt"), *NEWS.glob("*.meta.toml")]:
        shutil.copy2(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def news_store(news_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.ingest.sync import ingest

    store = tmp_path_factory.mktemp("news-store")
    ingest(load_settings(store_dir=store, seeds_dir=news_folder))
    return store


@pytest.fixture()
def news_settings(news_store: Path, news_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(news_store))
    monkeypatch.setenv("ASSISTANT_SEEDS_DIR", str(news_folder))
    return load_settings(store_dir=news_store, seeds_dir=news_folder, chat_db=tmp_path / "chats.sqlite3")
