"""The synthetic blog every measurement draws from, and the books made of it.

A :class:`SynthBlog` holds what every synthetic book shares: the real blog's words
and titles, its topic signals and free cues, the real archive and editorial layer,
and the seed. :meth:`SynthBlog.posts` gives the
posts of a book of any size, the real ones counted; :meth:`SynthBlog.book` makes the
book folder: the real archive and the synthetic months.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchlib import synth, testbook
from benchlib.corpus import Corpus
from benchlib.feed import label_of


@dataclass(frozen=True, kw_only=True)
class SynthBlog:
    corpus: Corpus
    sprinkles: synth.Sprinkles  # topic signals and free cues
    real_archive: dict[str, bytes]
    real_posts: int
    editorial: str  # the real editorial layer
    seed: int
    scripts: Path | None = None  # another converter and extension to measure

    def posts(self, count: int) -> tuple[synth.SynthPost, ...]:
        """The synthetic posts of a book of *count* posts, the real ones included."""
        return synth.generate_posts(
            count - self.real_posts,
            corpus=self.corpus,
            sprinkles=self.sprinkles,
            seed=self.seed,
            skip_months=frozenset(self.real_archive),
        )

    def archive(self, posts: Sequence[synth.SynthPost]) -> dict[str, bytes]:
        return self.real_archive | synth.text_archive(posts)

    def book(self, path: Path, posts: Sequence[synth.SynthPost]) -> Path:
        """A book of the real archive and *posts*, with the real editorial layer."""
        return testbook.copy_book(
            path, archive=self.archive(posts), editorial=self.editorial, scripts=self.scripts
        )

    def blogger_book(self, path: Path, posts: Sequence[synth.SynthPost], export: bytes) -> Path:
        """A book of *posts* alone, as the Blogger export *export*, with labels for topics."""
        labels = {label_of(slug): [slug] for slug, _ in self.sprinkles.topics}
        return testbook.copy_book(
            path,
            archive={"blog-12-31-2018.xml": export},
            editorial=testbook.tiny_editorial(self.editorial, labels=labels),
            scripts=self.scripts,
        )


def load_blog(*, seed: int, scripts: Path | None = None) -> SynthBlog:
    """The project's real blog, learnt."""
    editorial = testbook.real_editorial()
    return SynthBlog(
        corpus=testbook.load_corpus(),
        sprinkles=testbook.load_sprinkles(editorial),
        real_archive=testbook.real_archive(),
        real_posts=testbook.real_post_count(),
        editorial=editorial,
        seed=seed,
        scripts=scripts,
    )
