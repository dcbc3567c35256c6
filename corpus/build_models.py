"""Rebuild every reference artifact in ``models/`` from the offline sources.

    python -m corpus.build_models   # every artifact but the classifier and calibration
    python -m corpus.build_corpus   # natural text + simulated spinner output
    python -m corpus.train          # classifier.json (span, passage, ranker)
    python -m corpus.calibrate      # calibration.json, fitted on that classifier.json

Needs the build extra (``pip install -e '.[build]'``), Debian ``wordnet-base``,
``mythes-en-us`` and the manuals :data:`corpus.build_term_pairs.SOURCES` lists, and
``../shared`` beside the checkout for the PPS fingerprints. Each step is
deterministic; ``models/MANIFEST.json`` is rewritten with the new checksums. The classifier
depends on the other artifacts, so retrain it after rebuilding them.
"""

from __future__ import annotations

import argparse
import sys
import time

from corpus import (
    build_acronyms,
    build_baselines,
    build_fingerprints,
    build_phrasebook,
    build_spun_names,
    build_term_pairs,
    build_thesaurus,
)
from corpus.artifacts import MODELS, update_manifest


def main(argv: list[str] | None = None) -> int:
    # No options; the parser gives --help its usage instead of a whole build.
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                            epilog="Takes no options; rebuilds every artifact.").parse_args(argv)
    for name, step in (
        ("frequency baselines", build_baselines.build),
        ("thesaurus", build_thesaurus.build),
        ("fingerprints and spin table", build_fingerprints.build),
        ("phrasebook", build_phrasebook.build),
        ("acronym expansions", build_acronyms.build),
        ("spun names", build_spun_names.build),
        ("term pairs", build_term_pairs.build),
    ):
        t = time.time()
        print(f"building {name} ...", file=sys.stderr)
        step(MODELS)
        print(f"  {name}: {time.time() - t:.0f}s", file=sys.stderr)
    manifest = update_manifest(MODELS)
    total = sum(a["bytes"] for a in manifest["artifacts"].values())
    print(f"models/: {total / 1e6:.1f} MB in {len(manifest['artifacts'])} artifacts",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
