"""The synthetic blog every measurement draws from, and the books made of it.

A :class:`SynthBlog` holds what every synthetic book shares: the real blog's words
and titles, its topic signals and free cues, the catalogue of synthetic sources, the
real archive and editorial layer, and the seed. :meth:`SynthBlog.posts` gives the
posts of a book of any size, the real ones counted; :meth:`SynthBlog.book` makes the
book folder: the real archive and the synthetic months, and only the synthetic
sources its posts cite, in ``references.bib`` and in the editorial layer's
``sources:`` (a cue that matches no post would be reported by the converter).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from benchlib import sources, synth, testbook
from benchlib.corpus import Corpus
from benchlib.feed import label_of
from benchlib.sources import SynthSource


@dataclass(frozen=True, kw_only=True)
class SynthBlog:
    corpus: Corpus
    sprinkles: synth.Sprinkles  # topic signals, real free cues, the synthetic sources
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

    def cited(self, posts: Iterable[synth.SynthPost]) -> tuple[SynthSource, ...]:
        """The synthetic sources *posts* cite, in the catalogue's order."""
        keys = {key for post in posts for key in post.sources}
        return tuple(source for source in self.sprinkles.sources if source.key in keys)

    def book(self, path: Path, posts: Sequence[synth.SynthPost]) -> Path:
        """A book of the real archive and *posts*, citing what they cite."""
        cited = self.cited(posts)
        return testbook.copy_book(
            path,
            archive=self.archive(posts),
            editorial=testbook.with_cues(self.editorial, sources.editorial_cues(cited)),
            scripts=self.scripts,
            extra_references=sources.bibtex(cited),
        )

    def blogger_book(self, path: Path, posts: Sequence[synth.SynthPost], export: bytes) -> Path:
        """A book of *posts* alone, as the Blogger export *export*, with labels for topics."""
        cited = self.cited(posts)
        labels = {label_of(slug): [slug] for slug, _ in self.sprinkles.topics}
        editorial = testbook.tiny_editorial(self.editorial, labels=labels)
        return testbook.copy_book(
            path,
            archive={"blog-12-31-2018.xml": export},
            editorial=testbook.with_cues(editorial, sources.editorial_cues(cited)),
            scripts=self.scripts,
            extra_references=sources.bibtex(cited),
        )


def load_blog(*, seed: int, sources_count: int, scripts: Path | None = None) -> SynthBlog:
    """The project's real blog, learnt, and a catalogue of *sources_count* synthetic sources."""
    editorial = testbook.real_editorial()
    sprinkles = testbook.load_sprinkles(editorial)
    catalogue = sources.generate_sources(sources_count, seed=seed)
    return SynthBlog(
        corpus=testbook.load_corpus(),
        sprinkles=replace(sprinkles, sources=catalogue),
        real_archive=testbook.real_archive(),
        real_posts=testbook.real_post_count(),
        editorial=editorial,
        seed=seed,
        scripts=scripts,
    )
