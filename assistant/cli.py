"""The `assistant` command line: ingest, doctor, search, ask, chat, batch, eval."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.settings import ConfigError, Settings, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Ask questions about your news articles; answers cite their sources."
    )
    parser.add_argument("--config", type=Path, help="settings file (default: ./assistant.toml if present)")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("ingest", help="add, update and remove articles in the index")
    p.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: the seeds folder)")
    p.add_argument("--rebuild", action="store_true", help="start the index over (re-embeds every article)")
    p.add_argument(
        "--prune",
        action="store_true",
        help="remove indexed articles whose files are gone, wherever they were (even more than half of the index)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask before removing more than half of the index")

    sub.add_parser("doctor", help="check the index (manifest, document store, Chroma, BM25) and say what fixes it")

    p = sub.add_parser("search", help="print the passages retrieved for a question")
    p.add_argument("question")
    p.add_argument("-k", type=int, default=None, help="how many passages (default: top_k setting)")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    _backend_flags(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("chat", help="open the chat TUI (the default command)")
    _backend_flags(p)

    p = sub.add_parser("batch", help="answer a file of questions (JSONL, text or CSV) into JSONL")
    p.add_argument("input", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--resume", action="store_true", help="skip ids already answered in OUTPUT")
    _backend_flags(p)

    p = sub.add_parser("eval", help="score answers and citations against a question file")
    p.add_argument("questions", type=Path)
    p.add_argument("--answers", type=Path, help="answers JSONL from `assistant batch` (default: run the batch)")
    p.add_argument("--report", type=Path, help="write a Markdown report here")
    p.add_argument("--html", type=Path, help="also write an HTML report here")
    p.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE", help="fail below this")
    p.add_argument("--concurrency", type=int, default=1)
    _backend_flags(p)
    return parser


def _backend_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--backend", choices=["ollama", "llamacpp", "extractive"], help="answer backend")
    p.add_argument("--model", help="model name (Ollama) or GGUF path (llamacpp)")


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    backend = getattr(args, "backend", None)
    if backend:
        overrides["backend"] = backend
    model = getattr(args, "model", None)
    if model:
        if (backend or "") == "llamacpp" or model.endswith(".gguf"):
            overrides["llamacpp_model_path"] = Path(model)
        else:
            overrides["ollama_model"] = model
    return load_settings(args.config, **overrides)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.console import BarProgress, ask_yes_no, ingest_progress
    from assistant.ingest.sync import ingest

    progress = ingest_progress()
    confirm = (lambda _question: True) if args.yes else ask_yes_no()
    try:
        report = ingest(
            settings, args.paths or None, rebuild=args.rebuild, progress=progress, prune=args.prune, confirm=confirm
        )
    finally:
        if isinstance(progress, BarProgress) and progress.task is not None:
            progress.close()
    print(report.summary())
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.doctor import run_doctor

    return run_doctor(settings)


class UsageError(Exception):
    """A command-line value that cannot be used; the message says which and what to pass."""


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.retrieval import Searcher

    if args.k is not None and args.k < 1:
        raise UsageError(f"-k must be 1 or more (got {args.k}): e.g. `assistant search \"QUESTION\" -k 5`")
    passages = Searcher(settings).search(args.question, args.k)
    if args.json:
        print(json.dumps({"question": args.question, "passages": [p.to_json() for p in passages]}, ensure_ascii=False))
        return 0
    print(f"Q: {args.question}")
    for i, p in enumerate(passages, start=1):
        scores = ", ".join(f"{k} {v:.3f}" for k, v in p.scores.items())
        print(f"\n[{i}] {p.file}:{p.lines[0]}-{p.lines[1]}  {p.title}")
        print(f"    score {p.score:.4f} ({scores})")
        print("    " + p.text)
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answer_cli import ask

    return ask(settings, args.question, as_json=args.json, explicit_backend=args.backend is not None)


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.tui.app import run

    return run(settings)


def cmd_batch(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.batch import run_batch_cli

    return run_batch_cli(
        settings,
        args.input,
        args.output,
        concurrency=args.concurrency,
        resume=args.resume,
        explicit_backend=args.backend is not None,
    )


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation import run_eval_cli

    return run_eval_cli(
        settings,
        args.questions,
        answers=args.answers,
        report=args.report,
        html=args.html,
        minimums=args.min,
        concurrency=args.concurrency,
        explicit_backend=args.backend is not None,
    )


COMMANDS = {
    "ingest": cmd_ingest,
    "doctor": cmd_doctor,
    "search": cmd_search,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "batch": cmd_batch,
    "eval": cmd_eval,
}


def _known_errors() -> tuple[type[BaseException], ...]:
    """Errors that carry a one-line, actionable message for the user."""
    from assistant.embeddings import EmbeddingError
    from assistant.llms.base import BackendError
    from assistant.store import StoreError

    errors: list[type[BaseException]] = [ConfigError, StoreError, EmbeddingError, BackendError, UsageError]
    try:
        from assistant.prompts import PromptError

        errors.append(PromptError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "chat"
    if args.command is None:
        args.backend = args.model = None
    try:
        settings = _settings(args)
        return COMMANDS[command](args, settings)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except _known_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
